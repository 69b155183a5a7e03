"""Statistics over a hand-built ledger in which every figure is known."""

from __future__ import annotations

from datetime import date

import pytest

from chuangcheng_desktop.core.figures.statistics import compute_statistics
from chuangcheng_desktop.core.figures.stats_text import statistics_text
from chuangcheng_desktop.core.rules.periods import parse_period

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def valid_id(first17: str) -> str:
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, W, strict=True)) % 11]


@pytest.fixture
def known(ledger):
    """The dataset; the numbers in the comments are what 2026H1 must report."""
    ledger.update_profile({"unit_name": "青松社区", "resident_population": 1000,
                           "volunteer_target_ratio": 0.08})
    ledger.teams.add({"name": "青松环保队", "category": "环境保护"})
    ledger.teams.add({"name": "夕阳红为老服务队", "category": "为老服务"})
    v = {}
    for key, name, first17, registered, status, exited, political in [
        ("A", "张伟", "33010219800101001", "2025-12-01", "在册", None, "中共党员"),
        ("B", "王芳", "33010219900202002", "2026-02-01", "在册", None, "群众"),
        ("C", "李娜", "33010219950303004", "2026-03-01", "退出", "2026-05-01", "共青团员"),
        ("D", "赵敏", "33010220000404006", "2026-08-01", "在册", None, "群众"),
        ("E", "孙丽", "33010219880505008", "2026-01-15", "在册", None, "群众"),
    ]:
        v[key] = ledger.volunteers.add({
            "name": name, "id_number": valid_id(first17), "registered_on": registered,
            "status": status, "exited_on": exited, "political_status": political})
    ledger.volunteers.soft_delete(v["E"]["id"])

    def activity(title, category, day, people, measures=None, festival=""):
        return ledger.activities.add({"title": title, "category": category, "date": day,
                                      "participant_count": people, "measures": measures or {},
                                      "festival": festival})

    a1 = activity("助老服务", "志愿服务", "2026-01-20", 30)
    activity("文明宣传", "宣传教育", "2026-02-10", 50, {"发放宣传资料": 300, "悬挂横幅": 2})
    a3 = activity("清明祭扫", "我们的节日", "2026-04-05", 40, festival="清明")
    a4 = activity("环境大扫除", "环境整治", "2026-05-20", 25,
                  {"清理面积": 1200, "清理卫生死角": 6, "植树（棵）": 30})
    activity("垃圾分类宣传", "宣传教育", "2026-05-25", 10, {"发放宣传资料": 200})
    a6 = activity("暑期托管", "志愿服务", "2026-07-01", 99)
    a7 = activity("已删除活动", "志愿服务", "2026-03-03", 99)

    def serve(act, vol, minutes, source="签到", reason=""):
        ledger.service_records.add({"activity_id": act["id"], "volunteer_id": v[vol]["id"],
                                    "minutes": minutes, "source": source, "reason": reason})

    serve(a1, "A", 120)
    serve(a1, "B", 90)
    serve(a3, "A", 60)
    serve(a3, "B", 30, "补录", "当天签到表遗失")
    serve(a4, "C", 180)
    serve(a6, "A", 600)
    serve(a7, "B", 100)
    ledger.activities.soft_delete(a7["id"])

    for day, source in [("2026-03-10", "上级巡查"), ("2026-04-01", "暗访"), ("2026-06-01", "自查"),
                        ("2026-08-01", "上级巡查")]:
        ledger.inspections.add({"date": day, "source": source})

    def problem(found, deadline, category, source, status="待整改", completed=None):
        done = status == "已完成"
        ledger.problems.add({
            "found_on": found, "deadline": deadline, "category": category, "source": source,
            "checkpoint": "青松小区", "description": "问题", "status": status,
            "completed_on": completed, "measures": "已整改" if done else ""})

    problem("2026-03-10", "2026-03-13", "环境卫生", "上级巡查", "已完成", "2026-03-12")
    problem("2026-03-10", "2026-03-13", "环境卫生", "上级巡查", "已完成", "2026-03-20")
    problem("2026-04-01", "2026-04-05", "公共秩序", "暗访", "整改中")
    problem("2026-06-01", "2026-07-05", "宣传氛围", "自查")
    problem("2026-06-20", "2026-06-30", "设施维护", "自查", "待复查")
    problem("2026-08-01", "2026-08-03", "环境卫生", "上级巡查")

    ledger.honours.add({"title": "优秀志愿者", "level": "市级", "recipient": "张伟",
                        "date": "2026-05-20"})
    ledger.honours.add({"title": "好人", "level": "省", "outcome": "提名", "recipient": "王芳",
                        "date": "2026-06-01"})
    ledger.honours.add({"title": "文明家庭", "level": "县", "recipient": "李娜",
                        "date": "2026-09-01"})
    return ledger


