"""Front matter date values → aware datetimes.

Takes what YAML gives for ``date`` and ``updated`` (a date, a datetime or an
ISO 8601 string) and returns an aware datetime: naive values are in site.yaml
``timezone`` (SPEC §3), aware ones keep their offset. Exists so the whole
build compares and prints dates of one kind only.
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

DATE_EXAMPLES = "2024-03-01 or 2024-03-01T09:30:00+01:00"
"""The forms an author can write, for error messages."""


def to_datetime(value: object, zone: tzinfo) -> datetime:
    """The aware datetime ``value`` means, naive values taken in ``zone``.

    Raises ValueError when ``value`` is not a date, with the reason when there
    is more to say than that (``day is out of range for month``).
    """
    if isinstance(value, str):
        value = _parse_iso(value.strip())
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=zone)
    raise ValueError("")


def _parse_iso(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        reason = str(exc)
        if reason.startswith("Invalid isoformat string"):
            raise ValueError("") from None
        raise ValueError(reason) from None
