"""志愿服务 speed: what the star-level triggers cost a bulk insert of service records, and
how fast the attendance picker lists a street-scale roster.

    .venv/bin/python benchmarks/bench_volunteers.py [--volunteers N] [--records N]

1. ``service_records.add_many`` of N records into a fresh ledger, with the triggers of
   migration 0011 (volunteers.service_minutes / star_level kept per record) and 0016
   (monthly totals) and — the peers, measured in the same run — the same insert with
   the 0016 triggers dropped, and with both sets dropped; prints each and the ratios.
2. The attendance picker's roll (every live volunteer, ``attendance_roll``) against a
   bare ``SELECT id, name … ORDER BY name`` of the same rows.
3. The 首页's “本期新晋” query against one plain scan of the service records.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chuangcheng_desktop.core.rules.periods import parse_period  # noqa: E402
from chuangcheng_desktop.core.storage.ledger import Ledger  # noqa: E402
from chuangcheng_desktop.core.volunteers.attendance import attendance_roll  # noqa: E402
from chuangcheng_desktop.core.volunteers.stars import new_stars  # noqa: E402

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def id_numbers(count: int) -> list[str]:
    numbers = []
    for n in range(count):
        body = f"1101011980{1 + n // 28000 % 12:02d}{1 + n // 1000 % 28:02d}{n % 1000:03d}"
        numbers.append(body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS,
                                                                   strict=True)) % 11])
    return numbers


def build(folder: Path, volunteers: int, activities: int) -> tuple[Ledger, list, list]:
    ledger = Ledger.open_in(folder, actor="bench")
    people = ledger.volunteers.add_many(
        [{"name": f"志愿者{n:05d}", "id_number": number, "registered_on": "2025-01-01"}
         for n, number in enumerate(id_numbers(volunteers))], audit_each=False)
    events = ledger.activities.add_many(
        [{"title": f"活动{n}", "category": "志愿服务", "date": f"2026-{1 + n % 12:02d}-10"}
         for n in range(activities)], audit_each=False)
    return ledger, people, events


def insert_time(ledger: Ledger, people: list, events: list, records: int) -> float:
    rows = [{"activity_id": events[n // len(people)]["id"],
             "volunteer_id": people[n % len(people)]["id"], "minutes": 120}
            for n in range(records)]
    start = time.perf_counter()
    ledger.service_records.add_many(rows, audit_each=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--volunteers", type=int, default=20000)
    parser.add_argument("--records", type=int, default=100000)
    args = parser.parse_args()
    activities = args.records // args.volunteers + 1
    with tempfile.TemporaryDirectory() as temp:
        timings = {}
        star = ["service_records_volunteer_minutes", "volunteers_star_level"]
        monthly = [f"service_month_totals_{event}" for event in ("insert", "update", "delete")]
        variants = (("with every trigger", []),
                    ("monthly-total triggers dropped (peer)", monthly),
                    ("star and monthly-total triggers dropped (peer)", star + monthly))
        for number, (label, drop) in enumerate(variants):
            folder = Path(temp) / f"ledger{number}"
            ledger, people, events = build(folder, args.volunteers, activities)
            for trigger in drop:
                ledger.db.execute(f"DROP TRIGGER {trigger}")
            timings[label] = insert_time(ledger, people, events, args.records)
            if not drop:
                start = time.perf_counter()
                roll = attendance_roll(ledger.db)
                picker = time.perf_counter() - start
                start = time.perf_counter()
                bare = ledger.db.execute("SELECT id, name, id_number, phone FROM volunteers "
                                         "WHERE deleted_at IS NULL ORDER BY name").fetchall()
                floor = time.perf_counter() - start
                print(f"attendance roll: {len(roll)} volunteers in {picker:.3f} s; bare SELECT "
                      f"of {len(bare)} in {floor:.3f} s; ratio {picker / floor:.1f}")
                period = parse_period("2026H1")
                start = time.perf_counter()
                stars = new_stars(ledger.db, period)
                crossing = time.perf_counter() - start
                start = time.perf_counter()
                ledger.db.execute("SELECT count(*), sum(minutes) FROM service_records "
                                  "WHERE deleted_at IS NULL").fetchone()
                scan = time.perf_counter() - start
                print(f"首页 new stars of 2026H1 ({len(stars)} found): {crossing:.3f} s; "
                      f"one scan of the records {scan:.3f} s; ratio {crossing / scan:.1f}")
            ledger.close()
        for label, seconds in timings.items():
            print(f"insert {args.records} service records, {label}: {seconds:.2f} s "
                  f"({args.records / seconds:,.0f}/s)")
        every, without_monthly, bare = timings.values()
        print(f"monthly-total trigger cost (0016): ×{every / without_monthly:.2f}; "
              f"star triggers (0011): ×{without_monthly / bare:.2f}; together ×{every / bare:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