def test_every_figure_of_the_half_year(known):
    stats = compute_statistics(known.db, parse_period("2026H1"), as_of=date(2026, 7, 1))
    assert (stats.period_code, stats.period_name) == ("2026H1", "2026年上半年")
    assert stats.unit_name == "青松社区"

    a = stats.activities
    assert a.total == 5
    assert a.participants == 155
    assert a.by_category == {"志愿服务": 1, "宣传教育": 2, "我们的节日": 1, "环境整治": 1}
    assert a.participants_by_category["宣传教育"] == 60
    assert a.by_festival == {"清明": 1}
    assert [(m.month, m.activities) for m in a.by_month] == [
        ("2026-01", 1), ("2026-02", 1), ("2026-03", 0), ("2026-04", 1), ("2026-05", 2),
        ("2026-06", 0)]
    assert a.months_without_activities == ["2026-03", "2026-06"]

    v = stats.volunteers
    assert (v.registered, v.new_in_period, v.exited_in_period) == (2, 2, 1)
    assert v.ratio == pytest.approx(0.002)
    assert v.meets_target is False
    assert v.teams == 2
    assert v.by_political_status == {"中共党员": 1, "群众": 1}

    s = stats.service
    assert (s.records, s.supplementary_records, s.volunteers_served) == (5, 1, 3)
    assert s.total_minutes == 480
    assert s.total_hours == 8.0
    assert s.hours_per_volunteer == 2.7
    assert [(t.name, t.hours, t.records) for t in s.top_volunteers] == [
        ("张伟", 3.0, 2), ("李娜", 3.0, 1), ("王芳", 2.0, 2)]

    assert stats.inspections.total == 3
    assert stats.inspections.by_source == {"上级巡查": 1, "暗访": 1, "自查": 1}

    p = stats.problems
    assert (p.found, p.rectified, p.rectified_on_time, p.in_progress, p.overdue) == (5, 2, 1, 3, 2)
    assert p.rectification_rate == pytest.approx(0.4)
    assert p.by_status == {"待整改": 1, "整改中": 1, "待复查": 1, "已完成": 2}
    assert p.by_category == {"环境卫生": 2, "公共秩序": 1, "宣传氛围": 1, "设施维护": 1}
    assert p.by_source == {"上级巡查": 2, "暗访": 1, "自查": 2}
    assert [(r.name, r.found, r.rectified, r.overdue) for r in p.by_checkpoint] == [
        ("青松小区", 5, 2, 2)]
    assert [r.name for r in p.by_responsible_unit] == ["（未填写）"]

    assert [(m.name, m.unit, m.total) for m in stats.materials] == [
        ("发放宣传资料", "份", 500), ("悬挂横幅", "条", 2), ("清理卫生死角", "处", 6),
        ("清理面积", "m²", 1200), ("植树", "棵", 30)]
    assert stats.honours.total == 1
    assert stats.honours.by_level == {"市": 1}


def test_overdue_depends_on_the_as_of_day(known):
    h1 = parse_period("2026H1")
    # p3's deadline is 04-05, p5's 06-30, p4's 07-05: overdue the day after the deadline.
    assert compute_statistics(known.db, h1, as_of=date(2026, 6, 30)).problems.overdue == 1
    assert compute_statistics(known.db, h1, as_of=date(2026, 7, 1)).problems.overdue == 2
    assert compute_statistics(known.db, h1, as_of=date(2026, 7, 6)).problems.overdue == 3


