"""Front matter date values → aware datetimes.

Takes what YAML gives for ``date`` and ``updated`` (a date, a datetime or an
ISO 8601 string) and returns an aware datetime: naive values are in site.yaml
``timezone`` (SPEC §3), aware ones keep their offset. Exists so the whole
build compares and prints dates of one kind only.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, tzinfo

DATE_EXAMPLES = "2024-03-01 or 2024-03-01T09:30:00+01:00"
"""The forms an author can write, for error messages."""
FIRST_YEAR, LAST_YEAR = 1000, 9998
"""The years a date may have (README: Limits). Every zone and the days the build
adds (the news sitemap's window) stay inside what Python's dates can hold:
``9999-12-31T23:59:59-12:00`` overflowed when made UTC."""
_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})(?::?\d{2}(?:\.\d+)?)?$")


def to_datetime(value: object, zone: tzinfo) -> datetime:
    """The aware datetime ``value`` means, naive values taken in ``zone``.

    Raises ValueError when ``value`` is not a date, with the reason when there
    is more to say than that (``day is out of range for month``).
    """
    if isinstance(value, str):
        value = _parse_iso(value.strip())
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=zone)
    elif isinstance(value, date):
        aware = datetime.combine(value, time(), tzinfo=zone)
    else:
        raise ValueError("")
    if not FIRST_YEAR <= aware.year <= LAST_YEAR or not (
        FIRST_YEAR <= aware.astimezone(UTC).year <= LAST_YEAR
    ):
        raise ValueError(f"the year must be from {FIRST_YEAR} to {LAST_YEAR}")
    return aware


def _parse_iso(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        reason = str(exc)
        offset = _OFFSET.search(text)
        if offset and reason.startswith("offset must be a timedelta"):
            shown = f"{offset[1]}{offset[2]}:{offset[3]}"
            raise ValueError(
                f"the offset {shown} is not a time zone: it must be less than 24 hours"
            ) from None
        if reason.startswith("Invalid isoformat string"):
            raise ValueError("") from None
        raise ValueError(reason) from None
