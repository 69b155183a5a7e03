"""The monthly totals kept by triggers (migration 0016) stay equal to the records they sum,
through every kind of change, and the statistics of a period of whole months (read from
them) equal those read from the records themselves."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from chuangcheng_desktop.core.figures.statistics import compute_statistics
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.safety.recycle import purge_recycle_bin
from tests.conftest import sample
from tests.core.volunteers.people import valid_id_numbers

RECOUNTS = {
    "service_month_totals": (
        "SELECT volunteer_id, substr(activity_date, 1, 7), count(*), sum(source = '补录'), "
        "sum(minutes) FROM service_records WHERE deleted_at IS NULL AND activity_date != '' "
        "GROUP BY 1, 2",
        "SELECT volunteer_id, month, records, supplementary, minutes FROM service_month_totals"),
    "activity_month_totals": (
        "SELECT substr(date, 1, 7), category, festival, count(*), sum(participant_count) "
        "FROM activities WHERE deleted_at IS NULL GROUP BY 1, 2, 3",
        "SELECT month, category, festival, activities, participants FROM activity_month_totals"),
    "measure_month_totals": (
        "SELECT substr(date, 1, 7), name, count(*), round(sum(value), 6) "
        "FROM activity_measures GROUP BY 1, 2",
        "SELECT month, name, entries, round(total, 6) FROM measure_month_totals"),
}
KINDS = (("志愿服务", ""), ("宣传教育", ""), ("我们的节日", "春节"), ("我们的节日", "中秋"),
         ("环境整治", ""))
MEASURES = ("发放宣传资料", "清理面积", "植树（棵）")


def assert_totals_match_records(db) -> None:
    for table, (recount, stored) in RECOUNTS.items():
        expected = sorted(tuple(row) for row in db.execute(recount).fetchall())
        kept = sorted(tuple(row) for row in db.execute(stored).fetchall())
        assert kept == expected, table


def _a_day(rng: random.Random) -> str:
    return (date(2026, 1, 1) + timedelta(days=rng.randrange(365))).isoformat()


def _activity(rng: random.Random) -> dict:
    measures = {name: rng.choice((1, 2.5, 0.1, 30)) for name in rng.sample(MEASURES, rng.randrange(3))}
    category, festival = rng.choice(KINDS)
    return sample("activities", title=f"活动{rng.randrange(10**6)}", date=_a_day(rng),
                  start_time="", end_time="", category=category, festival=festival,
                  participant_count=rng.randrange(60), measures=measures)


def test_totals_follow_every_kind_of_change(ledger):
    rng = random.Random(20261130)
    volunteers = [ledger.volunteers.add(sample("volunteers", name=f"志愿者{i}", id_number=number))
                  for i, number in enumerate(valid_id_numbers(8))]
    activities = [ledger.activities.add(_activity(rng)) for _ in range(30)]
    records = []
    for activity in activities:
        for volunteer in rng.sample(volunteers, 3):
            source = rng.choice(("签到", "补录", "导入"))
            records.append(ledger.service_records.add({
                "activity_id": activity["id"], "volunteer_id": volunteer["id"],
                "minutes": rng.choice((30, 60, 90)), "source": source,
                "reason": "当天漏记" if source == "补录" else ""}))
    assert_totals_match_records(ledger.db)

    binned: set[str] = set()  # ids in the recycle bin (a binned record cannot be edited)
    for step in range(160):
        choice = rng.randrange(8)
        activity = rng.choice(activities)
        record = rng.choice(records)
        if choice == 0 and activity["id"] not in binned:  # to another day, perhaps month
            ledger.activities.update(activity["id"], {"date": _a_day(rng)})
        elif choice == 1 and activity["id"] not in binned:  # kind, people, figures edited
            category, festival = rng.choice(KINDS)
            ledger.activities.update(activity["id"], {
                "category": category, "festival": festival,
                "participant_count": rng.randrange(60),
                "measures": {rng.choice(MEASURES): rng.choice((3, 0.2))}})
        elif choice == 2:  # into the recycle bin, or back out of it
            if activity["id"] in binned:
                ledger.activities.restore(activity["id"])
                binned.discard(activity["id"])
            else:
                ledger.activities.soft_delete(activity["id"])
                binned.add(activity["id"])
        elif choice == 3 and not {record["id"], record["activity_id"]} & binned:
            ledger.service_records.update(record["id"], {"minutes": rng.choice((15, 45, 120))})
        elif choice == 4:
            ledger.db.execute("UPDATE service_records SET source = ?, reason = '当天漏记' WHERE id = ?",
                              [rng.choice(("签到", "补录")), record["id"]])
        elif choice == 5 and record["id"] not in binned:  # a record into the bin
            ledger.service_records.soft_delete(record["id"])
            binned.add(record["id"])
        elif choice == 6:  # a row copied in with its derived date already set (packages)
            target = rng.choice(activities)
            ledger.db.execute(
                "INSERT OR IGNORE INTO service_records (id, created_at, updated_at, activity_id, "
                "volunteer_id, minutes, source, activity_date) VALUES (?, ?, ?, ?, ?, 60, '导入', ?)",
                [f"copied-{step}", "2026-11-30T09:00:00", "2026-11-30T09:00:00", target["id"],
                 rng.choice(volunteers)["id"], rng.choice(("", "2026-02-03", target["date"]))])
        elif choice == 7:
            activities.append(ledger.activities.add(_activity(rng)))
        if step % 10 == 0:
            assert_totals_match_records(ledger.db)
    ledger.db.conn.commit()
    assert_totals_match_records(ledger.db)

    # Purged for good (hard DELETE of activities, records and figures).
    purge_recycle_bin(ledger.db, days=0, now=datetime.now() + timedelta(days=1))
    assert_totals_match_records(ledger.db)


def test_whole_months_read_from_totals_equal_the_records(ledger):
    rng = random.Random(7)
    volunteers = [ledger.volunteers.add(sample("volunteers", name=f"志愿者{i}", id_number=number))
                  for i, number in enumerate(valid_id_numbers(15))]
    for _ in range(60):
        activity = ledger.activities.add(_activity(rng))
        for volunteer in rng.sample(volunteers, 4):
            ledger.service_records.add({"activity_id": activity["id"],
                                        "volunteer_id": volunteer["id"],
                                        "minutes": rng.choice((30, 60, 90, 150))})
    ledger.volunteers.soft_delete(volunteers[0]["id"])  # their hours no longer count
    year = Period.year_of(2026)
    # The same records seen through a span that is not whole months: read from the records.
    raw = Period.between(date(2025, 12, 31), date(2026, 12, 31))
    assert year.month_span == ("2026-01", "2026-12") and raw.month_span is None
    by_totals = compute_statistics(ledger.db, year, as_of=date(2026, 12, 31))
    by_records = compute_statistics(ledger.db, raw, as_of=date(2026, 12, 31))
    assert by_totals.service == by_records.service
    assert by_totals.service.records == 60 * 4 - _records_of(ledger, volunteers[0])
    assert by_totals.materials == by_records.materials
    for name in ("total", "participants", "by_category", "participants_by_category",
                 "by_festival"):
        assert getattr(by_totals.activities, name) == getattr(by_records.activities, name)
    assert [m for m in by_records.activities.by_month if m.month != "2025-12"] == \
        by_totals.activities.by_month


def _records_of(ledger, volunteer) -> int:
    return ledger.db.execute("SELECT count(*) FROM service_records WHERE volunteer_id = ? "
                             "AND deleted_at IS NULL", [volunteer["id"]]).fetchone()[0]


def test_month_span_only_for_whole_months():
    assert Period.quarter(2026, 3).month_span == ("2026-07", "2026-09")
    assert Period.month(2024, 2).month_span == ("2024-02", "2024-02")
    assert Period.between(date(2026, 1, 1), date(2026, 2, 29 - 1)).month_span == ("2026-01", "2026-02")
    assert Period.between(date(2026, 1, 2), date(2026, 2, 28)).month_span is None
    assert Period.between(date(2026, 1, 1), date(2026, 2, 27)).month_span is None
