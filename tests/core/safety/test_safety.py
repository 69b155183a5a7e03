"""Change marker, backup folder setting, restore in place, and failed backups."""

from __future__ import annotations

import os
from datetime import datetime

import pytest

from chuangcheng_desktop.core.safety import backup as backup_module
from chuangcheng_desktop.core.safety.backup import backup_database, list_backups
from chuangcheng_desktop.core.safety.safety import (
    backup_needed,
    backups_dir_for,
    change_marker,
    configured_backups_dir,
    restore_ledger,
    restore_preview,
    take_backup,
)
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.settings import set_setting
from tests.conftest import sample


def test_change_marker_moves_with_every_change(ledger, tmp_path):
    backups = tmp_path / "backups"
    start = change_marker(ledger.db)
    assert not backup_needed(ledger.db, backups)  # an untouched new ledger needs none
    row = ledger.activities.add(sample("activities"))
    assert change_marker(ledger.db) > start
    assert backup_needed(ledger.db, backups)
    take_backup(ledger.path, backups)
    assert not backup_needed(ledger.db, backups)
    ledger.activities.soft_delete(row["id"])
    assert backup_needed(ledger.db, backups)


def test_backup_folder_comes_from_the_setting(ledger, data_dir, tmp_path):
    assert backups_dir_for(ledger.db, data_dir) == data_dir / "backups"
    assert configured_backups_dir(ledger.path, data_dir) == data_dir / "backups"
    usb = tmp_path / "U盘" / "创城备份"
    set_setting(ledger.db, "backup_dir", str(usb), actor="甲")
    assert backups_dir_for(ledger.db, data_dir) == usb
    assert configured_backups_dir(ledger.path, data_dir) == usb
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"not a database at all" * 100)
    assert configured_backups_dir(damaged, data_dir) == data_dir / "backups"


def test_restore_in_place_reopens_the_same_ledger_and_brings_photos_back(ledger, data_dir,
                                                                          tmp_path):
    backups = tmp_path / "backups"
    photos = data_dir / "attachments" / "ab"
    photos.mkdir(parents=True)
    (photos / "ab12.jpg").write_bytes(b"photo")
    ledger.activities.add(sample("activities", title="备份里有"))
    saved = take_backup(ledger.path, backups, attachments_dir=data_dir / "attachments").info
    ledger.activities.add(sample("activities", title="备份后新增"))
    (photos / "ab12.jpg").unlink()
    preview = {c.table: (c.now, c.after) for c in restore_preview(ledger.path, saved.path)}
    assert preview["activities"] == (2, 1)
    safety = restore_ledger(ledger, saved.path, backups, attachments_dir=data_dir / "attachments")
    assert [r["title"] for r in ledger.activities.list()] == ["备份里有"]
    assert safety is not None and safety.counts["activities"] == 2
    assert (photos / "ab12.jpg").read_bytes() == b"photo"
    ledger.activities.add(sample("activities", title="恢复后还能写"))
    assert ledger.activities.count() == 2


def test_failed_restore_leaves_the_ledger_open_and_unchanged(ledger, tmp_path):
    ledger.activities.add(sample("activities"))
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    with pytest.raises(UserFacingError):
        restore_ledger(ledger, bad, tmp_path / "backups")
    assert ledger.activities.count() == 1


@pytest.mark.parametrize("error", [(28, "No space left on device"), (13, "Permission denied")])
def test_disk_full_or_permission_denied_during_backup(ledger, tmp_path, monkeypatch, error):
    ledger.activities.add(sample("activities"))
    before = ledger.path.read_bytes()
    backups = tmp_path / "backups"
    backup_database(ledger.path, backups, now=datetime(2026, 1, 1))
    real_copy = backup_module._copy_with_backup_api

    def failing_copy(source, target, progress):
        real_copy(source, target, progress)
        raise OSError(error[0], error[1])

    monkeypatch.setattr(backup_module, "_copy_with_backup_api", failing_copy)
    with pytest.raises(UserFacingError, match=r"备份没有成功.*台账数据没有变化"):
        take_backup(ledger.path, backups)
    assert ledger.path.read_bytes() == before
    assert [b.taken_at for b in list_backups(backups)] == [datetime(2026, 1, 1)]
    assert [p.name for p in backups.iterdir() if p.suffix == ".tmp"] == []
    assert ledger.activities.count() == 1


def test_read_only_backup_folder_is_reported(ledger, tmp_path):
    if os.name == "nt" or os.geteuid() == 0:
        pytest.skip("needs a POSIX user without root's override of permissions")
    folder = tmp_path / "readonly"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(UserFacingError, match="无法写入备份文件夹"):
            take_backup(ledger.path, folder)
    finally:
        folder.chmod(0o700)


def test_repositories_held_before_a_restore_work_after_it(ledger, tmp_path):
    activities = ledger.activities  # a page keeps its repository
    activities.add(sample("activities", title="备份里有"))
    saved = take_backup(ledger.path, tmp_path / "backups").info
    activities.add(sample("activities", title="备份后新增"))
    restore_ledger(ledger, saved.path, tmp_path / "backups")
    assert activities is ledger.activities
    assert [r["title"] for r in activities.list()] == ["备份里有"]


def test_backup_during_writes_restores_to_an_identical_query_result(ledger, tmp_path):
    import sqlite3
    import subprocess
    import sys
    import textwrap

    writer = textwrap.dedent(f"""
        from chuangcheng_desktop.core.storage.ledger import Ledger
        with Ledger.open({str(ledger.path)!r}) as ledger:
            for n in range(400):
                ledger.activities.add({{"title": f"活动{{n}}", "category": "志愿服务",
                                        "date": "2026-05-01", "participant_count": n}})
    """)
    process = subprocess.Popen([sys.executable, "-c", writer])
    taken = []
    while process.poll() is None or not taken:
        taken.append(take_backup(ledger.path, tmp_path / "backups").info)
    assert process.wait() == 0
    middle = taken[len(taken) // 2]
    query = "SELECT id, title, participant_count FROM activities ORDER BY rowid"
    conn = sqlite3.connect(middle.path)
    expected = conn.execute(query).fetchall()
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    restore_ledger(ledger, middle.path, tmp_path / "backups")
    assert ledger.db.execute(query).fetchall() == expected
    assert ledger.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
