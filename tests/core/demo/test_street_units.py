"""``demo-data --scale street-units``: a 街道 ledger with several communities' packages."""

from __future__ import annotations

from datetime import date

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.demo.street_units import generate_street_units
from chuangcheng_desktop.core.packages.by_unit import unit_figures
from chuangcheng_desktop.core.packages.tasks import assignment_status
from chuangcheng_desktop.core.packages.units import is_street_ledger, list_units
from chuangcheng_desktop.core.rules.periods import parse_period


def test_street_units_demo_builds_communities_and_a_task_loop(ledger, data_dir):
    counts = generate_street_units(ledger, paths.attachments_dir(), units=2, seed=3,
                                   today=date(2026, 11, 30))
    assert counts == {"社区（已导入报送包）": 2, "交办问题": 3}
    assert is_street_ledger(ledger)
    assert ledger.profile()["resident_population"] == sum(
        f.statistics.volunteers.resident_population for f in unit_figures(
            ledger, parse_period("2026"), as_of=date(2026, 11, 30)))
    units = list_units(ledger)
    assert [u.name for u in units] == ["青松社区", "东湖社区"]
    assert units[0].packages == 2 and units[1].packages == 1
    figures = unit_figures(ledger, parse_period("2026"), as_of=date(2026, 11, 30))
    assert all(f.statistics.activities.total > 100 and f.reported for f in figures)
    assert figures[1].statistics.unit_name == "东湖社区"
    states = sorted(s.status for s in assignment_status(ledger))
    assert states == ["已完成", "待整改", "待整改"]
