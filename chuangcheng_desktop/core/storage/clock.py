"""Ids and timestamps for records: UUID text ids, ISO 8601 local time, today's date."""

from __future__ import annotations

import os
import uuid
from datetime import date, datetime


def new_id() -> str:
    """A new record id (UUID text, so ledgers from several units can be merged later)."""
    return str(uuid.uuid4())


def new_ids(count: int) -> list[str]:
    """``count`` new record ids at once (the same UUID4 text as :func:`new_id`) from one
    read of the OS random source: a batch of 50,000 costs one system call, not 50,000
    short waits that each hand the interpreter lock back and forth with the window."""
    random = os.urandom(16 * count)
    return [str(uuid.UUID(bytes=random[i:i + 16], version=4)) for i in range(0, 16 * count, 16)]


def local_now_iso() -> str:
    """The current local time as ISO 8601 text, to the second (2026-06-30T14:05:00)."""
    return datetime.now().isoformat(timespec="seconds")


def today() -> date:
    return date.today()


# The columns every record table has: UUID text id and ISO 8601 local timestamps
# (``deleted_at`` set while the record is in the 回收站). Used by every migration that
# creates a record table.
RECORD_COLUMNS = """
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
"""
