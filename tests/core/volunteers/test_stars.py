"""Star levels at the boundaries, under default and changed thresholds; who crossed one."""

from __future__ import annotations

import pytest

from chuangcheng_desktop.core.rules.periods import parse_period
from chuangcheng_desktop.core.storage.errors import ValidationError
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.core.volunteers.stars import (
    new_stars,
    new_stars_line,
    set_thresholds,
    star_counts,
    star_level,
    thresholds,
)
from tests.conftest import sample
from tests.core.volunteers.people import serve as _serve
from tests.core.volunteers.people import valid_id_numbers

DEFAULT = [100, 300, 600, 1000, 1500]


@pytest.mark.parametrize(("hours", "level"), [(99.5, 0), (100, 1), (100.5, 1), (299.5, 1),
                                              (300, 2), (600, 3), (1000, 4), (1500, 5),
                                              (3000, 5)])
def test_star_level_at_the_boundaries(hours, level):
    assert star_level(hours * 60, DEFAULT) == level


def _levels(ledger):
    return {row["name"]: (row["service_minutes"], row["star_level"])
            for row in ledger.volunteers.list(ListQuery(limit=None))}


def test_the_roster_keeps_hours_and_levels_at_the_boundaries(ledger):
    numbers = valid_id_numbers(3)
    people = [ledger.volunteers.add(sample("volunteers", name=name, id_number=number))
              for name, number in zip(("甲", "乙", "丙"), numbers, strict=True)]
    # 99.5 h, 100 h, 100.5 h in records of at most 24 h
    for person, total in zip(people, (5970, 6000, 6030), strict=True):
        _serve(ledger, person, [1440] * 4 + [total - 4 * 1440])
    assert _levels(ledger) == {"甲": (5970, 0), "乙": (6000, 1), "丙": (6030, 1)}
    assert star_counts(ledger.db)["一星级"] == 2

    # changed thresholds: every level follows at once
    set_thresholds(ledger.db, "100.5/300/600/1000/1500", actor="测试员")
    assert thresholds(ledger.db) == [100.5, 300, 600, 1000, 1500]
    assert _levels(ledger) == {"甲": (5970, 0), "乙": (6000, 0), "丙": (6030, 1)}
    set_thresholds(ledger.db, [99.5, 200, 300, 400, 500], actor="测试员")
    assert _levels(ledger) == {"甲": (5970, 1), "乙": (6000, 1), "丙": (6030, 1)}
    with pytest.raises(ValidationError, match="逐级增加"):
        set_thresholds(ledger.db, "300/100/600/1000/1500", actor="测试员")


def test_a_record_to_the_recycle_bin_lowers_the_level(ledger):
    person = ledger.volunteers.add(sample("volunteers"))
    _serve(ledger, person, [1440] * 4 + [240])  # 100 h
    assert _levels(ledger)["李秀英"] == (6000, 1)
    record = ledger.service_records.list(ListQuery(limit=1))[0]
    ledger.service_records.soft_delete(record["id"])
    assert _levels(ledger)["李秀英"][1] == 0
    ledger.service_records.restore(record["id"])
    assert _levels(ledger)["李秀英"] == (6000, 1)
    ledger.activities.soft_delete(record["activity_id"])  # the activity's records stop counting
    assert _levels(ledger)["李秀英"][1] == 0


def test_new_stars_of_a_period(ledger):
    numbers = valid_id_numbers(3)
    early, crosser, late = (ledger.volunteers.add(sample("volunteers", name=name, id_number=n))
                            for name, n in zip(("早", "跨", "晚"), numbers, strict=True))
    _serve(ledger, early, [1440] * 5, date="2025-12-01")  # 一星 before 2026
    _serve(ledger, crosser, [1440] * 4, date="2025-12-01")
    _serve(ledger, crosser, [300], date="2026-02-01")  # 96 h → 101 h in 2026H1
    _serve(ledger, late, [1440] * 5, date="2026-08-01")  # crosses in 2026H2
    stars = new_stars(ledger.db, parse_period("2026H1"))
    assert [(s.name, s.previous, s.level, s.hours) for s in stars] == [("跨", 0, 1, 101.0)]
    assert new_stars_line(stars) == "本期新晋一星级1人"
    assert new_stars_line(new_stars(ledger.db, parse_period("2026"))) == "本期新晋一星级2人"
    assert new_stars_line(new_stars(ledger.db, parse_period("2025Q1"))) == "本期没有志愿者新晋星级"


def test_the_summary_names_the_new_star_volunteers(ledger):
    from datetime import date

    from chuangcheng_desktop.core.volunteers.stars import new_stars_sentence
    from chuangcheng_desktop.reports.summary.draft_data import DraftData
    from chuangcheng_desktop.reports.summary.draft_sections import draft_volunteer
    from chuangcheng_desktop.reports.summary.phrases import PhrasePicker

    numbers = valid_id_numbers(2)
    early, crosser = (ledger.volunteers.add(sample("volunteers", name=name, id_number=n))
                      for name, n in zip(("早", "跨"), numbers, strict=True))
    _serve(ledger, crosser, [1440] * 4, date="2025-12-01")
    _serve(ledger, crosser, [300], date="2026-02-01")
    _serve(ledger, early, [60], date="2026-02-01")
    period = parse_period("2026H1")
    assert new_stars_sentence(new_stars(ledger.db, period)) == "本期跨达到一星级志愿者标准。"
    assert new_stars_sentence([]) == ""
    data = DraftData.load(ledger, period, date(2026, 6, 30))
    text = "".join(draft_volunteer(data, PhrasePicker(seed=1)))
    assert "本期跨达到一星级志愿者标准。" in text


def test_the_kept_totals_equal_a_recount_after_every_kind_of_change(ledger):
    numbers = valid_id_numbers(2)
    one, two = (ledger.volunteers.add(sample("volunteers", name=name, id_number=n))
                for name, n in zip(("一", "二"), numbers, strict=True))
    _serve(ledger, one, [60, 90, 120])
    records = ledger.service_records.list(ListQuery(limit=None))
    ledger.service_records.update(records[0]["id"], {"minutes": 45})
    ledger.service_records.update(records[1]["id"], {"volunteer_id": two["id"]})
    ledger.service_records.soft_delete(records[2]["id"])
    ledger.activities.soft_delete(records[1]["activity_id"])
    ledger.activities.restore(records[1]["activity_id"])
    ledger.service_records.restore(records[2]["id"])
    ledger.activities.update(records[2]["activity_id"], {"date": "2026-08-01"})
    recount = dict(ledger.db.execute(
        "SELECT v.id, coalesce(sum(s.minutes), 0) FROM volunteers v LEFT JOIN service_records s "
        "ON s.volunteer_id = v.id AND s.deleted_at IS NULL AND s.activity_date != '' "
        "GROUP BY v.id").fetchall())
    kept = dict(ledger.db.execute("SELECT id, service_minutes FROM volunteers").fetchall())
    assert kept == recount == {one["id"]: 45 + 120, two["id"]: 90}
