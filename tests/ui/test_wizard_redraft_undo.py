"""重新生成 in the wizard never throws away edited text without a question, and one 撤销
per section brings the text from before the last 重新生成 back."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.demo.builder import generate_demo_data
from chuangcheng_desktop.reports.summary.drafts import load_draft
from chuangcheng_desktop.ui.report_wizard import ReportWizard
from tests.ui.conftest import type_text

TODAY = date(2026, 6, 30)
EDIT = "（社区核对补充的一句话）"


@pytest.fixture
def demo_ledger(ledger, data_dir):
    generate_demo_data(ledger, paths.attachments_dir(data_dir), scale="community", seed=1,
                       today=TODAY)
    return ledger


def _answer(monkeypatch, button):
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_redraft_asks_when_edited_and_undo_restores(qtbot, demo_ledger, monkeypatch):
    wizard = ReportWizard(demo_ledger, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    wizard.next()
    content = wizard.content_page
    content.section_combo.setCurrentIndex(content.section_combo.findData("publicity"))
    assert not content.undo_button.isEnabled()

    # not edited: no question, the text changes, 撤销 becomes available
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    drafted = list(wizard.context.section("publicity").paragraphs)
    qtbot.mouseClick(content.redraft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.drafting is None, timeout=20000)  # drafted off the GUI thread
    assert asked == []
    assert wizard.context.section("publicity").paragraphs != drafted
    assert content.undo_button.isEnabled()
    qtbot.mouseClick(content.undo_button, Qt.MouseButton.LeftButton)
    assert wizard.context.section("publicity").paragraphs == drafted
    assert not content.undo_button.isEnabled()  # one level only

    # edited: 否 keeps the edit untouched
    edit = content.paragraph_edits[0]
    edit.moveCursor(QTextCursor.MoveOperation.End)
    type_text(qtbot, edit, EDIT)
    edited = list(wizard.context.section("publicity").paragraphs)
    assert edited[0].endswith(EDIT)
    qtbot.mouseClick(content.redraft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.drafting is None, timeout=20000)  # drafted off the GUI thread
    assert len(asked) == 1 and "修改过" in asked[0]
    assert wizard.context.section("publicity").paragraphs == edited
    assert content.paragraph_edits[0].toPlainText().endswith(EDIT)

    # edited: 是 replaces it, and 撤销 brings the edited text back (saved in the draft too)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(content.redraft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.drafting is None, timeout=20000)  # drafted off the GUI thread
    assert len(asked) == 1
    assert not content.paragraph_edits[0].toPlainText().endswith(EDIT)
    qtbot.mouseClick(content.undo_button, Qt.MouseButton.LeftButton)
    assert content.paragraph_edits[0].toPlainText().endswith(EDIT)
    assert wizard.context.section("publicity").edited
    wizard.save_now()
    saved = load_draft(demo_ledger, wizard.draft_id)
    assert saved.section("publicity").paragraphs == edited
    wizard.done(0)


def test_changing_the_period_asks_before_edited_sections_are_redrafted(qtbot, demo_ledger,
                                                                       monkeypatch):
    wizard = ReportWizard(demo_ledger, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.context.section("publicity").paragraphs[0] += EDIT
    wizard.context.section("publicity").edited = True
    basic = wizard.basic_page
    basic.period_combo.setCurrentIndex(basic.period_combo.findData("2026"))
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    wizard.next()
    assert len(asked) == 1 and "修改过的1节" in asked[0]
    assert wizard.currentPage() is basic and wizard.context.period_code == "2026H1"
    assert wizard.context.section("publicity").paragraphs[0].endswith(EDIT)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.drafting is None, timeout=20000)  # drafted off the GUI thread
    assert wizard.context.period_code == "2026" and wizard.currentPage() is not basic
    wizard.done(0)
