"""Hostile files: each gets a clear Chinese message quickly, and nothing changes."""

from __future__ import annotations

import time
import zipfile

import pytest
from openpyxl import Workbook

from chuangcheng_desktop.reports.imports import import_safety
from chuangcheng_desktop.reports.imports.import_safety import OLE_MAGIC, ImportFileError
from chuangcheng_desktop.reports.imports.importer import preview_import
from chuangcheng_desktop.reports.workbook.templates import template_headers, write_template

CONTENT_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                 'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
                 'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
                 'worksheet+xml"/></Types>')
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>')
WB_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
           'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
           '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def _raw_xlsx(path, rows: int):
    """A minimal .xlsx with a header and ``rows`` data rows, written without openpyxl."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WB_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                        b'spreadsheetml/2006/main"><sheetData><row r="1">'
                        + "".join(f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>'
                                  for c, h in zip("AB", ("姓名", "身份证号"), strict=True)).encode()
                        + b"</row>")
            for start in range(0, rows, 10_000):  # varied values compress like real data
                sheet.write("".join(f'<row><c t="n"><v>{n}</v></c><c t="n"><v>{n * 7919 % 1000003}'
                                    f'</v></c></row>' for n in range(start, start + 10_000)).encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


def _refused(ledger, path, *words):
    start = time.perf_counter()
    with pytest.raises(ImportFileError) as caught:
        preview_import(ledger, "volunteers", path)
    assert time.perf_counter() - start < 10
    for word in words:
        assert word in caught.value.message
    assert ledger.volunteers.count() == 0 and ledger.teams.count() == 0
    return caught.value.message


def test_not_an_xlsx(ledger, tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_text("姓名,身份证号\n张三,1\n", encoding="utf-8")
    _refused(ledger, path, "不是 Excel 工作簿")


def test_a_zip_that_is_not_a_workbook(ledger, tmp_path):
    path = tmp_path / "照片.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"x")
    _refused(ledger, path, "不是 Excel 工作簿")


def test_old_xls(ledger, tmp_path):
    path = tmp_path / "旧台账.xls"
    path.write_bytes(OLE_MAGIC + b"\0" * 1000 + "Workbook".encode("utf-16-le") + b"\0" * 100)
    _refused(ledger, path, ".xls", "另存为")


def test_password_protected(ledger, tmp_path):
    path = tmp_path / "加密.xlsx"
    path.write_bytes(OLE_MAGIC + b"\0" * 1000 + "EncryptionInfo".encode("utf-16-le")
                     + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100)
    _refused(ledger, path, "密码")


def test_zip_bomb_is_refused_from_the_directory(ledger, tmp_path, monkeypatch):
    monkeypatch.setattr(import_safety, "RATIO_CHECK_ABOVE", 1024 * 1024)
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    _refused(ledger, path, "异常巨大")


def test_a_huge_declared_member_is_refused(ledger, tmp_path, monkeypatch):
    monkeypatch.setattr(import_safety, "MAX_MEMBER_UNCOMPRESSED", 1000)
    _refused(ledger, _raw_xlsx(tmp_path / "a.xlsx", 10_000), "异常巨大")


def test_a_million_rows_stop_at_the_limit(ledger, tmp_path):
    path = _raw_xlsx(tmp_path / "百万行.xlsx", 1_000_000)
    message = _refused(ledger, path, "50000行", "拆分")
    assert "花名册" in message


def test_empty_file_and_missing_header(ledger, tmp_path):
    empty = tmp_path / "空.xlsx"
    empty.write_bytes(b"")
    _refused(ledger, empty, "空的")
    wb = Workbook()
    wb.active.append(["随便", "什么"])
    wb.save(tmp_path / "无表头.xlsx")
    _refused(ledger, tmp_path / "无表头.xlsx", "表头")


@pytest.mark.parametrize("kind", ["volunteers", "activities", "problems"])
def test_templates_have_headers_example_and_drop_downs(ledger, tmp_path, kind):
    from openpyxl import load_workbook

    path = write_template(kind, tmp_path / f"{kind}.xlsx")
    ws = load_workbook(path).active
    assert [c.value for c in ws[2]] == template_headers(kind)
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists
    if kind == "volunteers":
        assert '"男,女"' in lists.values()
        assert any("中共党员" in f for f in lists.values())
    preview = preview_import(ledger, kind, path)  # the example row itself is importable
    assert len(preview.rows) == 1
    if kind != "activities":  # the example names volunteers not in this roster
        assert not preview.rejected, preview.rows[0].issues
