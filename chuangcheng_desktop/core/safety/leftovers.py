"""Leftovers of killed backups and restores: removed at the next backup or start.

A backup is written to ``chuangcheng-….db.tmp`` in the backup folder and a restore copies
its source to ``chuangcheng.db.restore`` in the data folder; a kill in between leaves a
full-size copy (and perhaps its ``-journal``) forever. :func:`remove_leftovers` deletes such
files only when no process is writing them: the file has not changed for a while *and* an
exclusive SQLite lock on it can be taken at once (a backup in progress, or its check,
holds a lock; a copy in progress keeps changing the file).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from pathlib import Path

logger = logging.getLogger(__name__)

BACKUP_LEFTOVERS = ("chuangcheng-*.db.tmp",)
DATA_LEFTOVERS = ("chuangcheng.db.restore",)
JOURNALS = ("-journal", "-wal", "-shm", ".key")  # .key: an encrypted copy's key file
QUIET_SECONDS = 120


def remove_leftovers(folder: Path, patterns: tuple[str, ...], *,
                     quiet_seconds: float = QUIET_SECONDS) -> list[Path]:
    """Delete the leftovers matching ``patterns`` in ``folder`` that nobody is writing."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    candidates: set[Path] = set()
    for pattern in patterns:
        candidates.update(folder.glob(pattern))
        for suffix in JOURNALS:  # a journal whose file is gone
            candidates.update(Path(str(j)[:-len(suffix)]) for j in folder.glob(pattern + suffix))
    for file in sorted(candidates):
        if not _abandoned(file, quiet_seconds):
            continue
        for path in (file, *(file.with_name(file.name + s) for s in JOURNALS)):
            try:
                path.unlink()
                removed.append(path)
            except FileNotFoundError:
                continue
            except OSError as exc:
                logger.warning("could not remove leftover %s: %s", path, exc)
    if removed:
        logger.info("removed %d leftover files in %s", len(removed), folder)
    return removed


def _abandoned(file: Path, quiet_seconds: float) -> bool:
    now = time.time()
    for path in (file, *(file.with_name(file.name + s) for s in JOURNALS)):
        with contextlib.suppress(FileNotFoundError):
            if now - path.stat().st_mtime < quiet_seconds:
                return False
    if not file.exists():
        return True
    try:  # anyone reading or writing it holds a lock; EXCLUSIVE needs none to be held
        conn = sqlite3.connect(file.resolve().as_uri() + "?mode=rw", uri=True, timeout=0)
    except sqlite3.Error:
        return True  # not even openable: nobody can be using it as a database
    try:
        conn.isolation_level = None
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        return not ("locked" in text or "busy" in text)
    except sqlite3.Error:
        return True
    finally:
        conn.close()
