"""What an import found, row by row: the preview both the importer and the error report use."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OK, REJECTED, DUPLICATE = "ok", "rejected", "duplicate"


@dataclass
class CellIssue:
    row: int
    column: str      # Excel column letter, "" when the problem is the whole row
    header: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f" {self.column}列「{self.header}」" if self.column else "")
        shown = f" 值“{self.value}”" if self.value else ""
        return f"{where}{shown}：{self.message}"


@dataclass
class RowOutcome:
    row: int
    cells: dict[str, Any]                  # header → value as read
    status: str = OK
    record: dict[str, Any] | None = None   # storage form, when accepted
    issues: list[CellIssue] = field(default_factory=list)
    duplicate_of: dict[str, Any] | None = None   # the roster record with the same ID
    team_name: str = ""
    helpers: list[tuple[str, int]] = field(default_factory=list)  # (volunteer_id, minutes)


@dataclass
class ImportPreview:
    kind: str
    source: Path
    sheet: str
    header_row: int
    headers: list[str]
    unknown_headers: list[str]
    rows: list[RowOutcome]
    new_teams: list[str] = field(default_factory=list)
    skipped_totals: list[int] = field(default_factory=list)  # 合计/小计 rows, not records

    # The rows by status, sorted once per length of ``rows`` (rows are appended with their
    # status set, never changed): the preview dialog asks for them many times, and each
    # pass over 50,000 rows on the GUI thread cost 3–5 ms.
    _by_status: dict[str, list[RowOutcome]] = field(default_factory=dict, init=False,
                                                    repr=False, compare=False)
    _sorted_rows: int = field(default=-1, init=False, repr=False, compare=False)

    def _with_status(self, status: str) -> list[RowOutcome]:
        if self._sorted_rows != len(self.rows):
            groups: dict[str, list[RowOutcome]] = {OK: [], REJECTED: [], DUPLICATE: []}
            for row in self.rows:
                groups.setdefault(row.status, []).append(row)
            self._by_status, self._sorted_rows = groups, len(self.rows)
        return list(self._by_status.get(status, ()))

    @property
    def accepted(self) -> list[RowOutcome]:
        return self._with_status(OK)

    @property
    def rejected(self) -> list[RowOutcome]:
        return self._with_status(REJECTED)

    @property
    def duplicates(self) -> list[RowOutcome]:
        return self._with_status(DUPLICATE)

    @property
    def issues(self) -> list[CellIssue]:
        return [issue for r in self.rows for issue in r.issues]


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    skipped_duplicates: int = 0
    skipped_invalid: int = 0
    service_records: int = 0
    teams_created: int = 0
    error_file: Path | None = None
