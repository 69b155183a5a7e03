"""Windows version resource of the executables (Explorer → 属性 → 详细信息).

Imported by ``packaging/chuangcheng.spec``; PyInstaller's version classes are plain
Python, so the spec reads the same on every platform (only Windows uses the result).
"""

from __future__ import annotations

from PyInstaller.utils.win32.versioninfo import (
    FixedFileInfo,
    StringFileInfo,
    StringStruct,
    StringTable,
    VarFileInfo,
    VarStruct,
    VSVersionInfo,
)


def version_info(version: str, *, file_description: str, original_filename: str) -> VSVersionInfo:
    parts = [int(part) for part in version.split(".")[:4]]
    numbers = tuple(parts + [0] * (4 - len(parts)))  # "0.1.0" → (0, 1, 0, 0)
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=numbers, prodvers=numbers, mask=0x3F, flags=0x0,
                          OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
        kids=[
            StringFileInfo([StringTable("080404B0", [  # 中文（简体，中国）, Unicode
                StringStruct("CompanyName", "chuangcheng-desktop"),
                StringStruct("FileDescription", file_description),
                StringStruct("FileVersion", version),
                StringStruct("InternalName", original_filename.rsplit(".", 1)[0]),
                StringStruct("LegalCopyright", "MIT License"),
                StringStruct("OriginalFilename", original_filename),
                StringStruct("ProductName", "创城台账"),
                StringStruct("ProductVersion", version),
            ])]),
            VarFileInfo([VarStruct("Translation", [0x0804, 1200])]),
        ],
    )
