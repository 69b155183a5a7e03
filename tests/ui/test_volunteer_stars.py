"""星级志愿者 on the 首页 and in the roster table (a column and a filter)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from chuangcheng_desktop.core.rules.periods import parse_period
from chuangcheng_desktop.ui.pages.home import HomePage
from chuangcheng_desktop.ui.widgets.new_stars import NewStarsPanel
from tests.conftest import sample
from tests.core.volunteers.people import serve as _serve
from tests.core.volunteers.people import valid_id_numbers


def _roster(ledger):
    names = ("张三", "李四", "王五", "赵六")
    people = [ledger.volunteers.add(sample("volunteers", name=name, id_number=number))
              for name, number in zip(names, valid_id_numbers(4), strict=True)]
    # 张三 and 李四 reach 600 h (三星) in 2026; 王五 was 三星 already; 赵六 stays below 100 h
    for person in people[:2]:
        _serve(ledger, person, [1440] * 20, "2025-11-01")  # 480 h
        _serve(ledger, person, [1440] * 5, "2026-03-01")  # +120 h = 600 h
    _serve(ledger, people[2], [1440] * 26, "2025-10-01")
    _serve(ledger, people[2], [60], "2026-03-01")
    _serve(ledger, people[3], [1440] * 4, "2026-03-01")  # 96 h
    return people


def test_home_lists_the_volunteers_who_crossed_a_threshold(qtbot, ledger):
    _roster(ledger)
    home = HomePage(ledger, today=date(2026, 6, 20))
    qtbot.addWidget(home)
    panel = home.new_stars_panel
    qtbot.waitUntil(lambda: "本期新晋" in panel.label.text(), timeout=5000)
    lines = panel.label.text().split("\n")
    assert lines[0] == "本期新晋三星级2人"
    assert lines[1] == "三星级：张三、李四"
    assert lines[2].startswith("认定标准：一星级100小时、二星级300小时、三星级600小时")


def test_the_panel_follows_the_period_and_the_thresholds(qtbot, ledger):
    from chuangcheng_desktop.core.volunteers.stars import set_thresholds

    _roster(ledger)
    panel = NewStarsPanel(ledger)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.refreshed):
        panel.refresh(parse_period("2025"))
    assert panel.label.text().startswith("本期新晋三星级1人、二星级2人\n三星级：王五\n")
    set_thresholds(ledger.db, "90/300/600/1000/1500", actor="测试员")
    with qtbot.waitSignal(panel.refreshed):
        panel.refresh(parse_period("2026H1"))
    assert panel.label.text().startswith("本期新晋三星级2人、一星级1人\n三星级：张三、李四\n"
                                         "一星级：赵六\n认定标准：一星级90小时")


# --- the 志愿者 page: column, filter, thresholds, proofs, hours -------------------------------

def _page(qtbot, ledger):
    from chuangcheng_desktop.ui.pages import ledger_specs
    from chuangcheng_desktop.ui.pages.ledger_page import LedgerPage

    page = LedgerPage(ledger, ledger_specs.VOLUNTEERS)
    qtbot.addWidget(page)
    page.period_picker.combo.setCurrentIndex(0)  # 全部期间
    return page


def _cell(page, row, header):
    headers = [c.header for c in page.model.columns]
    return page.model.data(page.model.index(row, headers.index(header)))


def test_roster_shows_hours_and_star_level_and_filters_by_it(qtbot, ledger, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    _roster(ledger)
    page = _page(qtbot, ledger)
    page.filter_combos["star_level"].setCurrentIndex(
        page.filter_combos["star_level"].findText("三星级"))
    qtbot.waitUntil(lambda: page.model.total == 3, timeout=3000)
    names = sorted(page.model.row(n)["name"] for n in range(3))
    assert names == ["张三", "李四", "王五"]
    row = [page.model.row(n)["name"] for n in range(3)].index("王五")
    assert _cell(page, row, "累计时长") == "625小时" and _cell(page, row, "星级") == "三星级"

    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *a, **k: ("100/300/610/1000/1500", True))
    qtbot.mouseClick(page.action_buttons["starThresholdsButton"], Qt.MouseButton.LeftButton)
    page.apply_filters()
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=3000)
    assert page.model.row(0)["name"] == "王五"


def test_proofs_from_the_page_are_registered(qtbot, ledger, tmp_path, monkeypatch, no_warnings):
    from PySide6.QtWidgets import QDialog, QFileDialog

    from chuangcheng_desktop.core.volunteers.proofs import proof_register
    from chuangcheng_desktop.ui import volunteer_service

    _roster(ledger)
    page = _page(qtbot, ledger)
    qtbot.waitUntil(lambda: page.model.total == 4, timeout=3000)
    page.table.selectAll()
    monkeypatch.setattr(volunteer_service.ProofOptionsDialog, "exec",
                        lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    shown = []
    monkeypatch.setattr(volunteer_service, "offer_to_open",
                        lambda parent, title, text, path: shown.append(text))
    qtbot.mouseClick(page.action_buttons["proofButton"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "已出具 4 份证明" in shown[0]
    assert len(proof_register(ledger.db)) == 4
    assert len(list(tmp_path.glob("志愿服务记录证明*.docx"))) == 4
    # a second issue names the earlier numbers before anything is written
    page.table.selectRow(0)
    shown.clear()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "补发.docx"), ""))
    qtbot.mouseClick(page.action_buttons["proofButton"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "此前已出具〔2026〕第00" in page.proof_options.earlier_label.text()
    assert "此前已出具：〔2026〕第00" in shown[0]
    assert len(proof_register(ledger.db)) == 5


def test_hours_dialog_turns_the_shortlist_into_honours(qtbot, ledger, answer_yes, monkeypatch):
    from chuangcheng_desktop.core.storage.repository import ListQuery
    from chuangcheng_desktop.ui.volunteer_service import ServiceHoursDialog

    _roster(ledger)
    dialog = ServiceHoursDialog(ledger)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.refreshed, timeout=5000):
        dialog.period_picker.combo.setCurrentIndex(dialog.period_picker.combo.findText("上半年"))
    monkeypatch.setattr("chuangcheng_desktop.ui.volunteer_service.clock.today",
                        lambda: date(2026, 6, 20))
    dialog.size_spin.setValue(1)
    # top 1 by hours in 2026H1: 张三 and 李四 tie with 120 h, so both are kept
    assert [row.name for row in dialog.rows] == ["张三", "李四"]
    assert dialog.empty_label.text().startswith("2026年上半年共 4 名志愿者有服务记录，合计 337 小时")
    dialog.table.item(1, 0).setCheckState(Qt.CheckState.Unchecked)
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.information", lambda *a, **k: None)
    dialog.make_honours()
    honours = ledger.honours.list(ListQuery())
    assert [(h["recipient"], h["title"]) for h in honours] == [("张三", "2026年度优秀志愿者")]


def test_the_volunteer_dialog_shows_the_star_level_and_the_national_fields(qtbot, ledger):
    from chuangcheng_desktop.ui.dialogs.records import open_record_dialog
    from tests.ui.conftest import type_text

    people = _roster(ledger)
    dialog = open_record_dialog(ledger, "volunteers", people[2]["id"])  # 王五, 625 h
    qtbot.addWidget(dialog)
    assert dialog.service_panel.summary_label.text().endswith("星级：三星级")
    type_text(qtbot, dialog.inputs["volunteer_number"], "BJ2024000777")
    type_text(qtbot, dialog.inputs["service_category"], "打酱油")
    assert "不是全国志愿服务信息系统的服务类别" in dialog.error_labels["service_category"].text()
    assert not dialog.save_button.isEnabled()
    dialog.inputs["service_category"].clear()
    type_text(qtbot, dialog.inputs["service_category"], "环保")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = ledger.volunteers.get(people[2]["id"])
    assert (saved["volunteer_number"], saved["service_category"]) == ("BJ2024000777", "环境保护")
