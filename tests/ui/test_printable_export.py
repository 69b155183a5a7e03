"""The printable buttons of the problems and activities pages write their .docx."""

from __future__ import annotations

from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.storage.attachments import attach_file
from chuangcheng_desktop.ui.pages import ledger_specs
from chuangcheng_desktop.ui.pages.ledger_page import LedgerPage
from tests.conftest import sample


def _patch(monkeypatch, out, told):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a, **k: told.append(text))


def test_handover_and_closing_buttons_write_the_selected_problem(qtbot, ledger, tmp_path,
                                                                 monkeypatch):
    ledger.problems.add(sample("problems", checkpoint="小区东门"))
    page = LedgerPage(ledger, ledger_specs.PROBLEMS)
    qtbot.addWidget(page)
    page.table.selectRow(0)
    for button, name, title in (("handoverButton", "交办单.docx", "创城问题交办单"),
                                ("closingButton", "销号单.docx", "创城问题复查销号单")):
        told, out = [], tmp_path / name
        _patch(monkeypatch, out, told)
        assert page.action_buttons[button].isEnabled()
        qtbot.mouseClick(page.action_buttons[button], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda told=told: bool(told), timeout=20_000)
        assert str(out) in told[0]
        assert Document(str(out)).paragraphs[0].text == title


def test_photo_ledger_button_writes_the_periods_photos(qtbot, ledger, tmp_path, monkeypatch):
    from PIL import Image

    activity = ledger.activities.add(sample("activities"))
    photo = tmp_path / "p.png"
    Image.new("RGB", (40, 30), "blue").save(photo)
    attach_file(ledger, paths.attachments_dir(), photo, owner_table="activities",
                owner_id=activity["id"], role="现场照片")
    page = LedgerPage(ledger, ledger_specs.ACTIVITIES)
    qtbot.addWidget(page)
    told, out = [], tmp_path / "照片台账.docx"
    _patch(monkeypatch, out, told)
    qtbot.mouseClick(page.action_buttons["photoLedgerButton"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(told), timeout=20_000)
    assert str(out) in told[0]
    assert len(Document(str(out)).inline_shapes) == 1
