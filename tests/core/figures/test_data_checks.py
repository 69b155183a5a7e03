"""数据核对: each kind of embarrassing record is found, named and points at its record."""

from __future__ import annotations

from datetime import date

from chuangcheng_desktop.core.figures.data_checks import count_data_issues, find_data_issues
from tests.conftest import ID_MALE_1990, sample

TODAY = date(2026, 11, 30)


def test_clean_ledger_has_nothing_to_check(ledger):
    volunteer = ledger.volunteers.add(sample("volunteers"))
    activity = ledger.activities.add(sample("activities"))
    ledger.service_records.add({"activity_id": activity["id"], "volunteer_id": volunteer["id"],
                                "minutes": 180})
    ledger.problems.add(sample("problems", status="已完成", measures="已清运",
                               completed_on="2026-04-03"))
    assert find_data_issues(ledger.db, TODAY) == []


def test_each_kind_is_found_with_its_record(ledger):
    late = ledger.volunteers.add(sample("volunteers", name="王建国", id_number=ID_MALE_1990,
                                        registered_on="2026-05-01"))
    activity = ledger.activities.add(sample("activities"))  # 2026-03-05, 08:30–11:30
    ledger.service_records.add({"activity_id": activity["id"], "volunteer_id": late["id"],
                                "minutes": 240})
    future = ledger.activities.add(sample("activities", title="元旦联欢", date="2027-01-01"))
    problem = ledger.problems.add(sample("problems", status="已完成", measures="已清运",
                                         completed_on="2026-04-03"))
    # an older ledger or an import may hold what the form now refuses
    ledger.db.execute("UPDATE problems SET completed_on = '2026-03-01' WHERE id = ?", [problem["id"]])

    issues = {issue.kind: issue for issue in find_data_issues(ledger.db, TODAY)}
    assert set(issues) == {"before_registration", "hours_over_activity", "future_activity",
                           "completed_before_found"}
    before = issues["before_registration"]
    assert (before.table, before.row_id) == ("volunteers", late["id"])
    assert before.text == "志愿者王建国在2026年3月5日参加“文明交通劝导”，早于其注册日期2026年5月1日"
    hours = issues["hours_over_activity"]
    assert (hours.table, hours.row_id) == ("activities", activity["id"])
    assert "活动3小时，王建国记录服务4小时" in hours.text
    assert issues["future_activity"].row_id == future["id"]
    assert "元旦联欢" in issues["future_activity"].text
    done = issues["completed_before_found"]
    assert (done.table, done.row_id) == ("problems", problem["id"])
    assert "完成日期2026年3月1日早于发现日期2026年4月2日" in done.text
    assert count_data_issues(ledger.db, TODAY) == 4
    assert issues["future_activity"].label == "活动日期在今天之后"
