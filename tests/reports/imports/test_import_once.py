"""An import checks each row once and writes one audit row listing every new id."""

from __future__ import annotations

import json

from openpyxl import Workbook

from chuangcheng_desktop.core.storage import records, repository
from chuangcheng_desktop.reports.imports.importer import commit_import, preview_import
from tests.conftest import ID_FEMALE_1985, ID_MALE_1990

ID_3 = "11010519491231002X"


def _roster(path):
    wb = Workbook()
    wb.active.append(["姓名", "身份证号", "注册日期", "所属服务队"])
    for name, number in (("李秀英", ID_FEMALE_1985), ("王建国", ID_MALE_1990), ("赵敏", ID_3)):
        wb.active.append([name, number, "2026-01-10", "新队"])
    wb.save(path)
    return path


def test_each_row_is_validated_once_and_audited_in_one_row(ledger, tmp_path, monkeypatch):
    calls = []
    original = records.validate_record

    def counting(kind, values):
        calls.append(kind.table)
        return original(kind, values)

    monkeypatch.setattr(records, "validate_record", counting)
    monkeypatch.setattr(repository, "validate_record", counting)
    before = ledger.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    preview = preview_import(ledger, "volunteers", _roster(tmp_path / "花名册.xlsx"))
    result = commit_import(ledger, preview)
    assert result.added == 3 and calls.count("volunteers") == 3

    rows = ledger.db.execute("SELECT table_name, row_id, new FROM audit_log ORDER BY rowid"
                             ).fetchall()[before:]
    volunteer_rows = [r for r in rows if r[0] == "volunteers"]
    assert len(volunteer_rows) == 1 and volunteer_rows[0][1] == "*"
    new = json.loads(volunteer_rows[0][2])
    saved = {v["id"] for v in ledger.volunteers.list()}
    assert new["count"] == 3 and set(new["ids"]) == saved and "花名册.xlsx" in new["note"]
    assert {v["team_id"] for v in ledger.volunteers.list()} == {ledger.teams.list()[0]["id"]}
