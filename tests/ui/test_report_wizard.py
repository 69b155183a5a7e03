"""The summary wizard walked like a user on the community demo ledger."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QTextCursor

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.demo.builder import generate_demo_data
from chuangcheng_desktop.reports.summary.drafts import list_drafts, load_draft
from chuangcheng_desktop.ui.report_page import ReportPage
from chuangcheng_desktop.ui.report_wizard import ReportWizard
from tests.ui.conftest import type_text

TODAY = date(2026, 6, 30)
EDIT = "（此段经社区核对补充）"
OWN_POINT = "老旧小区停车秩序仍需理顺。部分楼道口电动车停放杂乱。"


@pytest.fixture
def demo_ledger(ledger, data_dir):
    generate_demo_data(ledger, paths.attachments_dir(data_dir), scale="community", seed=1,
                       today=TODAY)
    return ledger


@pytest.fixture
def opened(monkeypatch):
    urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        lambda url: urls.append(url.toLocalFile()) or True)
    return urls


def export(qtbot, wizard, target: Path) -> Path:
    page = wizard.export_page
    page.path_edit.setText(str(target))
    with qtbot.waitSignal(page.exported, timeout=20000) as signal:
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.task is None)
    return signal.args[0]


def drafted(qtbot, wizard) -> None:
    """Wait for the wizard's background drafting (another period, 重新生成, pickers)."""
    qtbot.waitUntil(lambda: wizard.drafting is None, timeout=20000)


def test_walk_every_page_edit_and_export(qtbot, demo_ledger, tmp_path, opened, answer_yes):
    wizard = ReportWizard(demo_ledger, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()

    basic = wizard.basic_page
    assert basic.period_combo.currentData() == "2026H1"
    basic.period_combo.setCurrentIndex(basic.period_combo.findData("2026"))
    basic.kind_combo.setCurrentText("年度总结")
    wizard.next()
    assert wizard.drafting is not None  # drafted on a worker thread, the window stays live
    drafted(qtbot, wizard)
    assert wizard.currentPage() is wizard.sections_page
    assert wizard.context.period_code == "2026"
    assert wizard.context.title == "青松社区2026年度创建文明城市工作总结"

    sections = wizard.sections_page.section_list
    assert sections.count() == len(wizard.context.sections) >= 6
    sections.setCurrentRow(4)
    moved = sections.currentItem().data(Qt.ItemDataRole.UserRole)
    qtbot.mouseClick(wizard.sections_page.up_button, Qt.MouseButton.LeftButton)
    assert wizard.context.sections[3].key == moved
    wizard.next()

    content = wizard.content_page
    content.section_combo.setCurrentIndex(content.section_combo.findData("publicity"))
    drafted(qtbot, wizard)
    assert content.activity_list.count() > 2 and content.paragraph_edits
    edit = content.paragraph_edits[0]
    edit.moveCursor(QTextCursor.MoveOperation.End)
    type_text(qtbot, edit, EDIT)
    assert wizard.context.section("publicity").paragraphs[0].endswith(EDIT)
    content.section_combo.setCurrentIndex(content.section_combo.findData("environment"))
    before = list(wizard.context.section("environment").paragraphs)
    drafted(qtbot, wizard)
    qtbot.mouseClick(content.redraft_button, Qt.MouseButton.LeftButton)
    drafted(qtbot, wizard)
    assert wizard.context.section("environment").paragraphs != before
    wizard.next()

    points = wizard.points_page
    points.problems_edit.moveCursor(QTextCursor.MoveOperation.End)
    points.problems_edit.setFocus()
    qtbot.keyClick(points.problems_edit, Qt.Key.Key_Return)
    type_text(qtbot, points.problems_edit, OWN_POINT)
    assert wizard.context.problems[-1] == OWN_POINT
    wizard.next()

    page = wizard.export_page
    preview = page.preview.toPlainText()
    assert preview.index("一、主要工作及成效") < preview.index(EDIT) < preview.index(OWN_POINT)
    written = export(qtbot, wizard, tmp_path / "out" / "年度总结.docx")
    assert written == tmp_path / "out" / "年度总结.docx"
    assert str(written) in page.result_label.text()
    text = "\n".join(p.text for p in docx.Document(str(written)).paragraphs)
    assert EDIT in text and OWN_POINT in text
    assert "附件：活动照片" in text

    again = export(qtbot, wizard, tmp_path / "out" / "年度总结.docx")
    assert again.name == "年度总结(2).docx"
    qtbot.mouseClick(page.open_folder_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.open_file_button, Qt.MouseButton.LeftButton)
    assert opened == [str(again.parent), str(again)]

    [info] = list_drafts(demo_ledger)
    assert info.exported_path == str(again)


def test_closing_and_reopening_resumes_the_draft(qtbot, demo_ledger, tmp_path, opened):
    page = ReportPage(demo_ledger)
    qtbot.addWidget(page)
    assert page.draft_list.item(0).data(Qt.ItemDataRole.UserRole) is None  # only the hint
    assert "新建总结" in page.draft_list.item(0).text() and not page.resume_button.isEnabled()
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)  # drafted off the GUI thread
    assert page.wizard is None and not page.new_button.isEnabled()
    qtbot.waitUntil(lambda: page.wizard is not None and page.new_button.isEnabled(), timeout=20000)
    wizard = page.wizard
    assert wizard.draft_id == list_drafts(demo_ledger)[0].id
    wizard.next()
    wizard.next()
    drafted(qtbot, wizard)
    content = wizard.content_page
    edit = content.paragraph_edits[0]
    edit.moveCursor(QTextCursor.MoveOperation.End)
    type_text(qtbot, edit, EDIT)
    key = content.section_combo.currentData()
    wizard.reject()  # 关闭: everything typed is saved

    assert page.draft_list.count() == 1
    draft_id = list_drafts(demo_ledger)[0].id
    assert load_draft(demo_ledger, draft_id).section(key).paragraphs[0].endswith(EDIT)

    page.draft_list.setCurrentRow(0)
    qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
    resumed = page.wizard
    assert resumed is not wizard and resumed.draft_id == draft_id
    resumed.next()
    resumed.next()
    drafted(qtbot, resumed)
    assert resumed.content_page.paragraph_edits[0].toPlainText().endswith(EDIT)
    resumed.next()
    resumed.next()
    written = export(qtbot, resumed, tmp_path / "总结.docx")
    resumed.accept()
    assert page.export_list.count() == 1
    page.export_list.setCurrentRow(0)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(written)]
