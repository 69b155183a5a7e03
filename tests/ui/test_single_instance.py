"""One window per data folder: the second copy brings the first forward and writes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chuangcheng_desktop.ui.single_instance import Claim, SingleInstance, server_name

ROOT = Path(__file__).resolve().parents[2]
SECOND = (
    "import sys\n"
    "from PySide6.QtCore import QCoreApplication\n"
    "from chuangcheng_desktop.ui.single_instance import SingleInstance\n"
    "app = QCoreApplication(sys.argv)\n"
    "print(SingleInstance(sys.argv[1]).claim().value, flush=True)\n"
)


def _second_copy(folder: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", SECOND, str(folder)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_second_copy_brings_the_first_forward(qtbot, tmp_path):
    first = SingleInstance(tmp_path)
    assert first.claim() is Claim.FIRST
    before = _files(tmp_path)
    started = time.monotonic()
    with qtbot.waitSignal(first.activation_requested, timeout=5000):
        process = _second_copy(tmp_path)
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=10000)
    assert process.stdout.read().strip() == "raised"
    assert time.monotonic() - started < 5  # interpreter start-up included
    assert _files(tmp_path) == before  # the second copy wrote nothing
    first.release()


def test_owner_that_does_not_answer_means_data_in_use(qtbot, tmp_path):
    first = SingleInstance(tmp_path)
    assert first.claim() is Claim.FIRST
    first.server.close()  # holds the lock but cannot answer (hung)
    process = _second_copy(tmp_path)
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=10000)
    assert process.stdout.read().strip() == "in_use"
    first.release()


def test_released_or_crashed_owner_frees_the_folder(qtbot, tmp_path):
    first = SingleInstance(tmp_path)
    assert first.claim() is Claim.FIRST
    first.release()
    again = SingleInstance(tmp_path)
    assert again.claim() is Claim.FIRST
    again.release()
    if not hasattr(signal, "SIGKILL"):
        pytest.skip("needs SIGKILL")
    holder = subprocess.Popen(
        [sys.executable, "-c", SECOND + "import time; time.sleep(60)\n", str(tmp_path)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert holder.stdout.readline().strip() == "first"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    after_crash = SingleInstance(tmp_path)
    assert after_crash.claim() is Claim.FIRST  # the dead owner's lock is stale
    after_crash.release()


def test_names_differ_per_folder(tmp_path):
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a" / ".." / "a")


def test_run_app_exits_quietly_when_the_first_window_came_forward(qtbot, tmp_path, monkeypatch):
    from chuangcheng_desktop.ui import app as app_module

    monkeypatch.setattr(app_module.SingleInstance, "claim", lambda self: Claim.RAISED)
    monkeypatch.setattr(app_module.StartupFlow, "open",
                        lambda self: pytest.fail("the second copy must not open the ledger"))
    assert app_module.run_app(data_dir=str(tmp_path / "data")) == 0
    assert not (tmp_path / "data" / "chuangcheng.db").exists()


def test_run_app_says_data_in_use(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from chuangcheng_desktop.ui import app as app_module

    said = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: said.append(text))
    monkeypatch.setattr(app_module.SingleInstance, "claim", lambda self: Claim.IN_USE)
    assert app_module.run_app(data_dir=str(tmp_path / "data")) == 1
    assert "正在被另一个创城台账窗口使用" in said[0]
    assert not (tmp_path / "data" / "chuangcheng.db").exists()
