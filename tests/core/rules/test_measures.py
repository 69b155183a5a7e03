"""成效数据: the text is kept exactly as typed; figures with their units are read out of it."""

from __future__ import annotations

import pytest

from chuangcheng_desktop.core.figures.statistics import compute_statistics
from chuangcheng_desktop.core.rules.measures import extract_measures, measures_from_text
from chuangcheng_desktop.core.rules.periods import parse_period
from tests.conftest import sample

TEXT = "清理杂物 2 车；张贴海报 30 张"


def test_figures_keep_their_units_and_order():
    assert [(m.name, m.number, m.unit) for m in extract_measures(TEXT)] == [
        ("清理杂物", 2.0, "车"), ("张贴海报", 30.0, "张")]
    assert list(measures_from_text(TEXT)) == ["清理杂物（车）", "张贴海报"]


@pytest.mark.parametrize(("text", "figures"), [
    ("清理面积 300m²", {"清理面积": 300.0}),
    ("清理面积 300平方米", {"清理面积": 300.0}),
    ("清理面积300㎡，清运垃圾 1.5吨", {"清理面积": 300.0, "清运垃圾": 1.5}),
    ("打扫楼道 120 平方米", {"打扫楼道（m²）": 120.0}),
    ("发放宣传资料 200份、悬挂横幅 2条、设置展板 3块", {
        "发放宣传资料": 200.0, "悬挂横幅": 2.0, "设置展板（块）": 3.0}),
    ("入户走访 35户；劝导不文明行为 12人次；张贴标语 4幅；清理卫生死角 6处", {
        "入户走访": 35.0, "劝导不文明行为": 12.0, "张贴标语（幅）": 4.0, "清理卫生死角": 6.0}),
    ("植树 20 棵；植树 5 棵", {"植树（棵）": 25.0}),
    ("楼道焕然一新，居民反映良好", {}),
])
def test_units_are_normalised_and_free_text_counts_nothing(text, figures):
    assert measures_from_text(text) == figures


def test_an_activity_keeps_the_text_and_counts_the_figures(ledger):
    saved = ledger.activities.add(sample("activities", measures_text=TEXT, measures=TEXT,
                                         date="2026-03-05"))
    assert saved["measures_text"] == TEXT
    assert saved["measures"] == {"清理杂物（车）": 2.0, "张贴海报": 30.0}
    free = ledger.activities.add(sample("activities", measures_text="楼道焕然一新，居民反映良好",
                                        date="2026-03-06"))
    assert free["measures_text"] == "楼道焕然一新，居民反映良好" and free["measures"] == {}
    stats = compute_statistics(ledger.db, parse_period("2026Q1"))
    materials = {(m.name, m.unit): m.total for m in stats.materials}
    assert materials == {("清理杂物", "车"): 2, ("张贴海报", "张"): 30}


def test_figures_given_without_text_are_written_out(ledger):
    saved = ledger.activities.add(sample("activities", measures={"发放宣传资料": 200,
                                                                 "植树（棵）": 20}))
    assert saved["measures_text"] == "发放宣传资料 200份；植树 20棵"


def test_migration_writes_old_figures_out_as_text(tmp_path):
    from chuangcheng_desktop.core.storage.ledger import Ledger

    path = tmp_path / "old.db"
    with Ledger.open(path, actor="测试员") as ledger:
        saved = ledger.activities.add(sample("activities", measures={"发放宣传资料": 200}))
        # back to the database as version 0008 left it
        ledger.db.execute("ALTER TABLE activities DROP COLUMN measures_text")
        ledger.db.execute("DELETE FROM _sqlite_migrations WHERE name = "
                          "'0009_activity_measures_text'")
        ledger.db.conn.commit()
    with Ledger.open(path, actor="测试员") as ledger:
        again = ledger.activities.get(saved["id"])
    assert again["measures_text"] == "发放宣传资料 200份"
    assert again["measures"] == {"发放宣传资料": 200.0}
