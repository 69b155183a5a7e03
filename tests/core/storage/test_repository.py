"""Every repository operation on a real SQLite file: add, update, delete, restore, list, audit."""

from __future__ import annotations

import pytest

from chuangcheng_desktop.core.rules.periods import parse_period
from chuangcheng_desktop.core.storage.audit import list_audit
from chuangcheng_desktop.core.storage.errors import RecordNotFoundError, ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from tests.conftest import ID_FEMALE_1985, ID_MALE_1990, sample

SIMPLE_KINDS = ["teams", "volunteers", "activities", "inspections", "problems", "honours"]
EDITS = {
    "teams": ("leader", "张丽"),
    "volunteers": ("phone", "13900001111"),
    "activities": ("place", "文化广场"),
    "inspections": ("area", "农贸市场周边"),
    "problems": ("responsible_person", "钱伟"),
    "honours": ("title", "最美志愿者"),
}


@pytest.mark.parametrize("kind", SIMPLE_KINDS)
def test_add_update_delete_restore_each_kind(ledger, kind):
    repo = ledger.repository(kind)
    added = repo.add(sample(kind))
    assert repo.get(added["id"])["id"] == added["id"]
    assert repo.count() == 1

    field, value = EDITS[kind]
    updated = repo.update(added["id"], {field: value})
    assert updated[field] == value
    assert updated["updated_at"] >= added["updated_at"]

    repo.soft_delete(added["id"])
    assert repo.count() == 0
    assert repo.count(ListQuery(in_recycle_bin=True)) == 1
    with pytest.raises(RecordNotFoundError, match="回收站"):
        repo.update(added["id"], {field: value})

    restored = repo.restore(added["id"])
    assert restored["deleted_at"] is None
    assert repo.count() == 1

    actions = [row["action"] for row in list_audit(ledger.db, table=kind, row_id=added["id"])]
    assert actions == ["restore", "delete", "update", "insert"]
    update_row = list_audit(ledger.db, table=kind, row_id=added["id"])[2]
    assert update_row["new"][field] == value
    assert update_row["actor"] == "测试员"


def test_values_are_normalised_on_the_way_in(ledger):
    volunteer = ledger.volunteers.add(sample(
        "volunteers", id_number="33010219850612028x", phone="138-1234-5678",
        registered_on="2026/1/10"))
    assert volunteer["id_number"] == ID_FEMALE_1985
    assert volunteer["gender"] == "女"
    assert volunteer["birth_date"] == "1985-06-12"
    assert volunteer["phone"] == "13812345678"
    assert volunteer["political_status"] == "中共党员"
    assert volunteer["registered_on"] == "2026-01-10"
    activity = ledger.activities.add(sample("activities", measures="发放宣传资料 200份；清理面积 35m²"))
    assert activity["date"] == "2026-03-05"
    assert activity["start_time"] == "08:30"
    assert activity["participant_count"] == 20
    assert activity["measures"] == {"发放宣传资料": 200, "清理面积": 35}


def test_invalid_record_lists_every_bad_field_in_chinese_and_saves_nothing(ledger):
    with pytest.raises(ValidationError) as raised:
        ledger.volunteers.add({"name": "", "id_number": "110101199003078514",
                               "phone": "12345", "registered_on": "2026-02-30"})
    fields = [error.field for error in raised.value.errors]
    assert fields == ["name", "id_number", "phone", "registered_on"]
    assert raised.value.for_field("name") == "姓名：不能为空，请填写"
    assert raised.value.for_field("id_number").startswith("身份证号：")
    assert "校验" in raised.value.for_field("id_number")
    assert ledger.volunteers.count() == 0
    assert list_audit(ledger.db, table="volunteers") == []


def test_gender_must_agree_with_the_id_number(ledger):
    with pytest.raises(ValidationError, match="性别：身份证号显示为男"):
        ledger.volunteers.add(sample("volunteers", id_number=ID_MALE_1990, gender="女"))


def test_duplicate_live_id_number_is_refused_but_a_deleted_one_is_not(ledger):
    first = ledger.volunteers.add(sample("volunteers"))
    with pytest.raises(ValidationError, match="已有此身份证号（李秀英）"):
        ledger.volunteers.add(sample("volunteers", name="李秀"))
    ledger.volunteers.soft_delete(first["id"])
    second = ledger.volunteers.add(sample("volunteers", name="李秀"))
    with pytest.raises(ValidationError, match="已有此身份证号（李秀）"):
        ledger.volunteers.restore(first["id"])
    assert ledger.volunteers.get(second["id"])["name"] == "李秀"


def test_problem_rules_deadline_and_completion(ledger):
    with pytest.raises(ValidationError) as raised:
        ledger.problems.add(sample("problems", deadline="2026-04-01"))
    assert raised.value.for_field("deadline") == (
        "整改期限：早于发现日期，请填写发现日期当天或之后的日期")
    with pytest.raises(ValidationError) as raised:
        ledger.problems.add(sample("problems", status="已完成"))
    assert raised.value.for_field("measures").startswith("整改措施：")
    assert raised.value.for_field("completed_on").startswith("完成日期：")
    done = ledger.problems.add(sample("problems", status="已完成", measures="清运垃圾，增设垃圾桶2个",
                                      completed_on="2026-04-04"))
    assert done["status"] == "已完成"


def test_problem_status_changes_only_through_the_workflow(ledger):
    problem = ledger.problems.add(sample("problems"))
    with pytest.raises(ValidationError, match="整改状态：请用"):
        ledger.problems.update(problem["id"], {"status": "整改中"})
    assert ledger.problems.get(problem["id"])["status"] == "待整改"
    edited = ledger.problems.update(problem["id"], {"checkpoint": "农贸市场南门"})
    assert edited["checkpoint"] == "农贸市场南门"


