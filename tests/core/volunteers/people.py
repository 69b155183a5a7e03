"""Many valid GB 11643 ID numbers for roster-sized tests, and service records in bulk."""

from __future__ import annotations

from tests.conftest import sample

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def valid_id_numbers(count: int, *, birth: str = "19800101") -> list[str]:
    """``count`` distinct valid numbers of people born on ``birth`` (sequence 001, 002 …)."""
    numbers = []
    for serial in range(1, count + 1):
        body = f"110101{birth}{serial:03d}"
        numbers.append(body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11])
    return numbers


def serve(ledger, volunteer, minutes_list, date="2026-03-05"):
    """Service records of these lengths, each in an activity of its own (no times, so
    nothing is capped)."""
    for minutes in minutes_list:
        activity = ledger.activities.add(sample("activities", date=date, start_time="",
                                                end_time=""))
        ledger.service_records.add({"activity_id": activity["id"],
                                    "volunteer_id": volunteer["id"], "minutes": minutes})
