"""The 街道 summary: a first section drafted from every unit's figures, naming best and lagging."""

from __future__ import annotations

from datetime import date

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.packages.export import export_package
from chuangcheng_desktop.core.packages.merge import import_package
from chuangcheng_desktop.core.rules.periods import parse_period
from chuangcheng_desktop.reports.summary.drafting import build_default_context, redraft_section
from chuangcheng_desktop.reports.summary.street_section import STREET_KEY
from tests.conftest import sample
from tests.core.packages.helpers import community, street

TODAY = date(2026, 11, 30)


def test_a_street_summary_drafts_the_units_section(tmp_path):
    with street(tmp_path / "street") as town:
        for index, name in enumerate(("青松社区", "红星社区", "东湖社区", "文化社区")):
            with community(tmp_path / name, name) as unit:
                for extra in range(index):  # more activities → better rank
                    unit.activities.add(sample("activities", date=f"2026-05-{extra + 1:02d}"))
                package = export_package(unit, paths.attachments_dir(unit.path.parent),
                                         tmp_path / f"{name}.ccpkg").path
            if name != "文化社区":
                import_package(town, paths.attachments_dir(town.path.parent), package,
                               add_unit=True)
        context = build_default_context(town, parse_period("2026"), today=TODAY)
        section = context.sections[0]
        assert section.key == STREET_KEY and section.enabled
        text = "".join(section.paragraphs)
        assert "辖区3个社区共开展创建活动9次" in text
        assert "东湖社区" in section.paragraphs[1].split("位居前列")[0]
        assert "青松社区" in section.paragraphs[1].split("位居前列")[1]
        assert redraft_section(context, town, STREET_KEY).paragraphs == section.paragraphs


def test_a_community_summary_has_no_units_section(ledger):
    context = build_default_context(ledger, parse_period("2026"), today=TODAY)
    assert STREET_KEY not in [s.key for s in context.sections]
