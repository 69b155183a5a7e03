"""Refuse files that are not a readable .xlsx before openpyxl ever opens them.

Checked from the first bytes and the zip directory alone (nothing is decompressed):
an old .xls or a password-protected workbook (both OLE compound files), anything that
is not a zip, a zip that is not an Excel workbook, and a zip bomb (uncompressed sizes or
compression ratios no real ledger has). Each refusal is an :class:`ImportFileError`
whose message says what to do; the database is never touched.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from chuangcheng_desktop.core.storage.errors import UserFacingError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_TOTAL_UNCOMPRESSED = 400 * 1024 * 1024
MAX_MEMBER_UNCOMPRESSED = 250 * 1024 * 1024
MAX_RATIO = 200  # real sheets compress 5–20×; bombs 1000× and more
RATIO_CHECK_ABOVE = 5 * 1024 * 1024
MAX_DATA_ROWS = 50_000

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
    check_zip_sizes(path, members, _refuse)


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
