"""The one reading of an export's times, for every import that reads ISO 8601."""

from __future__ import annotations

from datetime import UTC, datetime


def export_moment(value: str) -> datetime | None:
    """A time as exports write it (``2024-03-01T10:00:00.123Z``, or with an
    offset), aware and to the second, its offset kept; one without an offset is
    UTC, which is what the exports that write none mean. None for an empty or
    malformed one: the caller says what that costs the post."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.replace(microsecond=0)