def test_negative_counts_are_refused(ledger):
    with pytest.raises(ValidationError, match="参与人数：不能为负数"):
        ledger.activities.add(sample("activities", participant_count=-3))


def test_service_record_needs_live_activity_and_volunteer_and_reason_for_buly(ledger):
    activity = ledger.activities.add(sample("activities"))
    volunteer = ledger.volunteers.add(sample("volunteers"))
    with pytest.raises(ValidationError, match="补录原因：补录的服务记录必须写明原因"):
        ledger.service_records.add({"activity_id": activity["id"], "volunteer_id": volunteer["id"],
                                    "minutes": 120, "source": "补录"})
    with pytest.raises(ValidationError, match="活动：所选记录不存在或已删除"):
        ledger.service_records.add({"activity_id": "no-such-id", "volunteer_id": volunteer["id"],
                                    "minutes": 120})
    record = ledger.service_records.add({"activity_id": activity["id"],
                                         "volunteer_id": volunteer["id"], "minutes": "180"})
    assert record["minutes"] == 180


def test_add_many_is_all_or_nothing_with_row_numbers(ledger):
    rows = [sample("activities"), sample("activities", date="2026-13-01"), sample("activities")]
    with pytest.raises(ValidationError) as raised:
        ledger.activities.add_many(rows)
    assert raised.value.errors[0].message.startswith("第2条：活动日期：")
    assert ledger.activities.count() == 0


def _activities(ledger: Ledger) -> None:
    ledger.activities.add_many([
        sample("activities", title="清明祭英烈", category="我们的节日", festival="清明",
               date="2026-04-05", place="烈士陵园"),
        sample("activities", title="垃圾分类宣传", category="宣传教育", date="2026-05-10",
               place="青松小区东门"),
        sample("activities", title="重阳敬老", category="我们的节日", festival="重阳节",
               date="2026-10-18", place="社区日间照料中心"),
        sample("activities", title="背街小巷清洁", category="环境整治", date="2026-05-20",
               place="青松小区后巷"),
    ])


def test_list_filters_by_period_category_and_chinese_substring(ledger):
    _activities(ledger)
    h1 = parse_period("2026H1")
    assert ledger.activities.count(ListQuery(period=h1)) == 3
    assert ledger.activities.count(ListQuery(filters={"category": "我们的节日"})) == 2
    assert ledger.activities.count(ListQuery(period=h1, filters={"category": "我们的节日"})) == 1
    found = ledger.activities.list(ListQuery(text="小区"))
    assert {row["title"] for row in found} == {"垃圾分类宣传", "背街小巷清洁"}
    assert [r["title"] for r in ledger.activities.list(ListQuery(text="青松 后巷"))] == ["背街小巷清洁"]
    assert ledger.activities.count(ListQuery(text="敬老")) == 1
    assert ledger.activities.count(ListQuery(filters={"category": ["环境整治", "宣传教育"]})) == 2


def test_list_orders_and_pages(ledger):
    _activities(ledger)
    by_date = ledger.activities.list(ListQuery(order_by="date"))
    assert [row["date"] for row in by_date] == ["2026-04-05", "2026-05-10", "2026-05-20",
                                                "2026-10-18"]
    page = ledger.activities.list(ListQuery(order_by="date", descending=True, limit=2, offset=1))
    assert [row["date"] for row in page] == ["2026-05-20", "2026-05-10"]
    with pytest.raises(ValueError):
        ledger.activities.list(ListQuery(order_by="date; DROP TABLE activities"))


def test_overdue_filter_for_problems(ledger):
    from datetime import date

    ledger.problems.add(sample("problems", deadline="2026-04-05"))
    ledger.problems.add(sample("problems", deadline="2026-04-10"))
    assert ledger.problems.count(ListQuery(overdue_on=date(2026, 4, 5))) == 0
    assert ledger.problems.count(ListQuery(overdue_on=date(2026, 4, 6))) == 1
    assert ledger.problems.count(ListQuery(overdue_on=date(2026, 4, 11))) == 2


def test_profile_update_is_validated_and_audited(ledger):
    profile = ledger.update_profile({"unit_name": "青松社区", "resident_population": "12000",
                                     "volunteer_target_ratio": "8%"})
    assert profile["resident_population"] == 12000
    assert profile["volunteer_target_ratio"] == pytest.approx(0.08)
    with pytest.raises(ValidationError, match="常住人口"):
        ledger.update_profile({"resident_population": "-5"})
    assert ledger.profile()["resident_population"] == 12000
    audit = list_audit(ledger.db, table="unit_profile")
    assert audit[0]["new"]["unit_name"] == "青松社区"


def test_text_keeps_chinese_punctuation_and_paragraphs(ledger):
    activity = ledger.activities.add(sample("activities", content="（一）集中宣传：\n（二）入户走访。"))
    assert activity["content"] == "（一）集中宣传：\n（二）入户走访。"


def test_search_gives_the_same_page_through_either_search_path(ledger, monkeypatch):
    from chuangcheng_desktop.core.storage import repository

    _activities(ledger)
    query = ListQuery(text="小区", order_by="date", descending=True)
    few = [row["title"] for row in ledger.activities.list(query)]
    monkeypatch.setattr(repository, "SEARCH_PREFILTER_LIMIT", 1)
    many = [row["title"] for row in ledger.activities.list(query)]
    assert few == many == ["背街小巷清洁", "垃圾分类宣传"]
    assert ledger.activities.count(query) == 2
    assert ledger.activities.count(ListQuery(text="小区", in_recycle_bin=True)) == 0
