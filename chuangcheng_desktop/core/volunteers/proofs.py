"""志愿服务记录证明: what a proof states, its number, and the register of proofs issued.

Per 民发〔2015〕149号 the unit that keeps the record issues the proof (“谁记录谁证明”); it
states the volunteer's identity, the service (period, hours, activities), the issuer, and
its own number and date, and it is registered. Numbers run per year, 〔2026〕第012号, and
are never reused: :func:`record_proofs` stores the register rows (with their audit rows)
and saves the documents in one transaction, so a proof whose file was not written leaves
no number behind. Reissuing to the same volunteer gives a new number and names the
earlier ones (:attr:`ProofContent.earlier`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.rules.identity import mask_id_number
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage import cipher
from chuangcheng_desktop.core.storage.audit import write_audit
from chuangcheng_desktop.core.storage.clock import local_now_iso, new_id
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.volunteers.stars import star_level, thresholds

TEXT = {
    "number": "〔{year}〕第{serial:03d}号",
    "all_time": "{start}至{end}",
    "empty": "请先选择要出具证明的志愿者。",
    "unknown": "花名册中没有“{name}”，请核对姓名或身份证号。",
    "ambiguous": "花名册中有{count}位“{name}”，请改用身份证号指定。",
    "taken": "证明编号已被占用（可能另一个窗口刚刚出具了证明），请重新出具。",
    "no_service": "{name}在{period}没有服务记录，不能出具证明。",
}
ID_KIND = "居民身份证"


def format_proof_number(year: int, serial: int) -> str:
    return TEXT["number"].format(year=year, serial=serial)


def next_serial(db: Database, year: int) -> int:
    row = db.execute("SELECT max(serial) FROM proofs WHERE year = ?", [year]).fetchone()
    return (row[0] or 0) + 1


@dataclass(frozen=True)
class ServiceLine:
    date: str
    title: str
    place: str
    minutes: int


@dataclass(frozen=True)
class EarlierProof:
    number: str
    issued_on: str
    period_name: str


@dataclass
class ProofContent:
    """Everything one proof states (the four parts the rules require)."""

    number: str
    year: int
    serial: int
    # identity
    volunteer_id: str
    name: str
    id_kind: str
    id_number: str  # masked unless full IDs were asked for
    masked_id_number: str
    volunteer_number: str
    gender: str
    # service
    period_name: str
    period_start: str
    period_end: str
    minutes: int
    lines: list[ServiceLine]
    star_level: int
    total_minutes: int  # all time, for the star level
    # issuer
    issuer: str
    responsible: str
    handler: str
    phone: str
    issued_on: date
    earlier: list[EarlierProof] = field(default_factory=list)

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


def find_volunteers(ledger: Ledger, wanted: list[str]) -> list[dict[str, Any]]:
    """Live volunteers by id, ID number, 志愿者编号 or (unique) name, in the given order."""
    if not wanted:
        raise UserFacingError(TEXT["empty"])
    found = []
    for text in (part.strip() for part in wanted):
        rows = ledger.db.execute(
            "SELECT id FROM volunteers WHERE deleted_at IS NULL AND (id = ? OR upper(id_number) = "
            "upper(?) OR (volunteer_number != '' AND volunteer_number = ?) OR name = ?) "
            "ORDER BY name = ?", [text, text, text, text, text]).fetchall()
        if not rows:
            raise UserFacingError(TEXT["unknown"].format(name=text))
        if len(rows) > 1:
            raise UserFacingError(TEXT["ambiguous"].format(name=text, count=len(rows)))
        found.append(ledger.volunteers.get(rows[0][0]))
    return list({row["id"]: row for row in found}.values())


def service_lines(db: Database, volunteer_id: str, period: Period | None) -> list[ServiceLine]:
    """The volunteer's live records in live activities (in the period), oldest first."""
    sql = ("SELECT a.date, a.title, a.place, s.minutes FROM service_records s "
           "JOIN activities a ON a.id = s.activity_id AND a.deleted_at IS NULL "
           "WHERE s.deleted_at IS NULL AND s.volunteer_id = ?")
    params: list[Any] = [volunteer_id]
    if period is not None:
        sql += " AND a.date BETWEEN ? AND ?"
        params += [period.start_iso, period.end_iso]
    return [ServiceLine(*row) for row in db.execute(sql + " ORDER BY a.date, a.start_time",
                                                    params).fetchall()]


def earlier_proofs(db: Database, volunteer_id: str) -> list[EarlierProof]:
    return [EarlierProof(*row) for row in db.execute(
        "SELECT number, issued_on, period_name FROM proofs WHERE deleted_at IS NULL "
        "AND volunteer_id = ? ORDER BY year, serial", [volunteer_id]).fetchall()]


