"""Import the 点位 register from Excel, with the same preview, row report and all-or-nothing
default as the other imports (reports/imports): the file is read by ``read_table``, each row
checked by ``validate_checkpoint`` (the register's one validator), and the preview is the same
:class:`ImportPreview` the import dialog and the error-list workbook already show.

A name already in the register is a duplicate (skipped, or updated on request); a name twice
in the file, an unknown type or a bad phone number rejects the row.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from chuangcheng_desktop.core.checkpoints.register import repository, validate_checkpoint
from chuangcheng_desktop.core.storage.errors import FieldError, ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.imports.import_errors import preview_report, write_error_file
from chuangcheng_desktop.reports.imports.import_reader import read_table
from chuangcheng_desktop.reports.imports.importer import TEXT as IMPORT_TEXT
from chuangcheng_desktop.reports.imports.importer import ImportRejectedError
from chuangcheng_desktop.reports.imports.outcomes import (
    DUPLICATE,
    REJECTED,
    CellIssue,
    ImportPreview,
    ImportResult,
    RowOutcome,
)

KIND = "checkpoints"
Progress = Callable[[int, str], None]
TEXT = {
    "dup_in_file": "点位名称：与第{row}行重复，请删去重复的一行或改名",
    "dup_register": "登记簿中已有此点位（{type}）",
}


def preview_checkpoints(ledger: Ledger, path: Path | str, *,
                        progress: Progress | None = None) -> ImportPreview:
    report = progress or (lambda percent, step: None)
    report(0, IMPORT_TEXT["reading"].format(label="点位登记簿"))
    table = read_table(path, KIND)
    preview = ImportPreview(kind=KIND, source=Path(path), sheet=table.sheet,
                            header_row=table.header_row,
                            headers=[table.headers[i] for i in sorted(table.columns)],
                            unknown_headers=table.unknown, rows=[])
    by_field = {f: i for i, f in table.columns.items()}
    existing = _register(ledger)
    seen: dict[str, int] = {}
    for number, values in table.rows:
        raw = {f: values[i] for i, f in table.columns.items()}
        outcome = RowOutcome(row=number, cells={table.headers[i]: values[i]
                                                for i in sorted(table.columns)})
        errors: list[FieldError] = []
        name = str(raw.get("name") or "").strip()
        try:
            outcome.record = validate_checkpoint(ledger.db, raw, own_id=(
                existing[name]["id"] if name in existing else None))
        except ValidationError as exc:
            errors = exc.errors
        if not errors and outcome.record is not None:
            first = seen.setdefault(outcome.record["name"], number)
            if first != number:
                errors = [FieldError("name", "点位名称", TEXT["dup_in_file"].format(row=first))]
        if errors:
            outcome.status, outcome.record = REJECTED, None
            outcome.issues = [_issue(table, by_field, number, values, e) for e in errors]
        elif outcome.record is not None and outcome.record["name"] in existing:
            old = existing[outcome.record["name"]]
            outcome.status, outcome.duplicate_of = DUPLICATE, old
            outcome.issues = [_issue(table, by_field, number, values, FieldError(
                "name", "点位名称", TEXT["dup_register"].format(type=old["type"])))]
        preview.rows.append(outcome)
    report(100, "")
    return preview


def commit_checkpoints(ledger: Ledger, preview: ImportPreview, *, skip_invalid: bool = False,
                       update_duplicates: bool = False) -> ImportResult:
    """Save the accepted rows in one transaction; with rejected rows, nothing unless
    ``skip_invalid`` (then the error list is saved beside the source file)."""
    result = ImportResult(skipped_invalid=len(preview.rejected))
    if preview.rejected and not skip_invalid:
        raise ImportRejectedError(IMPORT_TEXT["rejected"].format(count=len(preview.rejected)))
    if preview.rejected:
        result.error_file = write_error_file(preview)
    repo = repository(ledger)
    with ledger.db.atomic():
        result.added = len(repo.add_many([dict(o.record or {}) for o in preview.accepted]))
        for outcome in preview.duplicates:
            if update_duplicates and outcome.duplicate_of is not None:
                repo.update(outcome.duplicate_of["id"], dict(outcome.record or {}))
                result.updated += 1
            else:
                result.skipped_duplicates += 1
    return result


def checkpoint_preview_report(preview: ImportPreview) -> str:
    """The shared preview report, with the register named instead of the volunteer roster."""
    return preview_report(preview).replace("与花名册重复", "与登记簿重复").replace(
        "花名册", "点位登记簿")


def _register(ledger: Ledger) -> dict[str, dict[str, Any]]:
    cursor = ledger.db.execute("SELECT id, name, type FROM checkpoints WHERE deleted_at IS NULL")
    return {name: {"id": cid, "name": name, "type": type_} for cid, name, type_ in cursor}


def _issue(table: Any, by_field: dict[str, int], number: int, values: list[Any],
           error: FieldError) -> CellIssue:
    index = by_field.get(error.field)
    if index is None:
        return CellIssue(number, "", "", "", error.message)
    value = values[index]
    return CellIssue(number, table.column_letter(index), table.headers[index],
                     "" if value is None else str(value)[:60], error.message)
