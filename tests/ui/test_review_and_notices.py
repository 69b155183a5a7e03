"""回头看 tab figures and rankings; 生成整改通知书 from the problems page's selection."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from chuangcheng_desktop.core.figures.statistics import compute_statistics
from chuangcheng_desktop.core.rules.notices import notices_for_problem
from chuangcheng_desktop.core.storage import clock
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
    monkeypatch.setattr(clock, "today", lambda: date(2026, 4, 8))
    late = ledger.problems.add(sample("problems"))  # deadline 4月5日: a 督办通知
    due = ledger.problems.add(sample("problems", checkpoint="青松路口", deadline="2026-04-20"))
    done = ledger.problems.add(sample("problems", checkpoint="小区东门", status="已完成",
                                      measures="已整改", completed_on="2026-04-03"))
    page = LedgerPage(ledger, ledger_specs.PROBLEMS)
    qtbot.addWidget(page)
    page.table.selectAll()
    dialogs, offered = [], []

    def accept(dialog):
        dialogs.append(dialog)
        assert "不写入：已完成的 1 个问题" in dialog.summary.text()
        assert "整改通知书1份、督办通知1份" in dialog.summary.text()
        assert dialog.urges and dialog.deadline_edit.date().toPython() == date(2026, 4, 11)
        dialog.deadline_edit.setDate(QDate(2026, 4, 18))
        edit = dialog.requirement_edits["督办通知"]
        assert "报我社区复查" in edit.toPlainText()
        edit.setPlainText("请于新的期限前整改到位。\n\n整改后报我社区复查。")
        dialog.cc_edit.setText("城东街道创城办")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(notice_export.NoticeDialog, "exec", accept)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "通知书.docx"), ""))
    monkeypatch.setattr(notice_export, "offer_to_open",
                        lambda parent, result: offered.append(result))
    qtbot.mouseClick(page.action_buttons["noticeButton"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(offered), timeout=10000)
    result = offered[0]
    assert Path(result.path) == tmp_path / "通知书.docx"
    assert result.numbers == ["青松社区创城整改〔2026〕1号", "青松社区创城督办〔2026〕2号"]
    text = "\n".join(p.text for p in Document(result.path).paragraphs)
    assert "小区东门" not in text and "请于2026年4月18日前整改到位" in text
    assert "1.请于新的期限前整改到位。\n2.整改后报我社区复查。" in text
    assert "抄送：城东街道创城办。" in text
    assert notices_for_problem(ledger.db, late["id"])[0].kind == "督办通知"
    assert notices_for_problem(ledger.db, due["id"])[0].kind == "整改通知书"
    assert notices_for_problem(ledger.db, done["id"]) == []
    assert no_warnings == []


def test_a_new_deadline_before_the_issue_day_is_refused(qtbot, ledger, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2026, 4, 8))
    late = ledger.problems.add(sample("problems"))
    dialog = notice_export.NoticeDialog(ledger, [late["id"]], "")
    qtbot.addWidget(dialog)
    dialog.deadline_edit.setDate(QDate(2026, 4, 1))
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text() == "新的整改期限不能早于发文日期。"


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


def test_the_timeline_reprints_an_issued_notice(qtbot, ledger, tmp_path, monkeypatch):
    from chuangcheng_desktop.reports.notice_docx import write_notices
    from chuangcheng_desktop.ui.dialogs.problem_workflow import TimelinePanel

    ledger.update_profile({"unit_name": "青松社区"})
    problem = ledger.problems.add(sample("problems"))
    panel = TimelinePanel(ledger, problem["id"])
    qtbot.addWidget(panel)
    assert panel.reprint_button.isHidden()
    write_notices(ledger, [problem["id"]], tmp_path, issued_on=date(2026, 4, 3))
    panel.reload()
    assert not panel.reprint_button.isHidden()
    assert panel.notice_numbers() == ["青松社区创城整改〔2026〕1号"]
    told = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "副本.docx"), ""))
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.information",
                        lambda parent, title, text, *a, **k: told.append(text))
    qtbot.mouseClick(panel.reprint_button, Qt.MouseButton.LeftButton)
    assert told and "副本.docx" in told[0]
    texts = [p.text for p in Document(tmp_path / "副本.docx").paragraphs]
    assert any(t.startswith("（存档副本") for t in texts)
