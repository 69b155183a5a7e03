"""当前使用人: named at first start and in 设置; that name is the actor of every change,
the computer login only the fallback."""

from __future__ import annotations

from PySide6.QtCore import Qt

from chuangcheng_desktop.core.storage.ledger import Ledger, current_user
from chuangcheng_desktop.ui.main_window import MainWindow
from chuangcheng_desktop.ui.widgets.current_user import CurrentUserDialog, needs_naming
from tests.conftest import sample
from tests.ui.conftest import type_text


def _last_actor(ledger):
    return ledger.db.execute(
        "SELECT actor FROM audit_log WHERE table_name != 'settings' "
        "ORDER BY rowid DESC LIMIT 1").fetchone()[0]


def test_first_start_names_the_user_and_changes_carry_the_name(qtbot, data_dir):
    with Ledger.open_in(data_dir) as ledger:  # as the app opens it: no actor given
        assert ledger.actor == current_user() and needs_naming(ledger)
        dialog = CurrentUserDialog(ledger)
        qtbot.addWidget(dialog)
        dialog.show()
        type_text(qtbot, dialog.name_edit, "张丽")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == dialog.DialogCode.Accepted
        assert ledger.actor == "张丽" and not needs_naming(ledger)
        ledger.activities.add(sample("activities"))
        assert _last_actor(ledger) == "张丽"
    with Ledger.open_in(data_dir) as again:  # next start, and the command line
        assert again.actor == "张丽"
        again.teams.add(sample("teams"))
        assert _last_actor(again) == "张丽"


def test_settings_changes_the_user_and_empty_falls_back_to_login(qtbot, data_dir, settings):
    with Ledger.open_in(data_dir) as ledger:
        ledger.set_current_user("张丽")
        window = MainWindow(ledger, settings=settings)
        qtbot.addWidget(window)
        window.show()
        box = window.show_page("settings").user_box
        assert box.name_edit.text() == "张丽"
        box.name_edit.clear()
        type_text(qtbot, box.name_edit, "李明")
        qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
        assert "李明" in box.message_label.text()
        assert window.user_label.text() == "当前使用人：李明"
        problem = ledger.problems.add(sample("problems"))
        assert _last_actor(ledger) == "李明"
        assert ledger.problems.actor == "李明"
        box.name_edit.clear()
        qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
        assert ledger.actor == current_user()
        ledger.problems.soft_delete(problem["id"])
        assert _last_actor(ledger) == current_user()
        window.close()


def test_the_window_asks_for_the_user_on_first_start_only(qtbot, data_dir, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from chuangcheng_desktop.ui import app as app_module
    from chuangcheng_desktop.ui.single_instance import SingleInstance

    asked = []

    def answer(dialog):
        asked.append(dialog)
        dialog.name_edit.setText("王芳")
        dialog.save()
        return 1

    monkeypatch.setattr(app_module.CurrentUserDialog, "exec", answer)
    monkeypatch.setattr(QApplication, "exec", lambda self=None: 0)
    for _start in range(2):
        ledger = Ledger.open_in(data_dir)
        instance = SingleInstance(data_dir)
        try:
            assert app_module._run_window(QApplication.instance(), ledger, instance) == 0
        finally:
            instance.release()
        for widget in QApplication.topLevelWidgets():
            widget.hide()
            widget.deleteLater()
    assert len(asked) == 1
    with Ledger.open_in(data_dir) as again:
        assert again.actor == "王芳"
