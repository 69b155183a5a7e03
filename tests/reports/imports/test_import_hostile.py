"""Hostile files: each gets a clear Chinese message quickly, and nothing changes."""

from __future__ import annotations

import subprocess
import sys
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


def _raw_xlsx(path, rows: int, *, body=None, tail=b"</sheetData></worksheet>", headers=("姓名", "身份证号")):
    """A minimal .xlsx with a header and ``rows`` data rows, written without openpyxl
    (or the rows in ``body``, and ``tail`` after them)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WB_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                        b'spreadsheetml/2006/main"><sheetData><row r="1">'
                        + "".join(f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>'
                                  for c, h in zip("ABCDEFGH", headers, strict=False)).encode()
                        + b"</row>")
            for start in range(0, rows, 10_000):  # varied values compress like real data
                sheet.write("".join(f'<row><c t="n"><v>{n}</v></c><c t="n"><v>{n * 7919 % 1000003}'
                                    f'</v></c></row>' for n in range(start, start + 10_000)).encode())
            for chunk in body or ():
                sheet.write(chunk)
            sheet.write(tail)
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
    monkeypatch.setattr(import_safety, "MAX_SHEET_XML", 1000)
    _refused(ledger, _raw_xlsx(tmp_path / "a.xlsx", 10_000), "异常巨大")


def test_a_million_rows_stop_at_the_limit(ledger, tmp_path):
    path = _raw_xlsx(tmp_path / "百万行.xlsx", 1_000_000)
    message = _refused(ledger, path, "50000行", "拆分")
    assert "花名册" in message


MERGE_BOMB = b"<mergeCells>" + b'<mergeCell ref="E2:E1048576"/>' * 20_000 + b"</mergeCells>"
ROSTER = ("姓名", "身份证号", "性别", "手机号", "政治面貌")


def test_a_merged_cell_bomb_costs_only_the_rows_read(ledger, tmp_path):
    """3 KB, 20,000 ranges E2:E1048576: the fill walks the 3 rows read, not a million."""
    row = '<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>张三{n}</t></is></c>{e}</row>'
    body = [row.format(n=2, e='<c r="E2" t="inlineStr"><is><t>党员</t></is></c>').encode(),
            row.format(n=3, e="").encode(), row.format(n=4, e="").encode()]
    path = _raw_xlsx(tmp_path / "合并.xlsx", 0, body=body, headers=ROSTER,
                     tail=b"</sheetData>" + MERGE_BOMB + b"</worksheet>")
    assert path.stat().st_size < 5000
    start = time.perf_counter()
    preview = preview_import(ledger, "volunteers", path)
    assert time.perf_counter() - start < 2
    assert [r.cells["政治面貌"] for r in preview.rows] == ["党员", "党员", "党员"]


def test_a_million_inline_string_rows_are_too_many_rows_not_malicious(ledger, tmp_path):
    row = ('<row><c t="inlineStr"><is><t>张三</t></is></c>'
           '<c t="inlineStr"><is><t>110101199003078515</t></is></c></row>').encode()
    path = _raw_xlsx(tmp_path / "百万行.xlsx", 0, body=(row * 10_000 for _ in range(100)))
    message = _refused(ledger, path, "50000行", "拆分", "花名册")
    assert "恶意" not in message and "异常巨大" not in message


def test_too_much_shared_text_is_refused_before_reading(ledger, tmp_path, monkeypatch):
    monkeypatch.setattr(import_safety, "MAX_SHARED_STRINGS", 1000)
    path = _raw_xlsx(tmp_path / "文字.xlsx", 10)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", "<sst>" + "<si><t>很长的文字</t></si>" * 500 + "</sst>")
    _refused(ledger, path, "文字内容太多", "拆分")


def test_memory_stays_under_500_mb_for_hostile_files(tmp_path):
    """Each hostile file read in a fresh process: peak memory well under 500 MB."""
    row = ('<row><c t="inlineStr"><is><t>张三</t></is></c>'
           '<c t="inlineStr"><is><t>110101199003078515</t></is></c></row>').encode()
    files = [_raw_xlsx(tmp_path / "a.xlsx", 0, body=(row * 10_000 for _ in range(100))),
             _raw_xlsx(tmp_path / "b.xlsx", 49_000),
             _raw_xlsx(tmp_path / "c.xlsx", 0, headers=ROSTER,
                       tail=b"</sheetData>" + MERGE_BOMB + b"</worksheet>")]
    script = (
        "import resource, sys, tempfile\n"
        "from chuangcheng_desktop.core.storage.ledger import Ledger\n"
        "from chuangcheng_desktop.core.storage.errors import UserFacingError\n"
        "from chuangcheng_desktop.reports.imports.importer import preview_import\n"
        "with Ledger.open_in(tempfile.mkdtemp()) as ledger:\n"
        "    for path in sys.argv[1:]:\n"
        "        try:\n"
        "            preview_import(ledger, 'volunteers', path)\n"
        "        except UserFacingError:\n"
        "            pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\n")
    done = subprocess.run([sys.executable, "-c", script, *map(str, files)], capture_output=True,
                          text=True, timeout=60, check=True)
    assert int(done.stdout.split()[-1]) < 500


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
