"""Refuse files that are not a readable .xlsx before openpyxl ever opens them.

Checked from the first bytes and the zip directory: an old .xls or a password-protected
workbook (both OLE compound files), anything that is not a zip, a zip that is not an
Excel workbook, and a zip bomb (uncompressed sizes or compression ratios no real ledger
has). A worksheet is judged by what it holds instead: its XML is streamed once (never
kept) counting rows and value cells, and a sheet with more than a ledger's worth is
refused as too many rows before the reader loads it; the shared strings are capped.
So memory stays far below 500 MB for any file. Each refusal is an
:class:`ImportFileError` whose message says what to do; the database is never touched.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from chuangcheng_desktop.core.storage.errors import UserFacingError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_TOTAL_UNCOMPRESSED = 400 * 1024 * 1024
MAX_MEMBER_UNCOMPRESSED = 250 * 1024 * 1024
MAX_RATIO = 200  # real sheets compress 5–20×; bombs 1000× and more
MAX_SHEET_RATIO = 1000  # a sheet of one row repeated compresses ~300×: counted, then refused
RATIO_CHECK_ABOVE = 5 * 1024 * 1024
MAX_DATA_ROWS = 50_000
# A sheet is loaded whole by the reader: at most this many cells with a value (50,000
# rows of 30 columns), and at most this much XML (streamed to count, never kept).
MAX_VALUE_CELLS = 1_500_000
MAX_SHEET_XML = 1024 * 1024 * 1024
MAX_SHARED_STRINGS = 100 * 1024 * 1024
SCAN_CHUNK = 1024 * 1024

MESSAGES = {
    "missing": "找不到文件“{name}”，请重新选择。",
    "unreadable": "无法读取文件“{name}”：{reason}。请确认文件没有被其他程序占用后重试。",
    "empty": "文件“{name}”是空的（0字节），请重新选择正确的Excel文件。",
    "too_big": "文件“{name}”太大（{size}MB，上限{limit}MB）。请把台账拆分成几个较小的文件分批导入。",
    "encrypted": "文件“{name}”设置了打开密码，无法读取。请在 WPS/Excel 中打开它，"
                 "在“文件→文档加密/保护工作簿”中取消密码并保存后再导入。",
    "xls": "文件“{name}”是旧版 Excel 97-2003 格式（.xls），本软件只能读取 .xlsx。"
           "请在 WPS/Excel 中打开它，选择“另存为”→“Excel 工作簿（*.xlsx）”后再导入。",
    "not_xlsx": "文件“{name}”不是 Excel 工作簿（.xlsx）。"
                "请选择用 WPS 或 Excel 保存的 .xlsx 文件；如果是 .csv 或 .et 文件，请先另存为 .xlsx。",
    "bomb": "文件“{name}”解压后的内容异常巨大（{size}MB），可能已损坏或是恶意文件，已拒绝读取。"
            "请用 WPS/Excel 打开核对后另存为新文件再导入。",
    "damaged": "文件“{name}”已损坏，无法读取：{reason}。请用 WPS/Excel 打开并另存为 .xlsx 后再导入。",
    "too_many_rows": "工作表“{sheet}”的数据超过{limit}行，已停止读取。"
                     "请把台账拆分成每个不超过{limit}行的文件分批导入。",
    "too_many_cells": "文件“{name}”中的表格内容太多（超过{cells}万个单元格），没有读取。"
                      "请删去不需要的列，或把台账拆分成几个较小的文件分批导入。",
    "too_much_text": "文件“{name}”中的文字内容太多（{size}MB，上限{limit}MB），没有读取。"
                     "请把台账拆分成几个较小的文件分批导入。",
}
MESSAGES["not_zip"] = MESSAGES["not_xlsx"]


class ImportFileError(UserFacingError):
    """The file cannot be imported at all; nothing was changed."""


def _refuse(key: str, path: Path, **values: object) -> ImportFileError:
    return ImportFileError(MESSAGES[key].format(name=path.name, **values))


def check_workbook_file(path: Path | str) -> None:
    """Raise :class:`ImportFileError` unless ``path`` looks like a safe .xlsx workbook."""
    path = Path(path)
    members = read_zip_directory(path, _refuse, check_head=_refuse_ole)
    names = {info.filename for info in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise _refuse("not_xlsx", path)
    for info in members:
        if info.filename.lower() == "xl/sharedstrings.xml" and info.file_size > MAX_SHARED_STRINGS:
            raise _refuse("too_much_text", path, size=info.file_size // 2**20,
                          limit=MAX_SHARED_STRINGS // 2**20)
    # Worksheets are judged by the rows and cells they hold (below), not by their size alone.
    sheets = [info for info in members if _is_worksheet(info.filename)]
    check_zip_sizes(path, [info for info in members if not _is_worksheet(info.filename)], _refuse)
    for info in sheets:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_SHEET_XML or (info.file_size > RATIO_CHECK_ABOVE
                                               and ratio > MAX_SHEET_RATIO):
            raise _refuse("bomb", path, size=info.file_size // 2**20)
        _check_sheet(path, info)
        # Not too many cells, yet compressed like no real sheet: filler, not data.
        if info.file_size > RATIO_CHECK_ABOVE and ratio > MAX_RATIO:
            raise _refuse("bomb", path, size=info.file_size // 2**20)


Refuse = Callable[..., UserFacingError]  # refuse(key, path, **values) -> the error to raise


def read_zip_directory(path: Path, refuse: Refuse, *, max_bytes: int | None = None,
                       check_head: Callable[[Path, bytes], None] | None = None,
                       ) -> list[zipfile.ZipInfo]:
    """The members of the zip at ``path``, read from its directory alone (nothing is
    decompressed), after refusing a missing, empty, oversized or non-zip file. ``refuse``
    turns a key of :data:`MESSAGES` into the caller's error (the .ccpkg import has its own
    wording); ``check_head`` may refuse a file from its first 8 bytes before the zip check."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError as exc:
        raise refuse("missing", path) from exc
    except OSError as exc:
        raise refuse("unreadable", path, reason=exc.strerror or exc) from exc
    if size == 0:
        raise refuse("empty", path)
    max_bytes = MAX_FILE_BYTES if max_bytes is None else max_bytes
    if size > max_bytes:
        raise refuse("too_big", path, size=size // 2**20, limit=max_bytes // 2**20)
    if check_head is not None:
        check_head(path, head)
    if not head.startswith(ZIP_MAGIC):
        raise refuse("not_zip", path)
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise refuse("damaged", path, reason=str(exc) or type(exc).__name__) from exc


def check_zip_sizes(path: Path, members: list[zipfile.ZipInfo], refuse: Refuse, *,
                    max_total: int | None = None, max_member: int | None = None) -> None:
    """Refuse a zip bomb: uncompressed sizes or compression ratios no real file has
    (the limits default to the Excel import's, read when called)."""
    max_total = MAX_TOTAL_UNCOMPRESSED if max_total is None else max_total
    max_member = MAX_MEMBER_UNCOMPRESSED if max_member is None else max_member
    total = 0
    for info in members:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if (info.file_size > max_member or total > max_total
                or (info.file_size > RATIO_CHECK_ABOVE and ratio > MAX_RATIO)):
            raise refuse("bomb", path, size=max(total, info.file_size) // 2**20)


def _is_worksheet(name: str) -> bool:
    name = name.lower()
    return name.startswith("xl/worksheets/") and name.endswith(".xml") and name.count("/") == 2


def _check_sheet(path: Path, info: zipfile.ZipInfo) -> None:
    """Stream one worksheet's XML, counting rows and cells with a value; refuse as soon
    as it holds more than a ledger could (its size alone says nothing: real data is
    compact or verbose, and the reader stops at MAX_DATA_ROWS anyway)."""
    rows = cells = size = 0
    tail = b""
    try:
        with zipfile.ZipFile(path) as archive, archive.open(info) as stream:
            while chunk := stream.read(SCAN_CHUNK):
                size += len(chunk)
                if size > MAX_SHEET_XML:
                    raise _refuse("bomb", path, size=size // 2**20)
                data = tail + chunk
                rows += data.count(b"<row") - tail.count(b"<row")
                cells += sum(data.count(tag) - tail.count(tag) for tag in _VALUE_TAGS)
                if cells > MAX_VALUE_CELLS:
                    if rows > MAX_DATA_ROWS:
                        raise _refuse("too_many_rows", path, limit=MAX_DATA_ROWS,
                                      sheet=_sheet_name(archive, info.filename))
                    raise _refuse("too_many_cells", path, cells=MAX_VALUE_CELLS // 10_000)
                tail = data[-8:]
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
        raise _refuse("damaged", path, reason=str(exc) or type(exc).__name__) from exc


_VALUE_TAGS = (b"<v>", b"<v ", b"<is>")
_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_RELATION = re.compile(rb'<(?:\w+:)?Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')


def _sheet_name(archive: zipfile.ZipFile, member: str) -> str:
    """The name the user sees for a worksheet member (its file name if unknown)."""
    try:
        with archive.open("xl/workbook.xml") as handle:
            book = handle.read(1024 * 1024)
        with archive.open("xl/_rels/workbook.xml.rels") as handle:
            rels = handle.read(1024 * 1024)
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError):
        return member.rsplit("/", 1)[-1]
    targets = {rid: target.decode("utf-8", "replace").lstrip("/").removeprefix("xl/")
               for rid, target in _RELATION.findall(rels)}
    for name, rid in _SHEET.findall(book):
        if "xl/" + targets.get(rid, "") == member:
            return name.decode("utf-8", "replace")
    return member.rsplit("/", 1)[-1]


def _refuse_ole(path: Path, head: bytes) -> None:
    if head.startswith(OLE_MAGIC):
        raise _refuse("encrypted" if _is_encrypted_ole(path) else "xls", path)


def _is_encrypted_ole(path: Path) -> bool:
    """An encrypted .xlsx is an OLE file holding "EncryptionInfo"/"EncryptedPackage"
    streams; an old .xls holds "Workbook"/"Book". Directory entries are UTF-16 names."""
    with path.open("rb") as handle:
        data = handle.read(4 * 1024 * 1024)
    return any(name.encode("utf-16-le") in data
               for name in ("EncryptionInfo", "EncryptedPackage"))


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def merged_ranges(xml: bytes) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row), 1-based, of every merged range in a sheet's XML."""
    from openpyxl.utils import column_index_from_string

    return [(column_index_from_string(c1.decode()), int(r1), column_index_from_string(c2.decode()),
             int(r2)) for c1, r1, c2, r2 in _MERGE.findall(xml)]
