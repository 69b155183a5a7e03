"""Bring existing Excel ledgers in: preview every row, then commit all or nothing.

``preview_import(ledger, kind, path)`` reads the file (``import_reader``), checks every
row with ``core.records.validate_record`` (the one validator) and returns an
:class:`ImportPreview` listing each row's outcome: accepted, rejected (with row number,
column, value and a Chinese message saying what to do) or a duplicate of a volunteer
already in the roster (same ID number). ``commit_import`` saves the accepted rows in one
transaction; by default a preview with any rejected row imports nothing, and with
``skip_invalid`` the valid rows are imported and the error list is saved as an .xlsx
beside the source file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chuangcheng_desktop.core.figures.ledger_rows import iter_rows
from chuangcheng_desktop.core.rules.validation import InvalidValue, parse_amount
from chuangcheng_desktop.core.storage import records
from chuangcheng_desktop.core.storage.errors import FieldError, UserFacingError, ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.reports.imports.import_columns import (
    HELPERS,
    HOURS,
    KIND_LABELS,
    KINDS,
    TEAM,
    TIME_RANGE,
)
from chuangcheng_desktop.reports.imports.import_errors import is_total_row, write_error_file
from chuangcheng_desktop.reports.imports.import_reader import SheetTable, read_table
from chuangcheng_desktop.reports.imports.outcomes import (
    DUPLICATE,
    REJECTED,
    CellIssue,
    ImportPreview,
    ImportResult,
    RowOutcome,
)

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]
NEW_TEAM_CATEGORY = "其他"
TEXT = {
    "unknown_kind": "无法导入“{kind}”，只能导入志愿者、活动或问题。",
    "dup_in_file": "身份证号：与第{row}行重复，请删去重复的一行",
    "dup_roster": "花名册中已有此身份证号（{name}）",
    "no_volunteer": "参与志愿者：花名册中没有“{name}”，请先导入志愿者花名册或删去该姓名",
    "many_volunteers": "参与志愿者：花名册中有{count}位“{name}”，无法确定是哪一位，"
                       "请在姓名后注明身份证号后四位，如“{name}(尾号1234)”",
    "bad_helper": "参与志愿者：“{text}”的括号内写法不对，请写成“张三(2小时)”或“张三(尾号1234，2小时)”",
    "no_hours": "服务时长(小时)：列出了参与志愿者时请填写每人服务时长，如 2 或 2.5",
    "bad_time": "活动时间：无法识别“{text}”，请写成“08:30-11:30”",
    "rejected": "有{count}行未通过检查，没有导入任何记录。请按提示修改后重新导入，"
                "或选择“跳过错误行”只导入正确的行。",
    "nothing": "没有可导入的记录。",
    "reading": "正在读取{label}…",
    "checking": "正在检查第{done}/{total}行…",
    "saving": "正在保存…",
    "audit_note": "从Excel导入：{name}",
}
HELPER_SEPARATORS = "、,，;；/\n"


class ImportRejectedError(UserFacingError):
    """Rows were rejected and ``skip_invalid`` was not chosen: nothing was imported."""


def preview_import(ledger: Ledger, kind: str, path: Path | str, *,
                   progress: Progress | None = None) -> ImportPreview:
    if kind not in KINDS:
        raise UserFacingError(TEXT["unknown_kind"].format(kind=kind))
    report = progress or (lambda percent, step: None)
    report(0, TEXT["reading"].format(label=KIND_LABELS[kind]))
    table = read_table(path, kind)
    preview = ImportPreview(kind=kind, source=Path(path), sheet=table.sheet,
                            header_row=table.header_row,
                            headers=[table.headers[i] for i in sorted(table.columns)],
                            unknown_headers=table.unknown, rows=[])
    checker = _Checker(ledger, kind, table)
    total = len(table.rows)
    for done, (number, values) in enumerate(table.rows, start=1):
        if is_total_row(values):  # a 合计/小计 line under the records: noted, not checked
            preview.skipped_totals.append(number)
            continue
        preview.rows.append(checker.check(number, values))
        if done % 500 == 0:
            report(10 + 80 * done // total, TEXT["checking"].format(done=done, total=total))
    preview.new_teams = sorted(checker.new_teams)
    report(100, "")
    return preview


class _Checker:
    """Turns one sheet row into a RowOutcome, through validate_record."""

    def __init__(self, ledger: Ledger, kind: str, table: SheetTable) -> None:
        self.kind = kind
        self.record_kind = records.RECORD_KINDS[kind]
        self.table = table
        self.by_field = {f: i for i, f in table.columns.items()}
        self.new_teams: set[str] = set()
        self.seen_ids: dict[str, int] = {}
        self.teams: dict[str, str] = {}
        self.roster_by_id: dict[str, dict[str, Any]] = {}
        self.names: dict[str, list[tuple[str, str]]] = {}
        if kind == "volunteers":
            self.teams = {t["name"]: t["id"] for t in iter_rows(ledger.teams, ListQuery())}
            self.roster_by_id = {v["id_number"]: v
                                 for v in iter_rows(ledger.volunteers, ListQuery())}
        elif kind == "activities" and HELPERS in self.by_field:
            for v in iter_rows(ledger.volunteers, ListQuery()):
                self.names.setdefault(v["name"], []).append((v["id"], v["id_number"]))

    def check(self, number: int, values: list[Any]) -> RowOutcome:
        cells = {self.table.headers[i]: values[i] for i in sorted(self.table.columns)}
        raw = {f: values[i] for i, f in self.table.columns.items()}
        outcome = RowOutcome(row=number, cells=cells)
        issues: list[FieldError] = []
        extra = getattr(self, f"_prepare_{self.kind}")(raw, outcome, issues)
        try:
            outcome.record = records.validate_record(self.record_kind, raw)
        except ValidationError as exc:
            issues = exc.errors + issues
        if outcome.record is not None and not issues and extra is not None:
            issues.extend(extra(outcome))
        if issues:
            outcome.status = REJECTED
            outcome.record = None
            outcome.issues = [self._issue(number, error, values) for error in issues]
        elif outcome.duplicate_of is not None:
            outcome.status = DUPLICATE
        return outcome

    def _issue(self, number: int, error: FieldError, values: list[Any]) -> CellIssue:
        field_name = error.field
        if field_name == "team_id":
            field_name = TEAM
        if field_name in ("start_time", "end_time") and field_name not in self.by_field:
            field_name = TIME_RANGE
        if field_name == "minutes":
            field_name = HOURS
        index = self.by_field.get(field_name)
        if index is None:
            return CellIssue(number, "", "", "", error.message)
        value = values[index]
        shown = "" if value is None else str(value)
        return CellIssue(number, self.table.column_letter(index), self.table.headers[index],
                         shown[:60], error.message)

    # --- per kind ----------------------------------------------------------------------

    def _prepare_volunteers(self, raw: dict[str, Any], outcome: RowOutcome,
                            issues: list[FieldError]):
        team = raw.pop(TEAM, None)
        outcome.team_name = str(team).strip() if team not in (None, "") else ""
        if outcome.team_name and outcome.team_name not in self.teams:
            raw["team_id"] = None
        elif outcome.team_name:
            raw["team_id"] = self.teams[outcome.team_name]

        def after(outcome: RowOutcome) -> list[FieldError]:
            record = outcome.record
            assert record is not None
            number = record["id_number"]
            first = self.seen_ids.setdefault(number, outcome.row)
            if first != outcome.row:
                return [FieldError("id_number", "身份证号", TEXT["dup_in_file"].format(row=first))]
            existing = self.roster_by_id.get(number)
            if existing is not None:
                outcome.duplicate_of = existing
                outcome.issues.append(CellIssue(
                    outcome.row, self.table.column_letter(self.by_field["id_number"]),
                    self.table.headers[self.by_field["id_number"]], number,
                    TEXT["dup_roster"].format(name=existing["name"])))
            if outcome.team_name and outcome.team_name not in self.teams:
                self.new_teams.add(outcome.team_name)
            return []

        return after

    def _prepare_activities(self, raw: dict[str, Any], outcome: RowOutcome,
                            issues: list[FieldError]):
        span = raw.pop(TIME_RANGE, None)
        if span not in (None, "") and not raw.get("start_time"):
            parts = _split_time_range(span)
            if parts is None:
                issues.append(FieldError(TIME_RANGE, "活动时间", TEXT["bad_time"].format(text=span)))
            else:
                raw["start_time"], raw["end_time"] = parts
        helpers, hours = raw.pop(HELPERS, None), raw.pop(HOURS, None)
        if helpers in (None, ""):
            return None
        entries = _split_helpers(str(helpers))
        default_minutes = None
        if hours not in (None, ""):
            try:
                default_minutes = round(parse_amount(hours) * 60)
            except InvalidValue as exc:
                issues.append(FieldError(HOURS, "服务时长(小时)", f"服务时长(小时)：{exc.reason}"))
                return None
        for name, tail, own_hours in entries:
            ids = [vid for vid, number in self.names.get(name, []) if number.endswith(tail)]
            if not ids:
                issues.append(FieldError(HELPERS, "参与志愿者", TEXT["no_volunteer"].format(name=name)))
                continue
            if len(ids) > 1:
                issues.append(FieldError(HELPERS, "参与志愿者",
                                         TEXT["many_volunteers"].format(count=len(ids), name=name)))
                continue
            if own_hours == "bad":
                issues.append(FieldError(HELPERS, "参与志愿者", TEXT["bad_helper"].format(text=name)))
                continue
            minutes = round(own_hours * 60) if isinstance(own_hours, float) else default_minutes
            if minutes is None:
                issues.append(FieldError(HOURS, "服务时长(小时)", TEXT["no_hours"]))
                break
            try:
                records.validate_record(records.SERVICE_RECORDS, {
                    "activity_id": "-", "volunteer_id": ids[0], "minutes": minutes})
            except ValidationError as exc:
                issues.extend(FieldError(HOURS, "服务时长(小时)", e.message) for e in exc.errors)
                break
            outcome.helpers.append((ids[0], minutes))
        return None

    def _prepare_problems(self, raw: dict[str, Any], outcome: RowOutcome,
                          issues: list[FieldError]):
        return None


def _split_time_range(value: Any) -> tuple[str, str] | None:
    text = str(value).strip()
    for separator in ("-", "—", "–", "~", "～", "至", "到"):
        if separator in text:
            start, _, end = text.partition(separator)
            if start.strip() and end.strip():
                return start.strip(), end.strip()
    return None


def _split_helpers(text: str) -> list[tuple[str, str, Any]]:
    """"张三、李四(2.5小时)、王芳(尾号1234，2小时)" → [(name, id tail, hours or None)];
    a note that cannot be read gives hours "bad"."""
    text = text.replace("（", "(").replace("）", ")")
    parts, current, depth = [], "", 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        if depth == 0 and char in HELPER_SEPARATORS:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    entries: list[tuple[str, str, Any]] = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if not ("(" in part and part.endswith(")")):
            entries.append((part, "", None))
            continue
        name, _, inner = part[:-1].partition("(")
        tail, hours = "", None
        for note in inner.replace("，", ",").split(","):
            note = note.strip()
            if note.startswith("尾号"):
                tail = note[2:].strip().upper()
            elif note:
                try:
                    hours = parse_amount(note.replace("小时", "").strip())
                except InvalidValue:
                    hours = "bad"
        entries.append((name.strip(), tail, hours))
    return entries


def commit_import(ledger: Ledger, preview: ImportPreview, *, skip_invalid: bool = False,
                  update_duplicates: bool = False, progress: Progress | None = None) -> ImportResult:
    """Save the accepted rows in one transaction (see the module docstring)."""
    report = progress or (lambda percent, step: None)
    result = ImportResult(skipped_invalid=len(preview.rejected))
    if preview.rejected and not skip_invalid:
        raise ImportRejectedError(TEXT["rejected"].format(count=len(preview.rejected)))
    if preview.rejected:
        result.error_file = write_error_file(preview)
    report(0, TEXT["saving"])
    repo = ledger.repository(preview.kind)
    with ledger.db.atomic():
        team_ids: dict[str, str] = {}
        if preview.kind == "volunteers":
            wanted = {r.team_name for r in preview.accepted + preview.duplicates} & set(preview.new_teams)
            if wanted:
                created = ledger.teams.add_many(
                    [{"name": name, "category": NEW_TEAM_CATEGORY} for name in sorted(wanted)])
                team_ids = {team["name"]: team["id"] for team in created}
                result.teams_created = len(created)
        rows = []
        for outcome in preview.accepted:
            record = dict(outcome.record or {})
            if outcome.team_name in team_ids:
                record["team_id"] = team_ids[outcome.team_name]
            rows.append(record)
        # Checked once in the preview; one audit row for the import lists every new id.
        note = TEXT["audit_note"].format(name=preview.source.name)
        added = repo.add_many(rows, validated=True, audit_each=False, audit_note=note)
        result.added = len(added)
        for outcome in preview.duplicates:
            if not update_duplicates:
                result.skipped_duplicates += 1
                continue
            record = dict(outcome.record or {})
            if outcome.team_name in team_ids:
                record["team_id"] = team_ids[outcome.team_name]
            assert outcome.duplicate_of is not None
            repo.update(outcome.duplicate_of["id"], record)
            result.updated += 1
        if preview.kind == "activities":
            service = [{"activity_id": saved["id"], "volunteer_id": volunteer_id,
                        "minutes": minutes, "source": "导入", "reason": "从Excel台账导入"}
                       for outcome, saved in zip(preview.accepted, added, strict=True)
                       for volunteer_id, minutes in outcome.helpers]
            result.service_records = len(ledger.service_records.add_many(
                service, audit_each=False, audit_note=note))
    report(100, "")
    return result

