"""The audit log exported to Excel: every line, masked IDs, atomic write."""

from __future__ import annotations

from datetime import date

import openpyxl

from chuangcheng_desktop.core.figures.audit_view import AuditQuery, search_audit
from chuangcheng_desktop.reports.workbook.audit_export import write_audit_workbook
from tests.conftest import ID_FEMALE_1985, sample


def test_export_lists_every_line(ledger, tmp_path):
    ledger.volunteers.add(sample("volunteers"))
    ledger.activities.add(sample("activities", title="=HYPERLINK(\"x\")"))
    lines = search_audit(ledger.db, AuditQuery())
    out = write_audit_workbook(lines, tmp_path / "操作记录.xlsx", unit="青松社区",
                               filters="台账：全部", actor="王芳", today=date(2026, 6, 30))
    sheet = openpyxl.load_workbook(out).active
    assert sheet.title == "操作记录"
    assert sheet["A1"].value == "青松社区操作记录"
    assert [c.value for c in sheet[2]] == ["序号", "时间", "操作人", "台账", "操作", "记录",
                                           "内容（原值 → 新值）"]
    assert sheet["D3"].value == "活动" and sheet["F3"].value == "=HYPERLINK(\"x\")"
    assert sheet["D4"].value == "志愿者" and sheet["F4"].value == "李秀英"
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert ID_FEMALE_1985 not in text
    assert "2026年6月30日" in text and "共2条" in text
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