def test_a_quarter_and_an_empty_period(known):
    q3 = compute_statistics(known.db, parse_period("2026Q3"), as_of=date(2026, 12, 1))
    assert q3.activities.total == 1
    assert q3.service.total_minutes == 600
    assert q3.volunteers.registered == 3  # A, B and D (C left in May)
    empty = compute_statistics(known.db, parse_period("2024"), as_of=date(2026, 12, 1))
    assert empty.activities.total == 0
    assert empty.problems.rectification_rate is None
    assert empty.service.hours_per_volunteer is None


def test_json_keys_are_stable_and_text_is_chinese(known):
    stats = compute_statistics(known.db, parse_period("2026H1"), as_of=date(2026, 7, 1))
    data = stats.to_dict()
    assert set(data) == {"period_code", "period_name", "start", "end", "as_of", "unit_name",
                         "activities", "volunteers", "service", "inspections", "problems",
                         "materials", "honours", "score", "checkpoints"}
    assert data["score"]["total_deduction"] > 0
    assert data["service"]["top_volunteers"][0]["name"] == "张伟"
    text = statistics_text(stats)
    for expected in ("活动总数：5次", "参与人数：155人次", "服务总时长：8小时", "整改率：40%",
                     "注册率：0.2%（目标 8%，未达标）", "发放宣传资料：500份", "清理面积：1200m²"):
        assert expected in text


def test_rankings_order_by_count_then_overdue(ledger):
    def problem(checkpoint, unit, deadline="2026-05-10"):
        ledger.problems.add({"found_on": "2026-05-01", "deadline": deadline, "source": "自查",
                             "checkpoint": checkpoint, "category": "环境卫生",
                             "description": "问题", "responsible_unit": unit})

    for _ in range(3):
        problem("农贸市场", "市场管理方")
    problem("公园", "物业公司", deadline="2026-06-30")
    problem("青松路", "物业公司")
    problem("青松路", "环卫所", deadline="2026-06-30")
    problem("公交站", "环卫所", deadline="2026-06-30")
    stats = compute_statistics(ledger.db, parse_period("2026Q2"), as_of=date(2026, 6, 1))
    assert [(r.name, r.found, r.overdue) for r in stats.problems.by_checkpoint] == [
        ("农贸市场", 3, 3), ("青松路", 2, 1), ("公交站", 1, 0), ("公园", 1, 0)]
    assert [(r.name, r.found, r.overdue) for r in stats.problems.by_responsible_unit] == [
        ("市场管理方", 3, 3), ("物业公司", 2, 1), ("环卫所", 2, 0)]


def test_figures_follow_edits_deletes_and_restores_of_activities(known):
    h1, q3 = parse_period("2026H1"), parse_period("2026Q3")
    activity = next(a for a in known.activities.list() if a["title"] == "环境大扫除")
    known.activities.update(activity["id"], {"date": "2026-08-08",
                                             "measures": {"清理面积": 50}})
    first = compute_statistics(known.db, h1, as_of=date(2026, 7, 1))
    assert first.service.total_minutes == 300  # 李娜's 180 minutes moved to Q3
    assert [(m.name, m.total) for m in first.materials if m.name == "清理面积"] == []
    third = compute_statistics(known.db, q3, as_of=date(2026, 12, 1))
    assert third.service.total_minutes == 780
    assert [(m.name, m.total) for m in third.materials] == [("清理面积", 50)]
    known.activities.soft_delete(activity["id"])
    gone = compute_statistics(known.db, q3, as_of=date(2026, 12, 1))
    assert (gone.service.total_minutes, gone.materials) == (600, [])
    known.activities.restore(activity["id"])
    back = compute_statistics(known.db, q3, as_of=date(2026, 12, 1))
    assert back.service.total_minutes == 780
    assert [(m.name, m.total) for m in back.materials] == [("清理面积", 50)]
