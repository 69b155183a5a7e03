"""设置 → 数据安全 → 台账密码: the re-encryption runs on a worker thread while the window
keeps painting; the window's ledger works (read and write) afterwards; a failure leaves the
old ledger as it was and says so in Chinese; there is no 取消 to stop it halfway."""

from __future__ import annotations

import itertools
import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton

from chuangcheng_desktop.core.safety import encryption
from chuangcheng_desktop.core.safety.backup import record_counts
from chuangcheng_desktop.core.storage import cipher
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui.dialogs.password import RecoveryKeyDialog, SetPasswordDialog, UnlockDialog
from chuangcheng_desktop.ui.main_window import MainWindow
from tests.conftest import sample
from tests.ui.conftest import type_text

ACTIVITIES = 1000  # with long content: a ledger of ~15 MB


pytestmark = pytest.mark.usefixtures("no_cipher_keys")


@pytest.fixture
def warnings(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a, **k: shown.append(f"{title}：{text}"))
    return shown


@pytest.fixture
def box(qtbot, ledger, settings, monkeypatch):
    """The password group of a window whose dialogs are answered: new password abc123 (the
    current one, when asked: abc123); the recovery key dialog recorded."""
    window = MainWindow(ledger, settings=settings)
    qtbot.addWidget(window)
    page = window.show_page("settings")
    tab = page.tab_pages["数据安全"]
    page.tabs.setCurrentWidget(tab)

    def fill(self):
        type_text(qtbot, self.current_edit, "abc123")
        type_text(qtbot, self.new_edit, "newpass99" if self.changing else "abc123")
        type_text(qtbot, self.again_edit, "newpass99" if self.changing else "abc123")
        self.save()
        return self.result()

    def unlock(self):
        type_text(qtbot, self.password_edit, "newpass99")
        self.check()
        return self.result()

    monkeypatch.setattr(SetPasswordDialog, "exec", fill)
    monkeypatch.setattr(UnlockDialog, "exec", unlock)
    monkeypatch.setattr(RecoveryKeyDialog, "exec", lambda self: box_keys.append(self.recovery_key))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    box_keys: list[str] = []
    tab.password_box.recovery_keys = box_keys
    return tab.password_box


def fill_ledger(ledger: Ledger, count: int = ACTIVITIES) -> None:
    ledger.activities.add_many([sample("activities", title=f"活动{n}", content="文明劝导" * 200)
                                for n in range(count)])


def on_threads(monkeypatch, name: str) -> list[threading.Thread]:
    """The threads the core function ``encryption.<name>`` runs on."""
    threads: list[threading.Thread] = []
    real = getattr(encryption, name)

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(encryption, name, recording)
    return threads


def test_encrypting_runs_on_a_worker_while_the_window_keeps_ticking(qtbot, box, ledger,
                                                                     monkeypatch, warnings):
    fill_ledger(ledger)
    assert ledger.path.stat().st_size > 2_000_000
    threads = on_threads(monkeypatch, "set_password")
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    window = box.window()
    started = time.perf_counter()
    with qtbot.waitSignal(box.finished, timeout=60000) as blocker:
        assert box.set_password()
        assert not window.centralWidget().isEnabled()  # its ledger is closed meanwhile
        dialog = box.task.progress_dialog
        assert "正在加密台账" in dialog.labelText() and "不能中途取消" in dialog.labelText()
        assert dialog.findChildren(QPushButton) == []  # no 取消
    elapsed = time.perf_counter() - started
    timer.stop()
    assert blocker.args == [True] and warnings == []
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(gaps) > elapsed / 0.05 and max(gaps) < 0.1, (elapsed, max(gaps))

    assert cipher.is_encrypted(ledger.path) and len(box.recovery_keys) == 1
    assert window.centralWidget().isEnabled()
    assert ledger.activities.count() == ACTIVITIES  # the window's ledger: read …
    ledger.activities.add(sample("activities", title="加密后新增"))  # … and write
    ledger.close()
    cipher.forget_keys()
    encryption.unlock(ledger.path, "abc123")  # the new password opens the file
    with Ledger.open(ledger.path) as reopened:
        assert reopened.activities.count() == ACTIVITIES + 1
    ledger.reconnect()


def test_change_and_remove_run_on_a_worker_too(qtbot, box, ledger, monkeypatch, warnings):
    fill_ledger(ledger, 50)
    with qtbot.waitSignal(box.finished, timeout=30000):
        box.set_password()
    changed = on_threads(monkeypatch, "change_password")
    removed = on_threads(monkeypatch, "remove_password")
    with qtbot.waitSignal(box.finished, timeout=30000) as blocker:
        assert box.set_password()  # a change now
    assert blocker.args == [True]
    with qtbot.waitSignal(box.finished, timeout=30000) as blocker:
        assert box.remove_password()
    assert blocker.args == [True] and warnings == []
    assert [t is threading.main_thread() for t in changed + removed] == [False, False]
    assert not cipher.is_encrypted(ledger.path)
    ledger.activities.add(sample("activities", title="解密后新增"))
    assert ledger.activities.count() == 51


def test_a_failure_leaves_the_old_ledger_and_says_why(qtbot, box, ledger, monkeypatch, warnings):
    fill_ledger(ledger, 50)
    at_failure: dict[str, bytes] = {}

    def broken(copy):  # a problem found in the new copy, before it would replace the ledger
        at_failure["ledger"] = ledger.path.read_bytes()
        raise UserFacingError("模拟：副本有问题")

    monkeypatch.setattr(encryption, "verify_references", broken)
    counts = record_counts(ledger.path)
    with qtbot.waitSignal(box.finished, timeout=30000) as blocker:
        assert box.set_password()
    assert blocker.args == [False]
    assert len(warnings) == 1
    assert warnings[0].startswith("台账密码没有改动：") and "台账没有改动" in warnings[0]
    assert box.recovery_keys == []
    assert ledger.path.read_bytes() == at_failure["ledger"]
    assert not cipher.is_encrypted(ledger.path) and not cipher.key_file(ledger.path).exists()
    assert [p.name for p in ledger.path.parent.iterdir() if ".rekey" in p.name] == []
    assert box.window().centralWidget().isEnabled() and box.set_button.isEnabled()
    assert box.set_button.text() == "设置密码…"
    assert record_counts(ledger.path) == counts
    ledger.activities.add(sample("activities", title="失败后新增"))  # the window's ledger works
    assert ledger.activities.count() == 51
