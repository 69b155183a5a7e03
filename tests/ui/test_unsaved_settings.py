"""Leaving 设置, or closing the window, with 单位信息 typed but not saved asks to save it."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from chuangcheng_desktop.ui.main_window import PAGES, MainWindow
from tests.ui.conftest import type_text

B = QMessageBox.StandardButton


def _answers(monkeypatch, *answers):
    asked, queue = [], list(answers)

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return queue.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def _nav_click(window, key):
    window.nav.setCurrentRow(PAGES.index(key))  # what a click or ↓ on the menu does


def test_leaving_settings_with_unsaved_profile_asks(qtbot, ledger, settings, monkeypatch):
    ledger.update_profile({"unit_name": "青松社区"})
    window = MainWindow(ledger, settings=settings)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("settings")
    edit = page.inputs["unit_name"]
    edit.clear()
    type_text(qtbot, edit, "松林社区")

    asked = _answers(monkeypatch, B.Cancel)
    _nav_click(window, "home")
    assert len(asked) == 1 and "还没有保存" in asked[0]
    assert window.current_key() == "settings" and edit.text() == "松林社区"

    asked = _answers(monkeypatch, B.Discard)
    _nav_click(window, "home")
    assert window.current_key() == "home"
    assert ledger.profile()["unit_name"] == "青松社区" and edit.text() == "青松社区"

    window.show_page("settings")
    edit.clear()
    type_text(qtbot, edit, "松林社区")
    asked = _answers(monkeypatch, B.Save)
    _nav_click(window, "activities")
    assert window.current_key() == "activities"
    assert ledger.profile()["unit_name"] == "松林社区"
    assert "松林社区" in window.unit_label.text()

    # nothing typed: no question
    asked = _answers(monkeypatch)
    window.show_page("settings")
    _nav_click(window, "home")
    assert asked == [] and window.current_key() == "home"


def test_closing_with_unsaved_profile_asks(qtbot, ledger, settings, monkeypatch):
    window = MainWindow(ledger, settings=settings)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("settings")
    type_text(qtbot, page.inputs["unit_name"], "青松社区")

    asked = _answers(monkeypatch, B.Cancel)
    assert window.close() is False
    assert len(asked) == 1 and window.isVisible()

    asked = _answers(monkeypatch, B.Save)
    assert window.close() is True
    assert ledger.profile()["unit_name"] == "青松社区"


def test_an_invalid_profile_is_not_lost_on_save(qtbot, ledger, settings, monkeypatch):
    window = MainWindow(ledger, settings=settings)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("settings")
    type_text(qtbot, page.inputs["contact_phone"], "12a")
    _answers(monkeypatch, B.Save)
    _nav_click(window, "home")
    assert window.current_key() == "settings"  # not saved, not discarded: the user fixes it
    assert page.inputs["contact_phone"].text() == "12a"
    _answers(monkeypatch, B.Discard)
    assert window.close() is True
