"""The audit viewer: filters change which lines exist (core queries) and export to Excel."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import QDate

from chuangcheng_desktop.core.storage.settings import set_setting
from chuangcheng_desktop.ui.pages.audit_viewer import AuditViewer
from tests.conftest import ID_FEMALE_1985, sample
from tests.ui.conftest import type_text


def _viewer(qtbot, ledger):
    volunteer = ledger.volunteers.add(sample("volunteers"))
    ledger.activities.add(sample("activities"))
    ledger.volunteers.update(volunteer["id"], {"phone": "13900001111"})
    ledger.volunteers.soft_delete(volunteer["id"])
    set_setting(ledger.db, "recycle_bin_days", 45, actor="王芳")
    viewer = AuditViewer(ledger)
    qtbot.addWidget(viewer)
    return settled(qtbot, viewer)


def settled(qtbot, viewer):
    """The lines are read on a worker thread: wait for the newest request's."""
    qtbot.waitUntil(lambda: not viewer.loading, timeout=10000)
    return viewer


def _select(combo, data):
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_filters(qtbot, ledger):
    viewer = _viewer(qtbot, ledger)
    assert viewer.model.rowCount() == 5
    assert viewer.count_label.text() == "共 5 条"
    assert viewer.model.index(0, 2).data() == "设置"
    assert viewer.model.index(0, 5).data() == "回收站保留天数：30 → 45"
    _select(viewer.table_combo, "volunteers")
    settled(qtbot, viewer)
    assert viewer.model.rowCount() == 3
    _select(viewer.action_combo, "update")
    settled(qtbot, viewer)
    assert viewer.model.rowCount() == 1
    assert viewer.model.index(0, 4).data() == "李秀英"
    assert "13900001111" in viewer.model.index(0, 5).data()
    _select(viewer.action_combo, "")
    settled(qtbot, viewer)
    _select(viewer.table_combo, "")
    settled(qtbot, viewer)
    type_text(qtbot, viewer.search_edit, "王芳")
    settled(qtbot, viewer)
    assert viewer.model.rowCount() == 1
    viewer.search_edit.clear()
    settled(qtbot, viewer)
    viewer.use_dates.setChecked(True)
    settled(qtbot, viewer)
    assert viewer.model.rowCount() == 5  # last month to today
    viewer.date_to.setDate(QDate.currentDate().addDays(-1))
    settled(qtbot, viewer)
    viewer.date_from.setDate(QDate.currentDate().addDays(-10))
    settled(qtbot, viewer)
    assert viewer.model.rowCount() == 0
    viewer.use_dates.setChecked(False)
    settled(qtbot, viewer)
    assert viewer.model.rowCount() == 5


def test_export_writes_the_filtered_lines(qtbot, ledger, tmp_path, monkeypatch, offered):
    shown = offered
    viewer = _viewer(qtbot, ledger)
    _select(viewer.table_combo, "volunteers")
    settled(qtbot, viewer)
    target = tmp_path / "导出" / "操作记录"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    written = viewer.export()
    assert written == target.with_name("操作记录.xlsx") and written.exists()
    sheet = openpyxl.load_workbook(written).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3, max_row=5)]
    assert [row[3] for row in rows] == ["志愿者"] * 3
    assert [row[4] for row in rows] == ["删除", "修改", "新增"]
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert ID_FEMALE_1985 not in text and "筛选条件：志愿者" in text
    assert "已导出 3 条" in shown[0]
