"""The window's read-only lists: a volunteer's service, attendance, due problems, labels."""

from __future__ import annotations

from datetime import date

from chuangcheng_desktop.core.storage import queries
from tests.conftest import ID_FEMALE_1985, ID_MALE_1990, sample


def _service(ledger):
    li = ledger.volunteers.add(sample("volunteers", name="李秀英", id_number=ID_FEMALE_1985))
    wang = ledger.volunteers.add(sample("volunteers", name="王强", id_number=ID_MALE_1990))
    march = ledger.activities.add(sample("activities", date="2026-03-05"))
    april = ledger.activities.add(sample("activities", title="垃圾分类", date="2026-04-01"))
    ledger.service_records.add_many([
        {"activity_id": march["id"], "volunteer_id": li["id"], "minutes": 180},
        {"activity_id": april["id"], "volunteer_id": li["id"], "minutes": 90,
         "source": "补录", "reason": "签到表遗失"},
        {"activity_id": march["id"], "volunteer_id": wang["id"], "minutes": 60},
    ])
    return li, wang, march, april


def test_volunteer_service_totals_and_records(ledger):
    li, _wang, _march, april = _service(ledger)
    service = queries.volunteer_service(ledger.db, li["id"])
    assert service.total_minutes == 270 and service.total_hours == 4.5
    assert service.activities == 2
    assert [r["title"] for r in service.records] == ["垃圾分类", "文明交通劝导"]
    assert service.records[0]["source"] == "补录"
    # a deleted activity no longer counts
    ledger.activities.soft_delete(april["id"])
    assert queries.volunteer_service(ledger.db, li["id"]).total_minutes == 180
    assert queries.volunteer_service(ledger.db, "nobody").records == []


def test_activity_attendance_and_counts(ledger):
    _li, wang, march, april = _service(ledger)
    rows = queries.activity_attendance(ledger.db, march["id"])
    assert [(r["name"], r["minutes"]) for r in rows] == sorted(
        [("李秀英", 180), ("王强", 60)])
    assert rows[0]["id_number"] in (ID_FEMALE_1985, ID_MALE_1990)
    counts = queries.attendance_counts(ledger.db, [march["id"], april["id"], "x"])
    assert counts == {march["id"]: (2, 240), april["id"]: (1, 90)}
    assert queries.attendance_counts(ledger.db, []) == {}
    ledger.volunteers.soft_delete(wang["id"])
    assert [r["name"] for r in queries.activity_attendance(ledger.db, march["id"])] == ["李秀英"]


def test_due_problems_overdue_and_this_week(ledger):
    today = date(2026, 4, 10)
    late = ledger.problems.add(sample("problems", found_on="2026-04-01", deadline="2026-04-05"))
    soon = ledger.problems.add(sample("problems", found_on="2026-04-08", deadline="2026-04-15"))
    ledger.problems.add(sample("problems", found_on="2026-04-08", deadline="2026-05-30"))
    ledger.problems.add(sample("problems", found_on="2026-04-01", deadline="2026-04-03",
                               status="已完成", measures="已清运", completed_on="2026-04-02"))
    due = queries.due_problems(ledger.db, today)
    assert [r["id"] for r in due.overdue] == [late["id"]]
    assert [r["id"] for r in due.due_soon] == [soon["id"]]
    today_due = queries.due_problems(ledger.db, date(2026, 4, 15))
    assert [r["id"] for r in today_due.due_soon] == [soon["id"]]


def test_team_names_and_inspection_labels(ledger):
    team = ledger.teams.add(sample("teams"))
    assert queries.team_names(ledger.db) == {team["id"]: "青松环保志愿服务队"}
    inspection = ledger.inspections.add(sample("inspections"))
    assert queries.inspection_labels(ledger.db) == [(inspection["id"], "2026-04-02 上级巡查 区创城办")]
