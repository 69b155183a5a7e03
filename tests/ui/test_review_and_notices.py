"""回头看 tab figures and rankings; 生成整改通知书 from the problems page's selection."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from chuangcheng_desktop.core.figures.statistics import compute_statistics
from chuangcheng_desktop.core.rules.notices import notices_for_problem
from chuangcheng_desktop.ui import notice_export
from chuangcheng_desktop.ui.pages import ledger_specs
from chuangcheng_desktop.ui.pages.ledger_page import LedgerPage
from chuangcheng_desktop.ui.pages.ledgers import InspectionsPage
from tests.conftest import sample

TODAY = date(2026, 6, 20)


def _problems(ledger):
    rows = [("农贸市场北门", "物业公司", "2026-04-05", None),
            ("农贸市场北门", "物业公司", "2026-07-01", None),
            ("农贸市场北门", "城管中队", "2026-04-05", "2026-04-04"),
            ("小区东门", "城管中队", "2026-04-05", None),
            ("小区东门", "物业公司", "2026-04-05", "2026-04-03"),
            ("青松路口", "城管中队", "2026-07-01", None)]
    for checkpoint, unit, deadline, done in rows:
        extra = {"status": "已完成", "measures": "已整改", "completed_on": done} if done else {}
        ledger.problems.add(sample("problems", checkpoint=checkpoint, responsible_unit=unit,
                                   deadline=deadline, **extra))


def test_review_tab_shows_rate_overdue_and_rankings(qtbot, ledger):
    _problems(ledger)
    page = InspectionsPage(ledger)
    qtbot.addWidget(page)
    review = page.show_review()
    review.today = TODAY
    with qtbot.waitSignal(review.refreshed, timeout=5000):
        review.refresh()
    stats = compute_statistics(ledger.db, review.period_picker.period(), as_of=TODAY)
    assert review.found_value.text() == "6个"
    assert review.rectified_value.text() == "2个"
    assert review.rate_value.text() == "33.3%"
    assert review.overdue_value.text() == f"{stats.problems.overdue}个" == "2个"
    assert review.ranking_names(review.checkpoint_table) == ["农贸市场北门", "小区东门", "青松路口"]
    assert review.ranking_names(review.unit_table) == ["城管中队", "物业公司"]
    assert [review.unit_table.item(0, c).text() for c in range(5)] == ["1", "城管中队", "3", "1", "1"]
    assert review.category_table.item(0, 0).text() == "环境卫生"
    assert review.category_table.item(0, 1).text() == "6个"
    page.new_record()  # keyboard actions on the 回头看 tab do nothing (no crash)
    page.focus_search()


def test_notice_button_writes_the_selection_and_offers_to_open(qtbot, ledger, tmp_path,
                                                               monkeypatch, no_warnings):
    ledger.update_profile({"unit_name": "青松社区"})
    open_one = ledger.problems.add(sample("problems"))
    done = ledger.problems.add(sample("problems", checkpoint="小区东门", status="已完成",
                                      measures="已整改", completed_on="2026-04-03"))
    page = LedgerPage(ledger, ledger_specs.PROBLEMS)
    qtbot.addWidget(page)
    page.table.selectAll()
    asked, offered = [], []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.question",
                        lambda parent, title, text, *a, **k: asked.append(text)
                        or notice_export.QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "通知书.docx"), ""))
    monkeypatch.setattr(notice_export, "offer_to_open",
                        lambda parent, result: offered.append(result))
    qtbot.mouseClick(page.action_buttons["noticeButton"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(offered), timeout=10000)
    assert asked and "有 1 个已完成" in asked[0]
    result = offered[0]
    assert Path(result.path) == tmp_path / "通知书.docx"
    assert result.numbers == ["青松社区创城整改〔2026〕1号"]
    text = "\n".join(p.text for p in Document(result.path).paragraphs)
    assert "农贸市场北门" in text and "小区东门" not in text
    assert notices_for_problem(ledger.db, open_one["id"])
    assert notices_for_problem(ledger.db, done["id"]) == []
    assert no_warnings == []


def test_notice_button_for_finished_problems_only_explains(qtbot, ledger, monkeypatch):
    ledger.problems.add(sample("problems", status="已完成", measures="已整改",
                               completed_on="2026-04-03"))
    page = LedgerPage(ledger, ledger_specs.PROBLEMS)
    qtbot.addWidget(page)
    page.table.selectRow(0)
    told = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.information",
                        lambda parent, title, text, *a, **k: told.append(text))
    qtbot.mouseClick(page.action_buttons["noticeButton"], Qt.MouseButton.LeftButton)
    assert told == ["所选问题都已整改完成，不需要再发整改通知书。"]
