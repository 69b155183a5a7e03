"""When each 点位 should next be checked, from its type's frequency and its latest run.

A 点位 checked last on day D with a frequency of N days is due on D + N: on that day it is
"due", after it "overdue" by the number of days past. A 点位 never checked is due since the
day it was registered. Only 在用 点位 are scheduled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlite_utils import Database


@dataclass(frozen=True)
class DueCheck:
    checkpoint_id: str
    name: str
    type: str
    sponsor_unit: str
    last_checked: str | None   # ISO date of the latest run, None if never
    last_rate: float | None
    due_on: str                # ISO date
    days_overdue: int          # 0 on the due day, > 0 after it, < 0 before it

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    @property
    def status_text(self) -> str:
        if self.last_checked is None:
            return "从未测评"
        if self.days_overdue > 0:
            return f"逾期{self.days_overdue}天"
        if self.days_overdue == 0:
            return "今天到期"
        return f"{-self.days_overdue}天后到期"


_SQL = """
SELECT c.id, c.name, c.type, c.sponsor_unit, substr(c.created_at, 1, 10),
       coalesce(t.frequency_days, 30), last.date, last.rate
FROM checkpoints c
LEFT JOIN checkpoint_types t ON t.name = c.type
LEFT JOIN inspection_runs last ON last.id = (
    SELECT r.id FROM inspection_runs r WHERE r.checkpoint_id = c.id AND r.deleted_at IS NULL
    ORDER BY r.date DESC, r.created_at DESC LIMIT 1)
WHERE c.deleted_at IS NULL AND c.active = 1
"""


def schedule(db: Database, as_of: date) -> list[DueCheck]:
    """Every 在用 点位 with its next due day, most overdue first."""
    found = []
    for cid, name, type_, sponsor, registered, days, last, rate in db.execute(_SQL):
        due = (date.fromisoformat(last) + timedelta(days=days)) if last else \
            min(date.fromisoformat(registered), as_of)
        found.append(DueCheck(cid, name, type_, sponsor, last, rate, due.isoformat(),
                              (as_of - due).days))
    found.sort(key=lambda d: (-d.days_overdue, d.name))
    return found


def due_checks(db: Database, as_of: date, *, within_days: int = 0) -> list[DueCheck]:
    """点位 due on ``as_of`` or overdue (or due within ``within_days`` after it)."""
    return [d for d in schedule(db, as_of) if d.days_overdue >= -within_days]
