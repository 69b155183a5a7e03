"""Photos of a 点位 itself (its look, its boards), besides the photos taken during runs.

Files go into the same content-addressed store as every photo (``core.storage.attachments``);
``checkpoint_photos`` links them to the 点位 (and, for run photos, to the run and result).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from chuangcheng_desktop.core.rules.validation import parse_optional_text
from chuangcheng_desktop.core.storage.attachments import store_file
from chuangcheng_desktop.core.storage.audit import write_audit
from chuangcheng_desktop.core.storage.clock import local_now_iso, new_id
from chuangcheng_desktop.core.storage.errors import RecordNotFoundError
from chuangcheng_desktop.core.storage.ledger import Ledger


def add_checkpoint_photo(ledger: Ledger, attachments_dir: Path, checkpoint_id: str,
                         source: Path, *, caption: str = "",
                         taken_on: date | None = None) -> dict[str, Any]:
    found = ledger.db.execute("SELECT 1 FROM checkpoints WHERE id = ? AND deleted_at IS NULL",
                              [checkpoint_id]).fetchone()
    if found is None:
        raise RecordNotFoundError("找不到该点位，可能已被删除。")
    stored = store_file(attachments_dir, Path(source))
    now = local_now_iso()
    row = {"id": new_id(), "checkpoint_id": checkpoint_id, "sha256": stored.sha256,
           "original_name": Path(source).name, "size": stored.size,
           "taken_on": (taken_on or date.today()).isoformat(),
           "caption": parse_optional_text(caption, max_length=60)}
    with ledger.db.atomic():
        ledger.db.execute(
            "INSERT INTO checkpoint_photos (id, created_at, updated_at, checkpoint_id, sha256, "
            "original_name, size, taken_on, caption) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [row["id"], now, now, checkpoint_id, row["sha256"], row["original_name"], row["size"],
             row["taken_on"], row["caption"]])
        write_audit(ledger.db, table="checkpoints", row_id=checkpoint_id, action="update",
                    actor=ledger.actor, new={"photo": row["original_name"]})
    return row


def remove_checkpoint_photo(ledger: Ledger, photo_id: str) -> None:
    """Take a photo off the 点位 (the row goes to the recycle state; the file stays)."""
    now = local_now_iso()
    with ledger.db.atomic():
        row = ledger.db.execute("SELECT checkpoint_id, original_name FROM checkpoint_photos "
                                "WHERE id = ? AND deleted_at IS NULL", [photo_id]).fetchone()
        if row is None:
            raise RecordNotFoundError("找不到该照片，可能已被移除。")
        ledger.db.execute("UPDATE checkpoint_photos SET deleted_at = ?, updated_at = ? WHERE id = ?",
                          [now, now, photo_id])
        write_audit(ledger.db, table="checkpoints", row_id=row[0], action="update",
                    actor=ledger.actor, old={"photo": row[1]}, new={"photo": None})
