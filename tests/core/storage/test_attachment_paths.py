"""A crafted fingerprint or a symlink never reaches a file outside the store (fault 11)."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime

import pytest

from chuangcheng_desktop.core.safety.backup import backup_database
from chuangcheng_desktop.core.storage.attachments import attach_file, attachment_file
from chuangcheng_desktop.core.storage.errors import ValidationError
from tests.conftest import sample

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def outside(tmp_path):
    secret = tmp_path / "outside" / "secret.png"
    secret.parent.mkdir()
    secret.write_bytes(PNG + b"secret")
    return secret


def test_a_crafted_fingerprint_is_refused_when_saved(ledger):
    activity = ledger.activities.add(sample("activities"))
    for crafted in ("/" * 50 + "/tmp/x.png", "../" * 21 + "x", "g" * 64):
        with pytest.raises(ValidationError, match="文件指纹"):
            ledger.attachments.add({"sha256": crafted, "owner_table": "activities",
                                    "owner_id": activity["id"]})


def test_a_crafted_fingerprint_in_the_file_gives_no_path_outside(ledger, data_dir, outside):
    activity = ledger.activities.add(sample("activities"))
    store = data_dir / "attachments"
    store.mkdir(parents=True)
    crafted = "./" * 22 + "../../outside/secret"  # 64 characters: <store>/../../outside
    assert len(crafted) == 64 and (store / crafted).with_suffix(".png").resolve() == outside
    conn = sqlite3.connect(ledger.path)  # written behind the app's back
    conn.execute("INSERT INTO attachments (id, created_at, updated_at, size, sha256, "
                 "original_name, owner_table, owner_id, role) "
                 "VALUES ('x', '', '', 1, ?, 'a.png', 'activities', ?, '现场照片')",
                 [crafted, activity["id"]])
    conn.commit()
    conn.close()
    row = ledger.attachments.get("x")
    path = attachment_file(store, row)
    assert not path.exists()
    assert path.resolve().is_relative_to(store.resolve())


def test_a_symlink_in_the_store_is_not_followed_by_reports_or_backups(ledger, data_dir,
                                                                      outside, tmp_path):
    activity = ledger.activities.add(sample("activities"))
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)
    store = data_dir / "attachments"
    row = attach_file(ledger, store, photo, owner_table="activities", owner_id=activity["id"],
                      role="现场照片")
    stored = attachment_file(store, row)
    stored.unlink()
    os.symlink(outside, stored)
    assert not attachment_file(store, row).exists()
    os.symlink(outside.parent, store / "linked-folder")
    backup_database(ledger.path, tmp_path / "backups", attachments_dir=store,
                    now=datetime(2026, 11, 20, 18))
    copied = [p for p in (tmp_path / "backups" / "attachments").rglob("*") if p.is_file()]
    assert not any(p.read_bytes().endswith(b"secret") for p in copied)
