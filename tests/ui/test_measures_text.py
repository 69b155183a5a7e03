"""成效数据 in the activity form: saved exactly as typed, free text accepted, the figures
counted in the statistics."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from chuangcheng_desktop.ui.dialogs.records import open_record_dialog
from chuangcheng_desktop.ui.pages import ledger_specs
from chuangcheng_desktop.ui.pages.ledger_page import LedgerPage
from tests.ui.conftest import type_into

TYPED = "清理杂物 2 车；张贴海报 30 张"
FREE = "楼道焕然一新，居民反映良好"


def test_measures_text_is_kept_and_free_text_accepted(qtbot, ledger, no_warnings):
    page = LedgerPage(ledger, ledger_specs.ACTIVITIES)
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(QDialog)
    type_into(qtbot, dialog, {"title": "楼道清理", "date": "2026-03-05", "measures": TYPED})
    assert dialog.save_button.isEnabled(), dialog.summary_label.text()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    row_id = page.model.row(0)["id"]
    saved = ledger.activities.get(row_id)
    assert saved["measures_text"] == TYPED
    assert saved["measures"] == {"清理杂物（车）": 2.0, "张贴海报": 30.0}

    again = open_record_dialog(ledger, "activities", row_id, page)
    qtbot.addWidget(again)
    assert again.inputs["measures"].text() == TYPED  # order and units as typed
    type_into(qtbot, again, {"measures": FREE})
    assert again.save_button.isEnabled(), again.summary_label.text()
    again.save()
    saved = ledger.activities.get(row_id)
    assert saved["measures_text"] == FREE and saved["measures"] == {}
    assert no_warnings == []
