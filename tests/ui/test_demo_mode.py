"""--demo is visibly a demo and leaves nothing behind; --demo --data-dir D builds the demo
in an empty D and keeps it, and refuses a D that already holds a ledger."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui import app as app_module
from chuangcheng_desktop.ui.main_window import MainWindow


def _run(monkeypatch, **kwargs):
    seen = {}

    def fake_exec(self=None):
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        seen["title"] = window.windowTitle()
        seen["status"] = " ".join(label.text() for label in window.statusBar().findChildren(QLabel))
        seen["folder"] = window.ledger.path.parent
        seen["activities"] = window.ledger.activities.count()
        window.hide()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert app_module.run_app(demo=True, **kwargs) == 0
    return seen


def test_demo_says_so_and_its_temporary_folder_is_removed(qtbot, monkeypatch, tmp_path):
    seen = _run(monkeypatch)
    assert "演示数据" in seen["title"]
    assert "演示数据" in seen["status"] and "关闭窗口后自动删除" in seen["status"]
    assert seen["activities"] > 50
    assert not seen["folder"].exists()


def test_demo_in_an_empty_data_dir_is_built_there_and_kept(qtbot, monkeypatch, tmp_path):
    folder = tmp_path / "demo"
    seen = _run(monkeypatch, data_dir=str(folder))
    assert seen["folder"] == folder and "保存在" in seen["status"]
    with Ledger.open_in(folder) as kept:
        assert kept.activities.count() == seen["activities"]


def test_demo_refuses_a_data_dir_with_a_ledger(qtbot, monkeypatch, tmp_path):
    folder = tmp_path / "real"
    with Ledger.open_in(folder, actor="测试员") as real:
        real.update_profile({"unit_name": "青松社区"})
    said = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: said.append(text))
    assert app_module.run_app(demo=True, data_dir=str(folder)) == 1
    assert "已经有台账" in said[0]
    with Ledger.open_in(folder, actor="测试员") as real:
        assert real.activities.count() == 0 and real.profile()["unit_name"] == "青松社区"
