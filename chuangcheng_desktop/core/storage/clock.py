"""Ids and timestamps for records: UUID text ids, ISO 8601 local time, today's date."""

from __future__ import annotations

import uuid
from datetime import date, datetime


def new_id() -> str:
    """A new record id (UUID text, so ledgers from several units can be merged later)."""
    return str(uuid.uuid4())


def local_now_iso() -> str:
    """The current local time as ISO 8601 text, to the second (2026-06-30T14:05:00)."""
    return datetime.now().isoformat(timespec="seconds")


def today() -> date:
    return date.today()
