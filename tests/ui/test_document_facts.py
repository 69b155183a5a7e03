"""设置 → 文书资料 and the summary wizard's prompt for facts not recorded yet."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from chuangcheng_desktop.core.storage.settings import get_setting
from chuangcheng_desktop.reports.summary.drafting import build_default_context
from chuangcheng_desktop.ui import report_wizard_pages
from chuangcheng_desktop.ui.missing_facts import MissingFactsBanner
from chuangcheng_desktop.ui.pages.settings_documents import DocumentsTab
from tests.reports.summary.summary_data import AS_OF, build_known


def test_the_documents_tab_saves_what_validates(qtbot, ledger):
    tab = DocumentsTab(ledger)
    qtbot.addWidget(tab)
    tab.inputs["leading_group"].setPlainText("组长 王建国 社区党委书记\n队长 李娜")
    tab.inputs["households"].setText("3200")
    tab.inputs["notice_issuer_role"].setCurrentText("街道（乡镇）创城办")
    assert not tab.save()
    assert "第2行" in tab.errors["leading_group"].text() and tab.errors["leading_group"].isVisibleTo(tab)
    assert get_setting(ledger.db, "households") == 3200
    assert get_setting(ledger.db, "notice_issuer_role") == "街道（乡镇）创城办"
    tab.inputs["leading_group"].setPlainText("组长 王建国 社区党委书记\n成员 李娜")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert [m["name"] for m in get_setting(ledger.db, "leading_group")] == ["王建国", "李娜"]
    assert tab.inputs["leading_group"].toPlainText() == "组长 王建国 社区党委书记\n成员 李娜"


def test_the_wizard_prompts_for_missing_facts(qtbot, ledger, tmp_path, monkeypatch):
    build_known(ledger, tmp_path)
    context = build_default_context(ledger, "2026H1", today=AS_OF)
    banner = MissingFactsBanner()
    qtbot.addWidget(banner)
    filled, by_hand = [], []
    banner.show_for(ledger, context, ("organisation",), fill=lambda: filled.append(1),
                    by_hand=by_hand.append)
    assert banner.labels == ["创建工作领导小组", "印发的实施方案和工作制度", "本期经费投入"]
    assert not banner.isHidden()
    qtbot.mouseClick(banner.findChild(QPushButton, "hand_leading_group"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(banner.findChild(QPushButton, "fill_funding"), Qt.MouseButton.LeftButton)
    assert by_hand == ["创建工作领导小组"] and filled == [1]
    banner.show_for(ledger, context, ("publicity",), fill=lambda: None, by_hand=None)
    assert banner.isHidden()


def test_the_content_page_writes_a_fact_by_hand_or_from_the_settings(qtbot, ledger, tmp_path,
                                                                       monkeypatch):
    from chuangcheng_desktop.ui.report_wizard import ReportWizard

    build_known(ledger, tmp_path)
    wizard = ReportWizard(ledger, today=date(2026, 7, 1))
    qtbot.addWidget(wizard)
    wizard.context = build_default_context(ledger, "2026H1", today=AS_OF)
    page = wizard.content_page
    page.initializePage()
    page.section_combo.setCurrentIndex(page.section_combo.findData("organisation"))
    assert not page.facts_banner.isHidden()
    before = len(page.paragraph_edits)
    page.facts_banner.findChild(QPushButton, "hand_leading_group").click()
    assert len(page.paragraph_edits) == before + 1
    assert "领导小组" in page.paragraph_edits[-1].placeholderText()

    def fill(dialog):
        dialog.tab.inputs["leading_group"].setPlainText("组长 王建国 社区党委书记")
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(report_wizard_pages.DocumentFactsDialog, "exec", fill)
    page.facts_banner.findChild(QPushButton, "fill_leading_group").click()
    qtbot.waitUntil(lambda: "社区党委书记王建国任组长" in "".join(
        wizard.context.section("organisation").paragraphs), timeout=10000)
    assert "创建工作领导小组" not in page.facts_banner.labels
    wizard.reject()  # saves now: no pending save outlives the ledger


def test_the_first_page_prompts_for_the_opening_facts(qtbot, ledger, tmp_path, monkeypatch):
    from chuangcheng_desktop.ui import report_wizard
    from chuangcheng_desktop.ui.report_wizard import ReportWizard

    build_known(ledger, tmp_path)
    wizard = ReportWizard(ledger, today=date(2026, 7, 1))
    qtbot.addWidget(wizard)
    wizard.context = build_default_context(ledger, "2026H1", today=AS_OF)
    page = wizard.basic_page
    page.initializePage()
    assert page.facts_banner.labels == ["辖区户数"]

    def fill(dialog):
        dialog.tab.inputs["households"].setText("3200")
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(report_wizard.DocumentFactsDialog, "exec", fill)
    page.facts_banner.findChild(QPushButton, "fill_households").click()
    qtbot.waitUntil(lambda: "有居民3200户" in wizard.context.intro[0]
                    or "现有居民3200户" in wizard.context.intro[0], timeout=10000)
    assert page.facts_banner.labels == []
    wizard.reject()
