"""A ledger in a folder that cannot be written opens read-only instead of failing (fault 14)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chuangcheng_desktop.core.storage.errors import DatabaseError
from chuangcheng_desktop.core.storage.ledger import Ledger
from tests.conftest import sample


@pytest.fixture
def read_only_data(tmp_path):
    """A data folder holding a ledger with one activity, then made read-only (a read-only
    mount when running as root, who ignores permissions; chmod otherwise)."""
    source = tmp_path / "source"
    with Ledger.open_in(source) as ledger:
        ledger.activities.add(sample("activities"))
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.name == "posix" and os.geteuid() == 0:
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)],
                          capture_output=True).returncode != 0:
            pytest.skip("cannot mount a file system to make read-only")
        shutil.copy(source / "chuangcheng.db", folder)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder
        subprocess.run(["umount", "-l", str(folder)], check=False)
        return
    shutil.copy(source / "chuangcheng.db", folder)
    (folder / "chuangcheng.db").chmod(0o444)
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def _run(*args: str) -> subprocess.CompletedProcess:
    root = str(Path(__file__).resolve().parents[3])
    return subprocess.run([sys.executable, "-m", "chuangcheng_desktop", *args],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": root})


def test_the_ledger_opens_read_only_and_refuses_writes(read_only_data):
    with Ledger.open_in(read_only_data) as ledger:
        assert ledger.db.read_only
        assert [a["title"] for a in ledger.activities.list()] == [sample("activities")["title"]]
        with pytest.raises(DatabaseError, match="只读"):
            ledger.activities.add(sample("activities"))
    assert sorted(p.name for p in read_only_data.iterdir()) == ["chuangcheng.db"]


@pytest.mark.parametrize("args", [["check"], ["stats", "--period", "2026"],
                                  ["export-ledgers", "--period", "2026", "--out", "{out}.xlsx"]])
def test_reading_commands_work_on_a_read_only_folder(read_only_data, tmp_path, args):
    args = [a.replace("{out}", str(tmp_path / "out")) for a in args]
    result = _run(*args, "--data-dir", str(read_only_data))
    assert result.returncode == 0, result.stderr
    assert "只读" not in result.stderr
