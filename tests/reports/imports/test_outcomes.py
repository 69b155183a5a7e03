"""ImportPreview sorts its rows by status once per length of its rows."""

from __future__ import annotations

from pathlib import Path

from chuangcheng_desktop.reports.imports.outcomes import (
    DUPLICATE,
    OK,
    REJECTED,
    ImportPreview,
    RowOutcome,
)


def _preview(*statuses: str) -> ImportPreview:
    return ImportPreview(kind="volunteers", source=Path("花名册.xlsx"), sheet="Sheet1",
                         header_row=1, headers=["姓名"], unknown_headers=[],
                         rows=[RowOutcome(row=n + 2, cells={}, status=s)
                               for n, s in enumerate(statuses)])


def test_rows_by_status_follow_rows_appended_later():
    preview = _preview(OK, REJECTED, OK, DUPLICATE)
    assert [r.row for r in preview.accepted] == [2, 4]
    assert [r.row for r in preview.rejected] == [3]
    assert [r.row for r in preview.duplicates] == [5]
    preview.rows.append(RowOutcome(row=6, cells={}, status=REJECTED))
    assert [r.row for r in preview.rejected] == [3, 6]
    preview.accepted.clear()  # a copy: the preview keeps its rows
    assert len(preview.accepted) == 2
    assert preview == _preview(OK, REJECTED, OK, DUPLICATE, REJECTED)  # the cache is not compared
