"""The site's timezone, from the dates of its posts.

A WordPress export does not name the site's timezone, but it gives each post
its date twice: as the site showed it (``wp:post_date``) and in UTC
(``wp:post_date_gmt``). Their difference is the site's UTC offset on that
day. One offset all year is a fixed zone (``Etc/GMT-2`` is UTC+2, the sign is
POSIX's); offsets that change with summer time are matched against the IANA
zones, and the zone that explains the most dates is taken. Each article keeps
its own offset either way, so its time is exact whatever the site's zone.
"""

from __future__ import annotations

import zoneinfo
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache

_REGIONS = (
    "Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/",
    "Indian/", "Pacific/",
)  # fmt: skip
_COMMON = (
    "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
    "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Toronto",
    "America/Mexico_City", "America/Sao_Paulo", "America/Argentina/Buenos_Aires",
    "Europe/London", "Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Europe/Rome",
    "Europe/Athens", "Europe/Helsinki", "Europe/Istanbul", "Europe/Moscow", "Africa/Lagos",
    "Africa/Johannesburg", "Africa/Cairo", "Africa/Nairobi", "Asia/Dubai", "Asia/Karachi",
    "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok", "Asia/Jakarta", "Asia/Shanghai",
    "Asia/Singapore", "Asia/Tokyo", "Asia/Seoul", "Australia/Perth", "Australia/Adelaide",
    "Australia/Brisbane", "Australia/Sydney", "Pacific/Auckland",
)  # fmt: skip
_SAMPLES = 400
"""Enough dates to tell zones apart; a large export is sampled evenly."""


def infer_zone(samples: Sequence[tuple[datetime, timedelta]]) -> tuple[str, int]:
    """The zone name for ``samples`` (local time, UTC offset then), and how many it fits.

    A fixed offset (``UTC``, ``Etc/GMT+7``) is preferred when it fits as many
    dates as any zone with summer time.

    Zones that fit equally well are equal for every date of the export; the
    most used one of them is taken (``Europe/Berlin`` rather than
    ``Africa/Ceuta``)."""
    if not samples:
        return "UTC", 0
    offsets = Counter(offset for _, offset in samples)
    usual = _fixed_zone(offsets.most_common(1)[0][0])
    if len(offsets) == 1 and usual is not None:
        return usual, len(samples)
    step = max(1, len(samples) // _SAMPLES)
    picked = sorted(samples)[::step]
    best, best_score = "UTC", -1
    # A fixed offset first: it wins a tie with a zone whose summer time no date shows.
    for name in (*([usual] if usual else []), *_candidates()):
        zone = zoneinfo.ZoneInfo(name)
        score = sum(1 for when, offset in picked if zone.utcoffset(when) == offset)
        if score > best_score:
            best, best_score = name, score
    zone = zoneinfo.ZoneInfo(best)
    return best, sum(1 for when, offset in samples if zone.utcoffset(when) == offset)


def _fixed_zone(offset: timedelta) -> str | None:
    """``UTC`` or ``Etc/GMT±N`` for a whole number of hours; None otherwise."""
    seconds = int(offset.total_seconds())
    if seconds % 3600:
        return None
    hours = seconds // 3600
    if hours == 0:
        return "UTC"
    name = f"Etc/GMT{-hours:+d}"
    return name if name in _available() else None


@cache
def _available() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@cache
def _candidates() -> tuple[str, ...]:
    """The most used zones, then Region/City zones (what WordPress's settings
    offer), then the rest."""
    names = sorted(_available())
    common = [n for n in _COMMON if n in names]
    regional = [n for n in names if n.startswith(_REGIONS) and n not in common]
    rest = [n for n in names if not n.startswith(_REGIONS)]
    return (*common, *regional, *rest)
