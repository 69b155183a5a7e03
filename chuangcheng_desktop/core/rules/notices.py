"""整改通知书 numbers and the record of every notice issued (table ``notices``).

A notice goes to one responsible unit and covers one or more of its problems. Which
problems get one, and which kind (:func:`select_problems`, :func:`plan_notices`):

* 已完成 and 待复查 problems are left out (the caller says so to the user);
* a problem whose deadline has passed gets a **督办通知** with a new deadline (never a
  notice asking for rectification by a day already past);
* when the responsible unit is the issuer's own office, the document is an internal
  **问题交办单**, not a notice to itself;
* otherwise a **整改通知书**.

Numbers run per year, "青松社区创城整改〔2026〕3号" (督办, 交办 for the other kinds, one
sequence), and are never reused: :func:`record_notices` stores the notices — with what
they said (``details``, for an archive reprint) — and saves their document in one
transaction, so a notice whose file could not be written leaves no number behind, and a
file is never left without its row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.storage import cipher
from chuangcheng_desktop.core.storage.audit import write_audit
from chuangcheng_desktop.core.storage.clock import local_now_iso, new_id
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger

KIND_NOTICE, KIND_URGE, KIND_ASSIGN = "整改通知书", "督办通知", "问题交办单"
KIND_WORD = {KIND_NOTICE: "整改", KIND_URGE: "督办", KIND_ASSIGN: "交办"}
EXCLUDED_STATUSES = (vocab.PROBLEM_DONE, "待复查")
# "青松社区居委会" is 青松社区's own office: its problems get an internal 问题交办单.
OWN_OFFICE_ENDINGS = ("办公室", "创城办", "居委会", "居民委员会", "村委会", "村民委员会", "党委",
                      "党总支", "党支部", "党群服务中心")

TEXT = {
    "prefix": "{unit}创城{word}",
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
    kind: str = KIND_NOTICE


@dataclass
class Selection:
    """The problems asked for, split into those that get a document and those left out."""

    open: list[dict[str, Any]]
    waiting_recheck: list[dict[str, Any]]
    done: list[dict[str, Any]]


@dataclass(frozen=True)
class IssuedNotice:
    number: str
    issued_on: str
    responsible_unit: str
    file_name: str
    kind: str = KIND_NOTICE


def number_prefix(unit_name: str, kind: str = KIND_NOTICE) -> str:
    """"青松社区创城整改": the unit's name before the 〔year〕."""
    return TEXT["prefix"].format(unit=(unit_name or TEXT["no_unit"]).strip(),
                                 word=KIND_WORD[kind])


def select_problems(ledger: Ledger, problem_ids: list[str]) -> Selection:
    """The asked-for problems (each once), without 已完成 and 待复查 ones."""
    rows = [ledger.problems.get(row_id) for row_id in dict.fromkeys(problem_ids)]
    return Selection([r for r in rows if r["status"] not in EXCLUDED_STATUSES],
                     [r for r in rows if r["status"] == "待复查"],
                     [r for r in rows if r["status"] == vocab.PROBLEM_DONE])


def own_offices(ledger: Ledger, issuer: str) -> set[str]:
    """The names under which the issuer is its own responsible unit."""
    unit = (ledger.profile().get("unit_name") or "").strip()
    names = {name for name in (issuer.strip(), unit) if name}
    return names | {f"{name}{office}" for name in names for office in OWN_OFFICE_ENDINGS}


def notice_kind(problem: dict[str, Any], issued_on: date, own: set[str]) -> str:
    if (problem.get("responsible_unit") or "").strip() in own:
        return KIND_ASSIGN
    if problem.get("deadline") and problem["deadline"] < issued_on.isoformat():
        return KIND_URGE
    return KIND_NOTICE


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


def plan_notices(ledger: Ledger, problem_ids: list[str], *, year: int,
                 issued_on: date | None = None, issuer: str = ""
                 ) -> list[tuple[NoticeDraft, list[dict[str, Any]]]]:
    """One draft per responsible unit and kind among the open problems (in date order),
    numbered from the next free serial. 已完成 and 待复查 problems are skipped."""
    selection = select_problems(ledger, problem_ids)
    if not selection.open:
        raise UserFacingError(TEXT["empty"])
    issued_on = issued_on or date(year, 12, 31)
    unit_name = ledger.profile().get("unit_name") or ""
    own = own_offices(ledger, issuer or unit_name)
    serial = next_serial(ledger.db, year)
    plans = []
    for unit, rows in group_by_unit(selection.open):
        by_kind: dict[str, list[dict[str, Any]]] = {}
        for row in sorted(rows, key=lambda r: (r.get("found_on") or "", r["id"])):
            by_kind.setdefault(notice_kind(row, issued_on, own), []).append(row)
        for kind in (KIND_NOTICE, KIND_URGE, KIND_ASSIGN):
            if kind not in by_kind:
                continue
            number = format_notice_number(number_prefix(unit_name, kind), year, serial)
            plans.append((NoticeDraft(unit, tuple(r["id"] for r in by_kind[kind]), year, serial,
                                      number, kind), by_kind[kind]))
            serial += 1
    return plans


def record_notices(ledger: Ledger, drafts: list[NoticeDraft], *, issued_on: date,
                   save: Callable[[], Path], details: dict[str, dict[str, Any]] | None = None
                   ) -> Path:
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
                    "responsible_unit, problem_ids, issued_on, kind, details) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [row_id, now, now, draft.year, draft.serial, draft.number,
                     draft.responsible_unit, json.dumps(list(draft.problem_ids)),
                     issued_on.isoformat(), draft.kind,
                     json.dumps((details or {}).get(draft.number, {}), ensure_ascii=False)])
                write_audit(ledger.db, table="notices", row_id=row_id, action="insert",
                            actor=ledger.actor,
                            new={"number": draft.number, "kind": draft.kind,
                                 "responsible_unit": draft.responsible_unit,
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
        "SELECT number, issued_on, responsible_unit, file_name, kind FROM notices "
        "WHERE deleted_at IS NULL AND EXISTS (SELECT 1 FROM json_each(notices.problem_ids) "
        "WHERE value = ?) ORDER BY issued_on, year, serial", [problem_id]).fetchall()
    return [IssuedNotice(*row) for row in rows]


def notice_details(db: Database, number: str) -> tuple[str, str, dict[str, Any]] | None:
    """(kind, issued_on, what the notice said) of an issued notice, for an archive copy."""
    row = db.execute("SELECT kind, issued_on, details FROM notices WHERE number = ? "
                     "AND deleted_at IS NULL", [number]).fetchone()
    if row is None:
        return None
    return row[0], row[1], json.loads(row[2] or "{}")
