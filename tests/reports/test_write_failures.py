"""Exports, reports, imports and backups on a read-only folder or a full disk: a message
naming the real cause, nothing left behind, no traceback (fault 9)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.safety.backup import backup_database
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.files import write_atomically
from chuangcheng_desktop.reports.imports.importer import commit_import, preview_import
from chuangcheng_desktop.reports.workbook.ledger_export import export_workbook
from tests.conftest import sample


def _mount_tmpfs(folder: Path, options: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    if os.name != "posix" or os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


@pytest.fixture
def tiny_disk(tmp_path):
    """A 2 MB file system (root only: a real full disk, not a simulated one)."""
    folder = tmp_path / "tiny"
    if not _mount_tmpfs(folder, "size=2m"):
        pytest.skip("mounting a tiny file system needs root")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def read_only_folder(tmp_path):
    folder = tmp_path / "readonly"
    if _mount_tmpfs(folder, "size=64k,ro"):
        yield folder
        subprocess.run(["umount", "-l", str(folder)], check=False)
        return
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):
        pytest.skip("this user can write anywhere")
    yield folder
    folder.chmod(0o755)


def _fill(folder: Path, leave: int) -> None:
    stats = os.statvfs(folder)
    (folder / "filler").write_bytes(b"\0" * max(stats.f_bavail * stats.f_frsize - leave, 0))


def _ledger(tmp_path, activities=200):
    path = tmp_path / "data" / "chuangcheng.db"
    ledger = Ledger.open(path, actor="测试员")
    ledger.activities.add_many([sample("activities", title=f"活动{n}", content="内容" * 200)
                                for n in range(activities)])
    return ledger


def test_an_injected_enospc_is_named_and_the_writers_temp_files_go(tmp_path):
    def write(temp: Path) -> None:
        (temp.parent / "tmpxlsxwriter1").write_bytes(b"x")  # as XlsxWriter leaves beside it
        temp.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(UserFacingError, match="磁盘空间已满"):
        write_atomically(tmp_path / "台账.xlsx", write)
    assert list(tmp_path.iterdir()) == []


def test_a_wrapped_os_error_is_still_named(tmp_path):
    from xlsxwriter.exceptions import FileCreateError

    def write(temp: Path) -> None:
        raise FileCreateError(OSError(errno.ENOSPC, "No space left on device"))

    with pytest.raises(UserFacingError, match="磁盘空间已满"):
        write_atomically(tmp_path / "台账.xlsx", write)


def test_export_and_report_into_a_read_only_folder(tmp_path, read_only_folder):
    with _ledger(tmp_path, 5) as ledger, pytest.raises(UserFacingError, match="只读的或没有写入权限"):
        export_workbook(ledger, Period.year_of(2026), read_only_folder / "台账.xlsx")
    result = subprocess.run(
        [sys.executable, "-m", "chuangcheng_desktop", "report", "--data-dir",
         str(tmp_path / "data"), "--period", "2026", "--out", str(read_only_folder / "总结.docx")],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "只读的或没有写入权限" in result.stderr and "Traceback" not in result.stderr


def test_backup_to_a_read_only_folder_names_the_folder(tmp_path, read_only_folder):
    with _ledger(tmp_path, 5) as ledger, pytest.raises(UserFacingError,
                                                        match="无法写入备份文件夹") as exc:
        backup_database(ledger.path, read_only_folder, now=datetime(2026, 11, 20, 18))
    assert str(read_only_folder) in exc.value.message


def test_export_onto_a_full_disk(tmp_path, tiny_disk):
    with _ledger(tmp_path) as ledger:
        _fill(tiny_disk, 40_000)
        result = subprocess.run(
            [sys.executable, "-m", "chuangcheng_desktop", "export-ledgers", "--data-dir",
             str(ledger.path.parent), "--period", "2026", "--out", str(tiny_disk / "台账.xlsx")],
            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "磁盘空间已满" in result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert [p.name for p in tiny_disk.iterdir()] == ["filler"]


@pytest.mark.parametrize("count, leave", [(20, 8000), (200, 60_000)])  # at COMMIT; mid-way
def test_import_onto_a_full_disk_changes_nothing(tmp_path, tiny_disk, count, leave):
    with _ledger(tmp_path, count) as source:
        export_workbook(source, Period.year_of(2026), tmp_path / "台账.xlsx")
    with Ledger.open(tiny_disk / "chuangcheng.db", actor="测试员") as ledger:
        preview = preview_import(ledger, "activities", tmp_path / "台账.xlsx")
        assert len(preview.accepted) == count
        _fill(tiny_disk, leave)
        with pytest.raises(UserFacingError, match="磁盘空间已满"):
            commit_import(ledger, preview)
        (tiny_disk / "filler").unlink()
        assert ledger.db.execute("SELECT count(*) FROM activities").fetchone()[0] == 0
