"""Roster fields the 全国志愿服务信息系统 uses: 志愿者编号, 服务类别; the import accepts them;
service records imported from an activity ledger are their own source 导入."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from chuangcheng_desktop.core.storage.errors import ValidationError
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.reports.imports.importer import commit_import, preview_import
from tests.conftest import ID_FEMALE_1985, ID_MALE_1990, sample


def _book(path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_service_category_is_checked_against_the_national_list(ledger):
    saved = ledger.volunteers.add(sample("volunteers", volunteer_number="BJ2024000123",
                                         service_category="社区服务，环保、为老服务"))
    assert saved["volunteer_number"] == "BJ2024000123"
    assert saved["service_category"] == "社区服务、环境保护、关爱特殊群体"
    with pytest.raises(ValidationError, match="服务类别：“打酱油”不是全国志愿服务信息系统的服务类别"):
        ledger.volunteers.add(sample("volunteers", name="王强", id_number=ID_MALE_1990,
                                     service_category="打酱油"))
    found = ledger.volunteers.list(ListQuery(text="BJ2024000123"))
    assert [row["name"] for row in found] == ["李秀英"]


def test_the_roster_import_accepts_the_new_columns(ledger, tmp_path):
    path = _book(tmp_path / "花名册.xlsx", [
        ["姓名", "身份证号", "注册日期", "服务队", "志愿者编号", "服务类别", "技能特长"],
        ["李秀英", ID_FEMALE_1985, "2024-05-01", "青松环保志愿服务队", "BJ2024000123",
         "环境保护", "急救"],
        ["王强", ID_MALE_1990, "2025-01-10", None, None, "文明交通", None],
    ])
    preview = preview_import(ledger, "volunteers", path)
    assert not preview.rejected
    commit_import(ledger, preview)
    rows = {row["name"]: row for row in ledger.volunteers.list(ListQuery(limit=None))}
    assert (rows["李秀英"]["volunteer_number"], rows["李秀英"]["service_category"],
            rows["李秀英"]["registered_on"], rows["李秀英"]["skills"]) == (
        "BJ2024000123", "环境保护", "2024-05-01", "急救")
    assert rows["李秀英"]["team_id"]
    assert (rows["王强"]["volunteer_number"], rows["王强"]["service_category"]) == ("", "文明交通")


def test_activity_ledger_import_records_service_as_imported(ledger, tmp_path):
    ledger.volunteers.add(sample("volunteers"))
    path = _book(tmp_path / "活动.xlsx", [
        ["活动日期", "活动名称", "活动类别", "参与志愿者", "服务时长(小时)"],
        ["2026-03-05", "文明劝导", "志愿服务", "李秀英", 2],
    ])
    commit_import(ledger, preview_import(ledger, "activities", path))
    records = ledger.service_records.list(ListQuery())
    assert [(r["source"], r["minutes"]) for r in records] == [("导入", 120)]
