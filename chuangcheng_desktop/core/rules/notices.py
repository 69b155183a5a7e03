"""整改通知书 numbers and the record of every notice issued (table ``notices``).

A notice goes to one responsible unit and covers one or more of its problems. Numbers
run per year, "青松社区创城整改〔2026〕3号", and are never reused: :func:`record_notices`
stores the notices and saves their document in one transaction, so a notice whose file
could not be written leaves no number behind, and a file is never left without its row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from chuangcheng_desktop.core.storage import cipher
from chuangcheng_desktop.core.storage.audit import write_audit
from chuangcheng_desktop.core.storage.clock import local_now_iso, new_id
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger

TEXT = {
    "prefix": "{unit}创城整改",
    "number": "{prefix}〔{year}〕{serial}号",
    "no_unit": "",
    "taken": "通知书编号已被占用（可能另一个窗口刚刚生成了通知书），请重新生成。",
    "empty": "请先选择要发通知的问题。",
}
NO_RESPONSIBLE_UNIT = ""


@dataclass(frozen=True)
class NoticeDraft:
    """One notice about to be issued: to whom, about which problems, under which number."""

    responsible_unit: str
    problem_ids: tuple[str, ...]
    year: int
    serial: int
    number: str


@dataclass(frozen=True)
class IssuedNotice:
    number: str
    issued_on: str
    responsible_unit: str
    file_name: str


def number_prefix(unit_name: str) -> str:
    """"青松社区创城整改": the unit's name before the 〔year〕."""
    return TEXT["prefix"].format(unit=(unit_name or TEXT["no_unit"]).strip())


def format_notice_number(prefix: str, year: int, serial: int) -> str:
    return TEXT["number"].format(prefix=prefix, year=year, serial=serial)


def next_serial(db: Database, year: int) -> int:
    """The next free serial number of ``year`` (1 for the first notice of the year)."""
    row = db.execute("SELECT max(serial) FROM notices WHERE year = ?", [year]).fetchone()
    return (row[0] or 0) + 1


def group_by_unit(problems: Iterable[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Problems grouped by responsible unit, in the order the units first appear."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for problem in problems:
        groups.setdefault((problem.get("responsible_unit") or "").strip(), []).append(problem)
    return list(groups.items())


def plan_notices(ledger: Ledger, problem_ids: list[str], *, year: int
                 ) -> list[tuple[NoticeDraft, list[dict[str, Any]]]]:
    """One draft per responsible unit among the problems, numbered from the next free serial."""
    if not problem_ids:
        raise UserFacingError(TEXT["empty"])
    problems = [ledger.problems.get(row_id) for row_id in dict.fromkeys(problem_ids)]
    prefix = number_prefix(ledger.profile().get("unit_name") or "")
    serial = next_serial(ledger.db, year)
    plans = []
    for offset, (unit, rows) in enumerate(group_by_unit(problems)):
        draft = NoticeDraft(unit, tuple(row["id"] for row in rows), year, serial + offset,
                            format_notice_number(prefix, year, serial + offset))
        plans.append((draft, rows))
    return plans


def record_notices(ledger: Ledger, drafts: list[NoticeDraft], *, issued_on: date,
                   save: Callable[[], Path]) -> Path:
    """Store ``drafts`` and call ``save()`` (which writes their document) in one transaction.

    Raises :class:`UserFacingError` when a number was taken meanwhile; nothing is stored
    when ``save`` fails.
    """
    now = local_now_iso()
    try:
        with ledger.db.atomic():
            for draft in drafts:
                row_id = new_id()
                ledger.db.execute(
                    "INSERT INTO notices (id, created_at, updated_at, year, serial, number, "
                    "responsible_unit, problem_ids, issued_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [row_id, now, now, draft.year, draft.serial, draft.number,
                     draft.responsible_unit, json.dumps(list(draft.problem_ids)),
                     issued_on.isoformat()])
                write_audit(ledger.db, table="notices", row_id=row_id, action="insert",
                            actor=ledger.actor,
                            new={"number": draft.number, "responsible_unit": draft.responsible_unit,
                                 "problems": len(draft.problem_ids),
                                 "issued_on": issued_on.isoformat()})
            path = save()
            ledger.db.execute(
                f"UPDATE notices SET file_name = ? WHERE number IN "
                f"({', '.join('?' for _ in drafts)})", [path.name, *(d.number for d in drafts)])
    except cipher.IntegrityError as exc:
        raise UserFacingError(TEXT["taken"]) from exc
    return path


def notices_for_problem(db: Database, problem_id: str) -> list[IssuedNotice]:
    """The notices that covered a problem, oldest first."""
    rows = db.execute(
        "SELECT number, issued_on, responsible_unit, file_name FROM notices "
        "WHERE deleted_at IS NULL AND EXISTS (SELECT 1 FROM json_each(notices.problem_ids) "
        "WHERE value = ?) ORDER BY issued_on, year, serial", [problem_id]).fetchall()
    return [IssuedNotice(*row) for row in rows]
