"""Drafting reads the ledger in SQL, each thing once, and picks the same highlights as
when it ranked every activity of the period in Python."""

from __future__ import annotations

import random
from datetime import date

import pytest

from chuangcheng_desktop.core.rules.periods import parse_period
from chuangcheng_desktop.reports.summary.draft_data import CATEGORY_SECTION, DraftData
from chuangcheng_desktop.reports.summary.draft_sections import pick_highlights
from chuangcheng_desktop.reports.summary.drafting import build_default_context
from tests.conftest import sample

AS_OF = date(2026, 12, 31)
TITLES = ["文明交通劝导", "垃圾分类宣传", "敬老院慰问", "清理小广告", "广场舞展演"]


@pytest.fixture
def crowded(ledger):
    """A year where the best-scored activities crowd into one month under one title, so
    picking must look past them for other months and titles."""
    rng = random.Random(7)
    rows = []
    for n in range(60):  # the crowd: all in March, same title, many people, with a place
        rows.append(sample("activities", title="文明交通劝导", category="志愿服务",
                           date=f"2026-03-{1 + n % 28:02d}", participant_count=500 + n))
    for _ in range(400):
        category = rng.choice([c for c in CATEGORY_SECTION if c != "我们的节日"])
        rows.append(sample("activities", title=rng.choice(TITLES), category=category,
                           date=f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                           participant_count=rng.choice([0, 5, 5, 20, 80]),
                           place=rng.choice(["", "青松广场", "社区活动室"]),
                           content=rng.choice(["", "开展宣传。", "入户走访，发放资料。"]),
                           measures=rng.choice([{}, {"发放宣传资料": 10}, {"植树": 3}])))
    for n in range(11):  # a section with exactly 11 activities (fewer than 12)
        rows.append(sample("activities", title=f"学习会{n % 3}", category="会议学习",
                           date=f"2026-{1 + n:02d}-05", participant_count=n))
    ledger.activities.add_many(rows)
    return ledger


@pytest.mark.parametrize("period", ["2026", "2026H1", "2026Q1", "2026-03", "2026Q4"])
def test_highlight_candidates_pick_what_ranking_every_activity_picks(crowded, period):
    data = DraftData.load(crowded, parse_period(period), AS_OF)
    keys = {CATEGORY_SECTION.get(c, f"category:{c}") for c in data.stats.activities.by_category}
    assert keys
    for key in keys:
        every = data.activities_of(key)
        candidates = data.highlight_candidates(key)
        assert len(candidates) <= len(every)
        assert pick_highlights(data, candidates) == pick_highlights(data, every), key


def test_the_crowded_month_does_not_take_every_highlight(crowded):
    data = DraftData.load(crowded, parse_period("2026"), AS_OF)
    picked = pick_highlights(data, data.highlight_candidates("volunteer"))
    months = {data.activity_by_id[a]["date"][:7] for a in picked}
    assert len(picked) == 3 and len(months) == 3  # at most three highlights (issue 15)


def test_a_draft_never_runs_the_same_query_twice_nor_reads_every_activity(crowded):
    statements: list[str] = []
    crowded.db.conn.set_trace_callback(statements.append)
    try:
        build_default_context(crowded, "2026", today=AS_OF)
    finally:
        crowded.db.conn.set_trace_callback(None)
    # (the one-row unit profile is read again by the 街道 section's check: not a figure)
    repeated = {s for s in statements if statements.count(s) > 1 and "unit_profile" not in s}
    assert not repeated
    # Activities are read as ranked ids per section, then only the few cited rows in full.
    full_reads = [s for s in statements if s.lstrip().startswith("SELECT id, created_at")
                  and "FROM activities" in s]
    assert full_reads and all("id IN (" in s for s in full_reads)


def test_measures_are_quoted_in_their_section_or_where_they_were_used_most(ledger):
    ledger.activities.add_many([
        sample("activities", category="宣传教育", measures={"发放宣传资料": 100}),
        sample("activities", category="环境整治", measures={"植树": 30}),
        sample("activities", category="志愿服务", measures={"植树": 5, "入户走访": 12}),
    ])
    data = DraftData.load(ledger, parse_period("2026"), AS_OF)
    assert data.measure_sections() == {
        "发放宣传资料": "publicity", "植树": "environment", "入户走访": "volunteer"}
    ledger.activities.add(sample("activities", category="志愿服务", measures={"植树": 40}))
    data = DraftData.load(ledger, parse_period("2026"), AS_OF)
    assert data.measure_sections()["植树"] == "volunteer"
