"""Atomic output files and never-overwrite names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.reports import files
from chuangcheng_desktop.reports.files import OutputFileBusyError, next_free_path, write_atomically


def test_write_replaces_the_target_and_leaves_no_temp(tmp_path):
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"old")
    write_atomically(target, lambda temp: temp.write_bytes(b"new"))
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["台账.xlsx"]


def test_a_failing_writer_leaves_the_old_file(tmp_path):
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"old")

    def half(temp: Path) -> None:
        temp.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(UserFacingError, match="无法写入"):
        write_atomically(target, half)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["台账.xlsx"]


def test_a_busy_target_says_so(tmp_path, monkeypatch):
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"old")

    def locked(src, dst):  # what Windows does while Excel holds the file open
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "replace", locked)
    with pytest.raises(OutputFileBusyError, match="正被其他程序"):
        write_atomically(target, lambda temp: temp.write_bytes(b"new"))
    monkeypatch.setattr(files.os, "replace", os.replace)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["台账.xlsx"]


def test_next_free_path(tmp_path):
    first = tmp_path / "总结.docx"
    assert next_free_path(first) == first
    first.write_bytes(b"1")
    assert next_free_path(first).name == "总结(2).docx"
    (tmp_path / "总结(2).docx").write_bytes(b"2")
    assert next_free_path(first).name == "总结(3).docx"
