"""Backups: online API under concurrent writes, verification, rotation, restore."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta

import pytest

from chuangcheng_desktop.core.safety import backup as backup_module
from chuangcheng_desktop.core.safety.backup import (
    backup_database,
    backups_to_keep,
    list_backups,
    restore_backup,
    rotate_backups,
)
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from tests.conftest import sample


def test_backup_is_verified_and_restorable_alone(ledger, tmp_path):
    ledger.activities.add(sample("activities"))
    (tmp_path / "data" / "attachments" / "ab").mkdir(parents=True)
    (tmp_path / "data" / "attachments" / "ab" / "ab12.png").write_bytes(b"photo")
    info = backup_database(ledger.path, tmp_path / "backups",
                           attachments_dir=tmp_path / "data" / "attachments")
    assert info.counts["activities"] == 1
    assert (tmp_path / "backups" / "attachments" / "ab" / "ab12.png").read_bytes() == b"photo"
    conn = sqlite3.connect(info.path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT title FROM activities").fetchone()[0] == "文明交通劝导"
    conn.close()
    assert [b.path for b in list_backups(tmp_path / "backups")] == [info.path]


def test_backup_taken_while_another_process_writes(ledger, tmp_path):
    writer = textwrap.dedent(f"""
        from chuangcheng_desktop.core.storage.ledger import Ledger
        with Ledger.open({str(ledger.path)!r}) as ledger:
            for n in range(300):
                ledger.activities.add({{"title": f"活动{{n}}", "category": "志愿服务",
                                        "date": "2026-05-01"}})
    """)
    process = subprocess.Popen([sys.executable, "-c", writer])
    infos = []
    while process.poll() is None:
        infos.append(backup_database(ledger.path, tmp_path / "backups",
                                     now=datetime(2026, 5, 1, 8) + timedelta(seconds=len(infos))))
    assert process.wait() == 0
    infos.append(backup_database(ledger.path, tmp_path / "backups", now=datetime(2026, 5, 2)))
    for info in infos:
        conn = sqlite3.connect(info.path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
    last = sqlite3.connect(infos[-1].path)
    titles = [r[0] for r in last.execute("SELECT title FROM activities ORDER BY rowid")]
    assert titles == [f"活动{n}" for n in range(300)]


def test_failed_backup_says_so_and_leaves_nothing(ledger, tmp_path, monkeypatch):
    ledger.activities.add(sample("activities"))

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_module.os, "replace", disk_full)
    with pytest.raises(UserFacingError, match="备份没有成功"):
        backup_database(ledger.path, tmp_path / "backups")
    assert list((tmp_path / "backups").iterdir()) == []
    assert ledger.activities.count() == 1


def test_restore_backs_up_first_and_gives_identical_results(tmp_path):
    path = tmp_path / "data" / "chuangcheng.db"
    with Ledger.open(path) as ledger:
        ledger.activities.add(sample("activities", title="备份前"))
    saved = backup_database(path, tmp_path / "backups", now=datetime(2026, 6, 1, 9))
    with Ledger.open(path) as ledger:
        ledger.activities.add(sample("activities", title="备份后"))
    safety = restore_backup(saved.path, path, tmp_path / "backups", now=datetime(2026, 6, 1, 10))
    with Ledger.open(path) as ledger:
        assert [r["title"] for r in ledger.activities.list()] == ["备份前"]
    assert safety is not None and safety.counts["activities"] == 2


def test_a_damaged_backup_is_refused(tmp_path):
    path = tmp_path / "data" / "chuangcheng.db"
    with Ledger.open(path) as ledger:
        ledger.activities.add(sample("activities"))
    saved = backup_database(path, tmp_path / "backups")
    data = bytearray(saved.path.read_bytes())
    data[len(data) // 2: len(data) // 2 + 4096] = b"\xff" * 4096
    saved.path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(UserFacingError):
        restore_backup(saved.path, path, tmp_path / "backups")
    assert path.read_bytes() == before


def test_rotation_over_400_days_keeps_today_7_daily_4_weekly_12_monthly(tmp_path):
    start = datetime(2025, 10, 20)
    times: list[datetime] = []
    for day in range(400):
        today = start + timedelta(days=day)
        times += [today.replace(hour=9), today.replace(hour=17)]
        times = backups_to_keep(times, today=today.date())
    today = (start + timedelta(days=399)).date()
    kept = sorted(times, reverse=True)
    assert len(kept) == 2 + 7 + 4 + 12
    assert [t.date() for t in kept[:2]] == [today, today]
    daily = kept[2:9]
    assert [t.date() for t in daily] == [today - timedelta(days=n) for n in range(1, 8)]
    assert all(t.hour == 17 for t in daily)
    weekly = kept[9:13]
    weeks = [t.isocalendar()[:2] for t in weekly]
    assert len(set(weeks)) == 4
    assert all(w < daily[-1].isocalendar()[:2] for w in weeks)
    monthly = kept[13:]
    months = [(t.year, t.month) for t in monthly]
    assert len(set(months)) == 12
    assert months == sorted(months, reverse=True)
    assert months[0] <= (weekly[-1].year, weekly[-1].month)


def test_rotate_deletes_files_on_disk(tmp_path):
    folder = tmp_path / "backups"
    path = tmp_path / "data" / "chuangcheng.db"
    Ledger.open(path).close()
    for day in range(20):
        backup_database(path, folder, now=datetime(2026, 1, 1, 12) + timedelta(days=day))
    deleted = rotate_backups(folder, now=datetime(2026, 1, 20, 13))
    remaining = list_backups(folder)
    assert len(remaining) + len(deleted) == 20
    assert remaining[0].taken_at == datetime(2026, 1, 20, 12)
    # today 1-20; daily 1-19..1-13; weekly: newest left in ISO weeks 3 (1-12), 2 (1-11), 1 (1-4)
    assert [b.taken_at.day for b in remaining] == [20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 4]


def test_two_backups_in_the_same_second_never_overwrite_each_other(tmp_path):
    path = tmp_path / "data" / "chuangcheng.db"
    with Ledger.open(path) as ledger:
        ledger.activities.add(sample("activities", title="第一份"))
    moment = datetime(2026, 6, 1, 9)
    first = backup_database(path, tmp_path / "backups", now=moment)
    with Ledger.open(path) as ledger:
        ledger.activities.add(sample("activities", title="第二份"))
    second = backup_database(path, tmp_path / "backups", now=moment)
    assert first.path != second.path
    assert first.counts["activities"] == 1 and second.counts["activities"] == 2
    # restoring the first within the same second keeps it intact
    restore_backup(first.path, path, tmp_path / "backups", now=moment)
    with Ledger.open(path) as ledger:
        assert [r["title"] for r in ledger.activities.list()] == ["第一份"]
    assert len(list_backups(tmp_path / "backups")) == 3
