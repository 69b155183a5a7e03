"""What the 点位 page shows: its runs, 达标率 over time, open problems, photos; one run in full.

Each function is one or two indexed queries, so a 点位 with hundreds of runs opens quickly
in a street-scale ledger (benchmarks/bench_checkpoints.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.storage.errors import RecordNotFoundError


@dataclass(frozen=True)
class RunSummary:
    id: str
    date: str
    kind: str
    inspector: str
    source: str
    rate: float | None
    failed: int
    template_version: int


@dataclass(frozen=True)
class ResultRow:
    id: str
    item_key: str
    theme: str
    requirement: str
    weight: float
    retired: bool
    outcome: str
    note: str
    problem_id: str | None


@dataclass
class RunDetail:
    summary: RunSummary
    checkpoint: dict[str, Any]
    note: str
    route: str
    results: list[ResultRow] = field(default_factory=list)
    photos: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class CheckpointDetail:
    checkpoint: dict[str, Any]
    runs: list[RunSummary]
    open_problems: list[dict[str, Any]]   # the most urgent MAX_PROBLEMS (earliest deadline)
    overdue: int
    photos: list[dict[str, Any]]
    publicity: list[dict[str, Any]]
    open_count: int = 0

    @property
    def rate_series(self) -> list[tuple[str, float]]:
        """(date, 达标率) of the runs that have one, oldest first (for the small chart)."""
        return [(r.date, r.rate) for r in reversed(self.runs) if r.rate is not None]


MAX_PROBLEMS = 100
_RUN_COLUMNS = ("SELECT r.id, r.date, r.kind, r.inspector, r.source, r.rate, r.failed, t.version "
                "FROM inspection_runs r JOIN checklist_templates t ON t.id = r.template_id ")


def list_runs(db: Database, checkpoint_id: str, *, limit: int | None = None) -> list[RunSummary]:
    sql = (_RUN_COLUMNS + "WHERE r.checkpoint_id = ? AND r.deleted_at IS NULL "
           "ORDER BY r.date DESC, r.created_at DESC")
    params: list[Any] = [checkpoint_id]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [RunSummary(*row) for row in db.execute(sql, params)]


def checkpoint_detail(db: Database, checkpoint_id: str, as_of: date) -> CheckpointDetail:
    cursor = db.execute("SELECT * FROM checkpoints WHERE id = ?", [checkpoint_id])
    columns = [c[0] for c in cursor.description]
    row = cursor.fetchone()
    checkpoint = dict(zip(columns, row, strict=True)) if row else {}
    checkpoint.pop("search_text", None)
    problems = [dict(zip(("id", "found_on", "category", "description", "deadline", "status"),
                         p, strict=True)) for p in db.execute(
        "SELECT id, found_on, category, description, deadline, status FROM problems "
        "WHERE checkpoint_id = ? AND deleted_at IS NULL AND status != ? "
        "ORDER BY deadline, found_on LIMIT ?", [checkpoint_id, vocab.PROBLEM_DONE, MAX_PROBLEMS])]
    today = as_of.isoformat()
    for problem in problems:
        problem["overdue"] = problem["deadline"] < today
    open_count, overdue = db.execute(
        "SELECT count(*), coalesce(sum(deadline < ?), 0) FROM problems WHERE checkpoint_id = ? "
        "AND deleted_at IS NULL AND status != ?",
        [today, checkpoint_id, vocab.PROBLEM_DONE]).fetchone()
    return CheckpointDetail(
        checkpoint=checkpoint,
        runs=list_runs(db, checkpoint_id),
        open_problems=problems,
        overdue=overdue,
        open_count=open_count,
        photos=checkpoint_photos(db, checkpoint_id),
        publicity=[dict(zip(("id", "kind", "description", "quantity", "placed_on", "removed_on",
                             "content_changed_on"), p, strict=True)) for p in db.execute(
            "SELECT id, kind, description, quantity, placed_on, removed_on, content_changed_on "
            "FROM publicity_sites WHERE checkpoint_id = ? AND deleted_at IS NULL "
            "ORDER BY kind, placed_on", [checkpoint_id])],
    )


def checkpoint_photos(db: Database, checkpoint_id: str, *, run_id: str | None = None,
                      limit: int = 60) -> list[dict[str, Any]]:
    """The newest photos of a 点位 (or of one run)."""
    sql = ("SELECT id, run_id, result_id, sha256, original_name, taken_on, caption "
           "FROM checkpoint_photos WHERE checkpoint_id = ? AND deleted_at IS NULL")
    params: list[Any] = [checkpoint_id]
    if run_id is not None:
        sql += " AND run_id = ?"
        params.append(run_id)
    sql += " ORDER BY taken_on DESC, created_at DESC LIMIT ?"
    params.append(limit)
    names = ("id", "run_id", "result_id", "sha256", "original_name", "taken_on", "caption")
    return [dict(zip(names, row, strict=True)) for row in db.execute(sql, params)]


def run_detail(db: Database, run_id: str) -> RunDetail:
    head = db.execute(
        "SELECT r.id, r.date, r.kind, r.inspector, r.source, r.rate, r.failed, t.version, "
        "r.checkpoint_id, r.note, r.route FROM inspection_runs r "
        "JOIN checklist_templates t ON t.id = r.template_id WHERE r.id = ?", [run_id]).fetchone()
    if head is None:
        raise RecordNotFoundError("找不到该测评记录，可能已被删除。")
    cursor = db.execute("SELECT * FROM checkpoints WHERE id = ?", [head[8]])
    columns = [c[0] for c in cursor.description]
    checkpoint = dict(zip(columns, cursor.fetchone(), strict=True))
    detail = RunDetail(RunSummary(*head[:8]), checkpoint, head[9], head[10])
    detail.results = [ResultRow(*row[:5], bool(row[5]), *row[6:]) for row in db.execute(
        "SELECT r.id, i.item_key, i.theme, i.requirement, i.weight, i.retired, r.outcome, r.note, "
        "r.problem_id FROM run_results r JOIN checklist_items i ON i.id = r.item_id "
        "WHERE r.run_id = ? ORDER BY i.position", [run_id])]
    detail.photos = checkpoint_photos(db, head[8], run_id=run_id)
    return detail


@dataclass(frozen=True)
class RegisterRow:
    """One line of the 点位 register page (and of the 点位台账 sheet)."""

    id: str
    name: str
    type: str
    address: str
    sponsor_unit: str
    contact_person: str
    contact_phone: str
    active: int
    last_checked: str | None
    last_rate: float | None
    runs: int
    open_problems: int
    overdue_problems: int


_REGISTER_SQL = """
SELECT c.id, c.name, c.type, c.address, c.sponsor_unit, c.contact_person, c.contact_phone,
       c.active, last.date, last.rate,
       (SELECT count(*) FROM inspection_runs r WHERE r.checkpoint_id = c.id
            AND r.deleted_at IS NULL AND r.date <= :end),
       (SELECT count(*) FROM problems p WHERE p.checkpoint_id = c.id AND p.deleted_at IS NULL
            AND p.status != '已完成'),
       (SELECT count(*) FROM problems p WHERE p.checkpoint_id = c.id AND p.deleted_at IS NULL
            AND p.status != '已完成' AND p.deadline < :today)
FROM checkpoints c
LEFT JOIN inspection_runs last ON last.id = (
    SELECT r.id FROM inspection_runs r WHERE r.checkpoint_id = c.id AND r.deleted_at IS NULL
        AND r.date <= :end ORDER BY r.date DESC, r.created_at DESC LIMIT 1)
WHERE c.deleted_at IS NULL {where}
ORDER BY c.active DESC, c.type, c.name
"""


def register_overview(db: Database, as_of: date, *, text: str = "", type_name: str = "",
                      active_only: bool = False, end: date | None = None) -> list[RegisterRow]:
    """Every 点位 with its latest run up to ``end`` (default ``as_of``) and open problems."""
    clauses, params = [], {"today": as_of.isoformat(), "end": (end or as_of).isoformat()}
    if type_name:
        clauses.append("c.type = :type")
        params["type"] = type_name
    if active_only:
        clauses.append("c.active = 1")
    for number, term in enumerate(t for t in text.lower().split() if t):
        clauses.append(f"instr(c.search_text, :t{number}) > 0")
        params[f"t{number}"] = term
    where = "".join(f" AND {clause}" for clause in clauses)
    return [RegisterRow(*row) for row in db.execute(_REGISTER_SQL.format(where=where), params)]