def plan_proofs(ledger: Ledger, volunteers: list[dict[str, Any]], *, period: Period | None,
                issued_on: date, full_id: bool = False, responsible: str | None = None,
                handler: str | None = None) -> list[ProofContent]:
    """One proof per volunteer, numbered from the next free serial of the year."""
    profile = ledger.profile()
    hours = thresholds(ledger.db)
    serial = next_serial(ledger.db, issued_on.year)
    proofs = []
    for volunteer in volunteers:
        lines = service_lines(ledger.db, volunteer["id"], period)
        if period is None:
            start = lines[0].date if lines else volunteer["registered_on"]
            name = TEXT["all_time"].format(start=format_date_cn(start),
                                           end=format_date_cn(issued_on))
            span = (start, issued_on.isoformat())
        else:
            name, span = period.name, (period.start_iso, period.end_iso)
        if not lines:
            raise UserFacingError(TEXT["no_service"].format(name=volunteer["name"], period=name))
        total = volunteer.get("service_minutes") or 0
        masked = mask_id_number(volunteer["id_number"])
        proofs.append(ProofContent(
            number=format_proof_number(issued_on.year, serial), year=issued_on.year,
            serial=serial, volunteer_id=volunteer["id"], name=volunteer["name"],
            id_kind=ID_KIND, id_number=volunteer["id_number"] if full_id else masked,
            masked_id_number=masked, volunteer_number=volunteer.get("volunteer_number") or "",
            gender=volunteer.get("gender") or "", period_name=name, period_start=span[0],
            period_end=span[1], minutes=sum(line.minutes for line in lines), lines=lines,
            star_level=star_level(total, hours), total_minutes=total,
            issuer=(profile.get("unit_name") or "").strip(),
            responsible=(profile.get("reviewer") or "") if responsible is None else responsible,
            handler=(profile.get("preparer") or "") if handler is None else handler,
            phone=profile.get("contact_phone") or "", issued_on=issued_on,
            earlier=earlier_proofs(ledger.db, volunteer["id"])))
        serial += 1
    return proofs


def record_proofs(ledger: Ledger, proofs: list[ProofContent],
                  save: Callable[[], list[Path]]) -> list[Path]:
    """Register ``proofs`` (one audit row each) and call ``save()`` (which writes their
    documents) in one transaction: all are registered and written, or none."""
    now = local_now_iso()
    try:
        with ledger.db.atomic():
            for proof in proofs:
                row_id = new_id()
                ledger.db.execute(
                    "INSERT INTO proofs (id, created_at, updated_at, year, serial, number, "
                    "volunteer_id, volunteer_name, masked_id_number, period_name, period_start, "
                    "period_end, minutes, star_level, issued_on, issuer, handler) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [row_id, now, now, proof.year, proof.serial, proof.number,
                     proof.volunteer_id, proof.name, proof.masked_id_number, proof.period_name,
                     proof.period_start, proof.period_end, proof.minutes, proof.star_level,
                     proof.issued_on.isoformat(), proof.issuer, proof.handler])
                write_audit(ledger.db, table="proofs", row_id=row_id, action="insert",
                            actor=ledger.actor,
                            new={"number": proof.number, "volunteer": proof.name,
                                 "hours": proof.hours, "period": proof.period_name,
                                 "issued_on": proof.issued_on.isoformat(),
                                 "reissue_of": [p.number for p in proof.earlier]})
            paths = save()
            for proof, path in zip(proofs, paths, strict=True):
                ledger.db.execute("UPDATE proofs SET file_name = ? WHERE year = ? AND serial = ?",
                                  [path.name, proof.year, proof.serial])
    except cipher.IntegrityError as exc:
        raise UserFacingError(TEXT["taken"]) from exc
    return paths


@dataclass(frozen=True)
class RegisterRow:
    number: str
    name: str
    masked_id_number: str
    period_name: str
    hours: float
    star_level: int
    issued_on: str
    issuer: str
    handler: str


def proof_register(db: Database, period: Period | None = None) -> list[RegisterRow]:
    """The 证明登记: every proof issued (in the period), in number order."""
    sql = ("SELECT number, volunteer_name, masked_id_number, period_name, minutes, star_level, "
           "issued_on, issuer, handler FROM proofs WHERE deleted_at IS NULL")
    params: list[Any] = []
    if period is not None:
        sql += " AND issued_on BETWEEN ? AND ?"
        params += [period.start_iso, period.end_iso]
    return [RegisterRow(row[0], row[1], row[2], row[3], round(row[4] / 60, 1), *row[5:])
            for row in db.execute(sql + " ORDER BY year, serial", params).fetchall()]
