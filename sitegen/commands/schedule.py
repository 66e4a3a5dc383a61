"""``sitegen schedule``: when the next future-dated article goes live, or the
next article is taken down (its ``expires``).

Takes the site directory and the build's clock; returns the earliest such
moment after the clock of an article that is not a draft, or None. A scheduled CI
rebuild (or a person) reads the line to know when to build next: the time in
UTC, the same instant in the site's timezone, and the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sitegen.build.bodies import read_site


@dataclass(frozen=True, slots=True)
class Scheduled:
    """The next article to go live."""

    date: datetime
    """Aware."""
    timezone: str
    """site.yaml ``timezone``."""
    source: str


def next_scheduled(site_dir: Path, now: datetime) -> Scheduled | None:
    """The earliest moment after ``now`` a non-draft article goes live or expires
    (either changes the site); ties by file path.

    Raises SiteError when the site has errors (a broken date would hide an article).
    """
    config, articles = read_site(site_dir, now)
    moments = [(a.date, a.source) for a in articles if not a.draft]
    moments.extend((a.expires, a.source) for a in articles if not a.draft and a.expires)
    future = sorted(moment for moment in moments if moment[0] > now)
    if not future:
        return None
    date, source = future[0]
    return Scheduled(date, config.timezone, source)


def format_scheduled(scheduled: Scheduled) -> str:
    """``2026-12-01T08:00:00+00:00 (2026-12-01T09:00:00+01:00 Europe/Brussels) content/x.md``."""
    utc = scheduled.date.astimezone(UTC).isoformat()
    local = scheduled.date.astimezone(ZoneInfo(scheduled.timezone)).isoformat()
    return f"{utc} ({local} {scheduled.timezone}) {scheduled.source}"
