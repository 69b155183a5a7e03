"""设置 → 数据安全: backup now, restore (confirmed), check, password, settings; auto backup."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from chuangcheng_desktop.core.safety.backup import list_backups
from chuangcheng_desktop.core.safety.password import password_required
from chuangcheng_desktop.core.storage.settings import get_setting, set_setting
from chuangcheng_desktop.ui.auto_backup import AutoBackup
from chuangcheng_desktop.ui.dialogs.password import PasswordPromptDialog, SetPasswordDialog
from chuangcheng_desktop.ui.main_window import MainWindow
from chuangcheng_desktop.ui.pages.settings_safety import SafetyTab
from tests.conftest import sample
from tests.ui.conftest import type_text


@pytest.fixture
def shown(monkeypatch):
    """information / warning / critical boxes recorded instead of shown."""
    messages: list[tuple[str, str]] = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind,
                            lambda parent, title, text, *a, _k=kind, **kw:
                            messages.append((_k, text)))
    return messages


@pytest.fixture
def window(qtbot, ledger, settings):
    window = MainWindow(ledger, settings=settings)
    qtbot.addWidget(window)
    return window


def _safety_tab(window) -> SafetyTab:
    page = window.show_page("settings")
    tab = page.tab_pages["数据安全"]
    page.tabs.setCurrentWidget(tab)
    return tab


def test_backup_now_lists_the_backup_with_counts(qtbot, window, ledger, data_dir, shown):
    ledger.activities.add(sample("activities"))
    tab = _safety_tab(window)
    assert tab.backup_table.rowCount() == 0
    with qtbot.waitSignal(tab.backup_finished, timeout=10000) as blocker:
        tab.backup_now()
    assert blocker.args == [True]
    assert tab.backup_table.rowCount() == 1
    assert "活动1条" in tab.backup_table.item(0, 1).text()  # known from the backup just taken
    assert list_backups(data_dir / "backups")[0].counts["activities"] == 1
    assert str(data_dir / "backups") == tab.folder_edit.text()
    assert shown == []


def test_restore_shows_the_changes_asks_and_reloads_every_page(qtbot, window, ledger, data_dir,
                                                              shown, answer_yes):
    ledger.activities.add(sample("activities", title="备份里有"))
    tab = _safety_tab(window)
    with qtbot.waitSignal(tab.backup_finished, timeout=10000):
        tab.backup_now()
    activities_page = window.show_page("activities")
    ledger.activities.add(sample("activities", title="备份后新增"))
    activities_page.refresh()
    assert activities_page.model.rowCount() == 2
    tab = _safety_tab(window)
    tab.backup_table.selectRow(0)
    held = []  # the comparison and the swap run on worker threads; the window is held
    tab.restored.connect(lambda: held.append(window.centralWidget().isEnabled()))
    tab.progress.valueChanged.connect(
        lambda _value: held.append(window.centralWidget().isEnabled()))
    with qtbot.waitSignal(window.page("settings").restored, timeout=5000):
        assert tab.restore_selected()
        assert tab.status_label.text() == "正在比较备份与当前台账…"
    assert False in held  # during the swap
    assert window.centralWidget().isEnabled()
    assert "活动：现在 2 条 → 恢复后 1 条" in answer_yes[0]
    assert [r["title"] for r in ledger.activities.list()] == ["备份里有"]
    assert shown and shown[-1][0] == "information" and "恢复前的数据已另存为" in shown[-1][1]
    assert len(list_backups(data_dir / "backups")) == 2  # the state before the restore
    page = window.show_page("activities")  # a stale page reloads from the restored file
    assert page.model.rowCount() == 1


def test_restore_not_confirmed_changes_nothing(qtbot, window, ledger, monkeypatch, shown):
    ledger.activities.add(sample("activities"))
    tab = _safety_tab(window)
    with qtbot.waitSignal(tab.backup_finished, timeout=10000):
        tab.backup_now()
    ledger.activities.add(sample("activities"))
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No)
    assert tab.restore_selected()  # the comparison started
    qtbot.waitUntil(lambda: bool(asked) and tab.task is None, timeout=10000)
    assert ledger.activities.count() == 2
    assert tab.status_label.text() == "" and tab.restore_button.isEnabled()


def test_check_database_reports_ok(qtbot, window, shown):
    tab = _safety_tab(window)
    tab.check()
    qtbot.waitUntil(lambda: tab.task is None, timeout=10000)
    assert "检查结果：正常" in tab.check_label.text()
    assert shown[-1][0] == "information"


def test_settings_are_validated_and_saved(qtbot, window, ledger, tmp_path, monkeypatch, shown):
    tab = _safety_tab(window)
    usb = tmp_path / "U盘"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getExistingDirectory",
                        lambda *a, **k: str(usb))
    tab.choose_folder()
    assert get_setting(ledger.db, "backup_dir") == str(usb)
    assert tab.folder_edit.text() == str(usb)
    tab.default_button.click()
    assert get_setting(ledger.db, "backup_dir") == ""
    tab.recycle_spin.setValue(60)
    tab.recycle_spin.editingFinished.emit()
    assert get_setting(ledger.db, "recycle_bin_days") == 60
    tab.interval_spin.setValue(15)
    tab.interval_spin.editingFinished.emit()
    assert get_setting(ledger.db, "backup_interval_minutes") == 15
    qtbot.waitUntil(lambda: not tab.audit.loading, timeout=10000)  # read on a worker thread
    assert tab.audit.model.lines[0].change == "自动备份间隔（分钟）：30 → 15"


def test_password_set_change_and_remove(qtbot, window, ledger, monkeypatch, answer_yes):
    """Setting the password encrypts the ledger (on a worker) and shows the recovery key
    once; changing asks the current one; removing asks it too and decrypts."""
    from chuangcheng_desktop.core.safety.encryption import unlock
    from chuangcheng_desktop.core.storage import cipher
    from chuangcheng_desktop.ui.dialogs.password import RecoveryKeyDialog, UnlockDialog

    ledger.activities.add(sample("activities"))
    tab = _safety_tab(window)
    box = tab.password_box
    assert box.set_button.text() == "设置密码…"
    shown_keys: list[str] = []
    monkeypatch.setattr(RecoveryKeyDialog, "exec",
                        lambda self: shown_keys.append(self.key_label.text()) or 1)

    def fill_and_save(dialog, current, new, again):
        def run(self):
            type_text(qtbot, self.current_edit, current)
            type_text(qtbot, self.new_edit, new)
            type_text(qtbot, self.again_edit, again)
            self.save()
            return self.result()
        monkeypatch.setattr(SetPasswordDialog, "exec", run)

    def finished(start) -> bool:
        with qtbot.waitSignal(box.finished, timeout=20000) as blocker:
            assert start()
        return blocker.args[0]

    fill_and_save(None, "", "abc123", "abc124")
    assert not box.set_password()  # mismatch: not saved
    assert not cipher.is_encrypted(ledger.path)
    fill_and_save(None, "", "abc123", "abc123")
    assert finished(box.set_password)
    assert cipher.is_encrypted(ledger.path) and len(shown_keys) == 1
    assert ledger.activities.count() == 1  # the window's ledger was reopened, encrypted
    assert box.set_button.text() == "修改密码…"
    fill_and_save(None, "wrong!", "xyz789", "xyz789")
    assert not box.set_password()  # said in the dialog, nothing started
    fill_and_save(None, "abc123", "xyz789", "xyz789")
    assert finished(box.set_password)
    cipher.forget_keys()
    unlock(ledger.path, "xyz789")
    unlock(ledger.path, shown_keys[0])  # the recovery key still opens it

    def type_current(self):
        type_text(qtbot, self.password_edit, "xyz789")
        self.check()
        return self.result()
    monkeypatch.setattr(UnlockDialog, "exec", type_current)
    assert finished(box.remove_password)
    assert not cipher.is_encrypted(ledger.path)
    assert ledger.activities.count() == 1
    assert not password_required(ledger.db)
    qtbot.waitUntil(lambda: not tab.audit.loading, timeout=10000)
    changes = [line.change for line in tab.audit.model.lines if line.record == "台账密码（加密）"]
    assert len(changes) == 3 and "已取消" in changes[0]


def test_password_prompt_needs_the_right_password(qtbot, ledger):
    from chuangcheng_desktop.core.safety.password import set_app_password

    set_app_password(ledger.db, "abc123", actor="甲")
    dialog = PasswordPromptDialog(ledger)
    qtbot.addWidget(dialog)
    type_text(qtbot, dialog.password_edit, "nope")
    dialog.check()
    assert dialog.result() != PasswordPromptDialog.DialogCode.Accepted
    assert "密码不对" in dialog.error_label.text()
    type_text(qtbot, dialog.password_edit, "abc123")
    dialog.check()
    assert dialog.result() == PasswordPromptDialog.DialogCode.Accepted


# --- automatic backups ----------------------------------------------------------------------

def test_auto_backup_only_when_changed(qtbot, window, ledger, data_dir, shown):
    auto = AutoBackup(window, ledger)
    window.auto_backup = auto
    assert auto.backup_if_changed() is None  # nothing changed in a new ledger
    ledger.activities.add(sample("activities"))
    with qtbot.waitSignal(auto.succeeded, timeout=10000):
        assert auto.backup_if_changed() is not None
    assert "已自动备份" in auto.label.text()
    qtbot.waitUntil(lambda: not auto.running)
    assert auto.backup_if_changed() is None
    assert len(list_backups(data_dir / "backups")) == 1
    assert auto.timer.interval() == 30 * 60 * 1000
    set_setting(ledger.db, "backup_interval_minutes", 10, actor="甲")
    auto.apply_interval()
    assert auto.timer.interval() == 10 * 60 * 1000


def test_failed_auto_backup_is_red_and_said(qtbot, window, ledger, tmp_path, shown):
    blocker_file = tmp_path / "not-a-folder"
    blocker_file.write_text("x")
    set_setting(ledger.db, "backup_dir", str(blocker_file / "backups"), actor="甲")
    auto = AutoBackup(window, ledger)
    with qtbot.waitSignal(auto.failed, timeout=10000):
        auto.backup_if_changed()
    assert "c0392b" in auto.label.styleSheet() and "失败" in auto.label.text()
    assert shown and shown[0][0] == "warning" and "备份没有成功" in shown[0][1]


def test_close_backs_up_first_then_closes(qtbot, ledger, data_dir, settings, shown):
    window = MainWindow(ledger, settings=settings)
    qtbot.addWidget(window)
    window.auto_backup = AutoBackup(window, ledger)
    window.show()
    ledger.activities.add(sample("activities"))
    assert not window.close()  # held open while the backup runs
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert len(list_backups(Path(data_dir) / "backups")) == 1
    assert shown == []


def test_backup_list_reads_counts_off_the_gui_thread(qtbot, window, ledger, data_dir):
    from chuangcheng_desktop.core.safety.backup import backup_database

    ledger.activities.add(sample("activities"))
    backup_database(ledger.path, data_dir / "backups")  # taken elsewhere (command line)
    tab = _safety_tab(window)
    tab.load_backups()
    qtbot.waitUntil(lambda: not tab.backup_table.counting(), timeout=10000)
    assert "活动1条" in tab.backup_table.item(0, 1).text()


def test_restore_is_refused_while_another_process_holds_the_ledger(qtbot, window, ledger,
                                                                   shown, answer_yes):
    """Fault 2 in the window: another program has the ledger open; nothing is replaced."""
    import os
    import subprocess
    import sys

    ledger.activities.add(sample("activities", title="备份里有"))
    tab = _safety_tab(window)
    with qtbot.waitSignal(tab.backup_finished, timeout=10000):
        tab.backup_now()
    ledger.activities.add(sample("activities", title="备份后新增"))
    root = str(Path(__file__).resolve().parents[2])
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
         "c.execute('SELECT 1 FROM activities').fetchall(); print('ready', flush=True); "
         "sys.stdin.readline()", str(ledger.path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": root})
    try:
        assert holder.stdout.readline().strip() == "ready"
        tab.backup_table.selectRow(0)
        assert tab.restore_selected()
        qtbot.waitUntil(lambda: tab.task is None, timeout=10000)
    finally:
        holder.communicate("\n", timeout=30)
    assert shown[-1][0] == "warning" and "台账正被另一个程序" in shown[-1][1]
    assert window.centralWidget().isEnabled()
    assert {r["title"] for r in ledger.activities.list()} == {"备份里有", "备份后新增"}
