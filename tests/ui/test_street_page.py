"""报送汇总 page: the 社区 list, side-by-side table with ranking and chart, the buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.packages.export import export_package
from chuangcheng_desktop.core.packages.merge import import_package
from chuangcheng_desktop.core.packages.units import list_units
from chuangcheng_desktop.ui import packages_io
from chuangcheng_desktop.ui.pages.street import StreetPage
from tests.core.packages.helpers import community, street


def _package(tmp_path, name, shade):
    with community(tmp_path / name, name, shade=shade) as ledger:
        return export_package(ledger, paths.attachments_dir(ledger.path.parent),
                              tmp_path / f"{name}.ccpkg").path


def test_street_page_lists_units_ranks_them_and_charts_a_figure(qtbot, tmp_path):
    packages = [_package(tmp_path, name, shade) for name, shade in
                (("青松社区", 90), ("红星社区", 150))]
    with street(tmp_path / "street") as town:
        for package in packages:
            import_package(town, paths.attachments_dir(town.path.parent), package, add_unit=True)
        page = StreetPage(town)
        qtbot.addWidget(page)
        page.period_picker.select_label("全年")
        qtbot.waitUntil(lambda: page.compare_table.rowCount() == 2 and "正在计算" not in
                        page.missing_label.text(), timeout=5000)
        assert page.title.text() == "社区报送汇总" and page.import_button.text() == "导入报送包…"
        assert "均已报送" in page.missing_label.text()
        names = {page.units_table.item(r, 0).text() for r in range(2)}
        assert names == {"青松社区", "红星社区"}
        assert page.units_table.item(0, 4).text() == "已报送"
        assert [page.compare_table.item(r, 0).text() for r in range(2)] == ["1", "2"]
        assert page.compare_table.item(0, 2).text() == "2"  # activities
        assert len(page.chart.bars) == 2
        page.compare_table.sortItems(2, Qt.SortOrder.AscendingOrder)
        assert page.compare_table.isSortingEnabled()


def test_community_page_exports_and_imports_through_the_buttons(qtbot, tmp_path, monkeypatch,
                                                                 answer_yes):
    with community(tmp_path / "qingsong") as qingsong, street(tmp_path / "street") as town:
        page = StreetPage(qingsong)
        qtbot.addWidget(page)
        assert page.title.text() == "报送街道" and not page.compare_table.isVisibleTo(page)
        out = tmp_path / "up.ccpkg"
        monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
        shown = []
        monkeypatch.setattr(QMessageBox, "information", lambda p, t, text: shown.append(text))
        task = packages_io.export_dialog(page, qingsong)
        qtbot.waitUntil(lambda: bool(shown), timeout=5000)
        assert task is not None and out.is_file() and "报送包已保存到" in shown[0]

        street_page = StreetPage(town)
        qtbot.addWidget(street_page)
        done = []
        packages_io.start_import(street_page, town, out, lambda: done.append(1))
        qtbot.waitUntil(lambda: bool(done), timeout=10000)
        assert any("加入名单" in text or "还不在" in text for text in answer_yes)
        assert any("新增2条" in text for text in answer_yes)  # the preview asked before merging
        assert [u.name for u in list_units(town)] == ["青松社区"]


def test_a_unit_opens_read_only_with_search(qtbot, tmp_path):
    package = _package(tmp_path, "青松社区", 90)
    with street(tmp_path / "street") as town:
        import_package(town, paths.attachments_dir(town.path.parent), package, add_unit=True)
        page = StreetPage(town)
        qtbot.addWidget(page)
        qtbot.waitUntil(lambda: page.units_table.rowCount() == 1, timeout=5000)
        dialog = page.open_unit(0)
        qtbot.addWidget(dialog)
        activities = dialog.pages["activities"]
        assert not activities.add_button.isVisibleTo(dialog)
        qtbot.waitUntil(lambda: activities.model.rowCount() == 2, timeout=5000)
        activities.search_edit.setText("活动2026-08-15")
        activities.apply_filters()
        qtbot.waitUntil(lambda: activities.model.rowCount() == 1, timeout=5000)
        volunteers = dialog.pages["volunteers"]
        qtbot.waitUntil(lambda: volunteers.model.rowCount() == 2, timeout=5000)
        from PySide6.QtGui import QShortcut

        shortcuts = activities.table.findChildren(QShortcut)
        assert shortcuts and not any(s.isEnabled() for s in shortcuts)  # no edit, no delete
        dialog.done(0)


def test_the_consolidated_workbook_button_writes_the_file(qtbot, tmp_path, monkeypatch):
    package = _package(tmp_path, "青松社区", 90)
    out = tmp_path / "汇总.xlsx"
    with street(tmp_path / "street") as town:
        import_package(town, paths.attachments_dir(town.path.parent), package, add_unit=True)
        page = StreetPage(town)
        qtbot.addWidget(page)
        page.period_picker.select_label("全年")
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
        shown = []
        monkeypatch.setattr(QMessageBox, "information", lambda p, t, text: shown.append(text))
        page.book_button.click()
        qtbot.waitUntil(lambda: bool(shown), timeout=10000)
        assert out.is_file() and "汇总台账已保存到" in shown[0]


def test_home_shows_who_has_reported_on_a_street_ledger_only(qtbot, tmp_path):
    from datetime import date

    from chuangcheng_desktop.ui.pages.home import HomePage

    package = _package(tmp_path, "青松社区", 90)
    with street(tmp_path / "street") as town:
        import_package(town, paths.attachments_dir(town.path.parent), package, add_unit=True)
        home = HomePage(town, today=date(2026, 11, 30))
        qtbot.addWidget(home)
        panel = home.street_panel
        assert panel.isVisibleTo(home)
        qtbot.waitUntil(lambda: "已报送" in panel.label.text(), timeout=5000)
        assert "2026年11月台账：已报送1个社区，全部到齐。" in panel.label.text()
    with community(tmp_path / "c2", "红星社区") as own:
        home = HomePage(own)
        qtbot.addWidget(home)
        assert not home.street_panel.isVisibleTo(home)


def test_a_community_added_beforehand_shows_as_not_reported(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    with street(tmp_path / "street") as town:
        page = StreetPage(town)
        qtbot.addWidget(page)
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("红星社区", True))
        page.add_unit_button.click()
        qtbot.waitUntil(lambda: page.units_table.rowCount() == 1, timeout=5000)
        assert page.units_table.item(0, 4).text() == "未报送"
        qtbot.waitUntil(lambda: "尚未报送" in page.missing_label.text(), timeout=5000)
        warnings = []
        monkeypatch.setattr(QMessageBox, "warning", lambda p, t, text: warnings.append(text))
        page.add_unit_button.click()  # the same name again
        assert warnings and "已经在社区名单中" in warnings[0]
