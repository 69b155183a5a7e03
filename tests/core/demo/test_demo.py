"""Tests for chuangcheng_desktop.core.demo.builder (community scale only; street is a benchmark)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from chuangcheng_desktop.core.demo.builder import generate_demo_data
from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.festivals import festival_dates
from chuangcheng_desktop.core.rules.identity import id_check_char, parse_id_number, parse_phone
from chuangcheng_desktop.core.storage.attachments import attachment_file, image_kind
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery

TODAY = date(2026, 6, 30)


def _build(folder: Path, *, seed: int = 1, today: date = TODAY, progress=None):
    ledger = Ledger.open_in(folder, actor="测试员")
    counts = generate_demo_data(ledger, folder / "attachments", seed=seed, today=today,
                                progress=progress)
    return ledger, counts


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    steps: list[tuple[int, str]] = []
    ledger, counts = _build(folder, progress=lambda p, s: steps.append((p, s)))
    yield ledger, counts, folder, steps
    ledger.close()


def _rows(ledger: Ledger, sql: str, params=()) -> list[tuple]:
    return ledger.db.execute(sql, params).fetchall()


def test_counts_are_in_the_expected_ranges(demo) -> None:
    ledger, counts, _, _ = demo
    expected = {
        "teams": (8, 10), "volunteers": (750, 850), "activities": (140, 160),
        "service_records": (800, 3000), "inspections": (35, 45), "problems": (110, 130),
        "rechecks": (80, 200), "attachments": (25, 35), "honours": (3, 10),
    }
    assert set(counts) == set(expected)
    for table, (low, high) in expected.items():
        assert low <= counts[table] <= high, table
        assert ledger.repository(table).count(ListQuery(limit=None)) == counts[table]


def test_profile_is_filled(demo) -> None:
    profile = demo[0].profile()
    assert profile["unit_name"].endswith("社区")
    assert profile["parent_unit"].endswith("街道")
    assert 9_000 <= profile["resident_population"] <= 11_000
    assert profile["preparer"] and profile["reviewer"] and profile["contact_phone"]


def test_same_seed_gives_the_same_ledger(demo, tmp_path) -> None:
    ledger, _, _, _ = demo
    other, _ = _build(tmp_path)
    try:
        query = "SELECT id, title, date, start_time FROM activities ORDER BY date, rowid"
        assert _rows(other, query) == _rows(ledger, query)
        query = "SELECT id, name, id_number FROM volunteers ORDER BY rowid"
        assert _rows(other, query) == _rows(ledger, query)
    finally:
        other.close()


def test_another_seed_gives_another_ledger(demo, tmp_path) -> None:
    other, _ = _build(tmp_path, seed=2)
    try:
        query = "SELECT title, date FROM activities ORDER BY date, rowid"
        assert _rows(other, query) != _rows(demo[0], query)
    finally:
        other.close()


def test_activities_span_this_year_up_to_today(demo) -> None:
    ledger = demo[0]
    first, last = _rows(ledger, "SELECT min(date), max(date) FROM activities")[0]
    assert date(2026, 1, 1).isoformat() <= first
    assert last <= TODAY.isoformat()
    categories = Counter(row[0] for row in _rows(ledger, "SELECT category FROM activities"))
    assert set(categories) == set(vocab.ACTIVITY_CATEGORIES)
    assert categories.most_common(1)[0][0] == "志愿服务"
    titles = {row[0] for row in _rows(ledger, "SELECT title FROM activities")}
    assert len(titles) >= 50


def test_festival_activities_fall_on_their_real_dates(demo) -> None:
    ledger = demo[0]
    rows = _rows(ledger, "SELECT festival, date FROM activities WHERE category = '我们的节日'")
    assert rows
    real = festival_dates(2026)
    for festival, day in rows:
        assert day == real[festival].isoformat()
    held = {festival for festival, _ in rows}
    assert held == {name for name, day in real.items() if day <= TODAY}
    assert not _rows(ledger, "SELECT 1 FROM activities WHERE festival != '' "
                             "AND category != '我们的节日'")


def test_activity_measures_use_known_names(demo) -> None:
    for activity in demo[0].activities.list(ListQuery(limit=None)):
        for name in activity["measures"]:
            assert name in vocab.MEASURE_UNITS
        assert activity["start_time"] < activity["end_time"]


def test_volunteers_are_believable(demo) -> None:
    ledger = demo[0]
    volunteers = ledger.volunteers.list(ListQuery(limit=None))
    for volunteer in volunteers:
        info = parse_id_number(volunteer["id_number"])
        assert info.number == volunteer["id_number"]
        assert volunteer["id_number"].startswith("3301")
        assert info.gender == volunteer["gender"]
        age = (TODAY - info.birth_date).days / 365.25
        assert 16 <= age < 79
        assert parse_phone(volunteer["phone"]) == volunteer["phone"]
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}", volunteer["name"])
        assert TODAY - timedelta(days=4 * 366) <= date.fromisoformat(
            volunteer["registered_on"]) <= TODAY
    statuses = Counter(v["political_status"] for v in volunteers)
    party = statuses["中共党员"] / len(volunteers)
    assert 0.18 <= party <= 0.32
    exited = [v for v in volunteers if v["status"] == "退出"]
    assert 0.02 <= len(exited) / len(volunteers) <= 0.09
    assert all(v["exited_on"] >= v["registered_on"] for v in exited)
    assert len({v["id_number"] for v in volunteers}) == len(volunteers)


def test_id_check_char() -> None:
    assert id_check_char("11010519491231002") == "X"
    assert id_check_char("44052418800101001") == "4"


def test_service_records_fit_their_activity(demo) -> None:
    ledger = demo[0]
    rows = _rows(ledger, """
        SELECT a.category, a.date, a.start_time, a.end_time, s.minutes, s.source, s.reason,
               v.registered_on, v.exited_on
        FROM service_records s JOIN activities a ON a.id = s.activity_id
        JOIN volunteers v ON v.id = s.volunteer_id""")
    assert rows
    for category, day, start, end, minutes, source, reason, registered, exited in rows:
        assert category in ("志愿服务", "环境整治", "我们的节日", "文明实践")
        span = (int(end[:2]) * 60 + int(end[3:])) - (int(start[:2]) * 60 + int(start[3:]))
        assert 0 < minutes <= span
        assert registered <= day
        assert exited is None or exited >= day
        assert (source == "补录") == bool(reason)
    made_up = sum(1 for row in rows if row[5] == "补录") / len(rows)
    assert 0.01 <= made_up <= 0.10


def test_every_inspection_source_and_problem_status_is_present(demo) -> None:
    ledger = demo[0]
    sources = {row[0] for row in _rows(ledger, "SELECT source FROM inspections")}
    assert sources == set(vocab.INSPECTION_SOURCES)
    categories = {row[0] for row in _rows(ledger, "SELECT category FROM problems")}
    assert categories == set(vocab.PROBLEM_CATEGORIES)
    statuses = Counter(row[0] for row in _rows(ledger, "SELECT status FROM problems"))
    assert set(statuses) == set(vocab.PROBLEM_STATUSES)
    assert statuses[vocab.PROBLEM_DONE] > sum(statuses.values()) / 2


def test_some_problems_are_overdue_and_some_due_soon(demo) -> None:
    ledger = demo[0]
    overdue = ledger.problems.count(ListQuery(overdue_on=TODAY, limit=None))
    assert 1 <= overdue <= 30
    due_soon = _rows(ledger, "SELECT count(*) FROM problems WHERE status != '已完成' "
                             "AND deadline BETWEEN ? AND ?",
                     [TODAY.isoformat(), (TODAY + timedelta(days=3)).isoformat()])[0][0]
    assert due_soon >= 1


def test_problems_are_consistent(demo) -> None:
    ledger = demo[0]
    problems = ledger.problems.list(ListQuery(limit=None))
    late = 0
    for problem in problems:
        assert problem["found_on"] <= TODAY.isoformat()
        gap = date.fromisoformat(problem["deadline"]) - date.fromisoformat(problem["found_on"])
        assert 3 <= gap.days <= 15
        if problem["status"] == vocab.PROBLEM_DONE:
            assert problem["measures"]
            assert problem["found_on"] <= problem["completed_on"] <= TODAY.isoformat()
            late += problem["completed_on"] > problem["deadline"]
        else:
            assert problem["completed_on"] is None
    assert late >= 1
    done = {p["id"] for p in problems if p["status"] == vocab.PROBLEM_DONE}
    passed = {row[0] for row in _rows(ledger, "SELECT problem_id FROM rechecks WHERE passed = 1")}
    assert passed == done
    assert _rows(ledger, "SELECT count(*) FROM rechecks WHERE passed = 0")[0][0] >= 1
    linked = _rows(ledger, "SELECT count(*) FROM problems WHERE inspection_id IS NOT NULL")[0][0]
    assert linked > len(problems) / 2


def test_photos_are_stored_once_each_and_attached(demo) -> None:
    ledger, counts, folder, _ = demo
    rows = ledger.attachments.list(ListQuery(limit=None))
    roles = Counter(row["role"] for row in rows)
    assert roles["现场照片"] and roles["整改前"] and roles["整改后"]
    files = [p for p in (folder / "attachments").rglob("*") if p.is_file()]
    assert len(files) == len({row["sha256"] for row in rows}) == counts["attachments"]
    for row in rows:
        path = attachment_file(folder / "attachments", row)
        assert image_kind(path.read_bytes()[:16]) == "png"
        assert ledger.repository(row["owner_table"]).get(row["owner_id"])


def test_progress_reaches_100(demo) -> None:
    steps = demo[3]
    percents = [p for p, _ in steps]
    assert percents == sorted(percents)
    assert percents[-1] == 100
    assert all(text for _, text in steps)


def test_refuses_a_ledger_that_already_has_records(demo) -> None:
    ledger, _, folder, _ = demo
    with pytest.raises(UserFacingError, match="已有台账记录"):
        generate_demo_data(ledger, folder / "attachments", today=TODAY)


def test_refuses_unknown_scale(ledger, tmp_path) -> None:
    with pytest.raises(UserFacingError, match="规模"):
        generate_demo_data(ledger, tmp_path / "attachments", scale="city")


def test_early_in_the_year_last_year_is_included(tmp_path) -> None:
    ledger, _ = _build(tmp_path, today=date(2026, 1, 20))
    try:
        first, last = _rows(ledger, "SELECT min(date), max(date) FROM activities")[0]
        assert first.startswith("2025-01")
        assert last <= "2026-01-20"
        festivals = _rows(ledger, "SELECT DISTINCT festival FROM activities WHERE festival != ''")
        assert {row[0] for row in festivals} == set(vocab.FESTIVALS)  # all seven of 2025
        assert ledger.problems.count(ListQuery(overdue_on=date(2026, 1, 20), limit=None)) >= 1
    finally:
        ledger.close()
