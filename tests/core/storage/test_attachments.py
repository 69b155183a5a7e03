from __future__ import annotations

import struct
import zlib
from datetime import date
from pathlib import Path

import pytest

from chuangcheng_desktop.core.storage import attachments
from chuangcheng_desktop.core.storage.attachments import attach_file, attachment_file, store_file
from chuangcheng_desktop.core.storage.errors import RecordNotFoundError, UserFacingError
from tests.conftest import sample


def _png(colour: tuple[int, int, int], width: int = 8, height: int = 6) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(colour) * width
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height))
            + chunk(b"IEND", b""))


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "incoming" / "现场 照片.PNG"
    path.parent.mkdir()
    path.write_bytes(_png((200, 30, 30)))
    return path


def test_store_names_file_by_content(tmp_path: Path, photo: Path) -> None:
    store = tmp_path / "attachments"
    stored = store_file(store, photo)
    assert len(stored.sha256) == 64
    assert stored.size == photo.stat().st_size
    assert stored.relative_path == f"{stored.sha256[:2]}/{stored.sha256}.png"
    assert (store / stored.relative_path).read_bytes() == photo.read_bytes()
    assert not [p for p in store.rglob("*") if p.name.startswith(".incoming-")]


def test_same_content_is_stored_once(tmp_path: Path, photo: Path) -> None:
    store = tmp_path / "attachments"
    copy = tmp_path / "另一个名字.jpg.png"
    copy.write_bytes(photo.read_bytes())
    first = store_file(store, photo)
    second = store_file(store, copy)
    assert first == second
    assert [p for p in store.rglob("*") if p.is_file()] == [store / first.relative_path]


def test_same_content_other_extension_is_not_copied_again(tmp_path: Path, photo: Path) -> None:
    store = tmp_path / "attachments"
    renamed = tmp_path / "photo.gif"  # same bytes (a PNG), extension differs
    renamed.write_bytes(photo.read_bytes())
    first = store_file(store, photo)
    assert store_file(store, renamed) == first
    assert len([p for p in store.rglob("*") if p.is_file()]) == 1


def test_different_content_gives_different_files(tmp_path: Path, photo: Path) -> None:
    store = tmp_path / "attachments"
    other = tmp_path / "b.png"
    other.write_bytes(_png((30, 200, 30)))
    assert store_file(store, photo).sha256 != store_file(store, other).sha256
    assert len([p for p in store.rglob("*") if p.is_file()]) == 2


def test_copy_survives_deleting_the_original(tmp_path: Path, photo: Path) -> None:
    store = tmp_path / "attachments"
    content = photo.read_bytes()
    stored = store_file(store, photo)
    photo.unlink()
    assert (store / stored.relative_path).read_bytes() == content


@pytest.mark.parametrize(("name", "content"), [
    ("notes.txt", b"hello"),
    ("report.pdf", b"%PDF-1.7\n"),
    ("fake.jpg", b"this is not a jpeg at all"),
    ("empty.png", b""),
    ("document.png", b"PK\x03\x04 a zipped docx renamed"),
])
def test_non_images_are_refused(tmp_path: Path, name: str, content: bytes) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    with pytest.raises(UserFacingError) as caught:
        store_file(tmp_path / "attachments", source)
    assert name in caught.value.message
    assert not (tmp_path / "attachments").exists()


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserFacingError, match="找不到照片"):
        store_file(tmp_path / "attachments", tmp_path / "gone.jpg")


def test_too_large_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "MAX_SIZE", 100)
    source = tmp_path / "big.png"
    source.write_bytes(_png((1, 2, 3), width=64, height=64) + b"\x00" * 200)
    with pytest.raises(UserFacingError, match="30 MB"):
        store_file(tmp_path / "attachments", source)


def test_each_image_type_is_accepted(tmp_path: Path) -> None:
    headers = {
        "a.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        "b.jpeg": b"\xff\xd8\xff\xe1\x00\x10Exif\x00",
        "c.gif": b"GIF89a\x01\x00\x01\x00",
        "d.webp": b"RIFF\x24\x00\x00\x00WEBPVP8 ",
        "e.bmp": b"BM" + b"\x00" * 30,
    }
    for name, header in headers.items():
        source = tmp_path / name
        source.write_bytes(header + name.encode())
        stored = store_file(tmp_path / "attachments", source)
        assert stored.relative_path.endswith(Path(name).suffix)


def test_attach_file_links_photo_to_a_problem(ledger, tmp_path: Path, photo: Path) -> None:
    problem = ledger.problems.add(sample("problems"))
    store = tmp_path / "attachments"
    row = attach_file(ledger, store, photo, owner_table="problems", owner_id=problem["id"],
                      role="整改前", taken_on=date(2026, 4, 2))
    assert row["original_name"] == "现场 照片.PNG"
    assert row["taken_on"] == "2026-04-02"
    assert row["role"] == "整改前"
    path = attachment_file(store, row)
    assert path.read_bytes() == photo.read_bytes()
    assert ledger.attachments.count() == 1


def test_attach_file_needs_a_live_owner(ledger, tmp_path: Path, photo: Path) -> None:
    store = tmp_path / "attachments"
    with pytest.raises(RecordNotFoundError):
        attach_file(ledger, store, photo, owner_table="activities",
                    owner_id="00000000-0000-4000-8000-000000000000", role="现场照片")
    with pytest.raises(UserFacingError, match="所属台账"):
        attach_file(ledger, store, photo, owner_table="volunteers", owner_id="x", role="其他")
    assert not store.exists()


def test_attachment_file_finds_content_stored_under_other_extension(
    tmp_path: Path, photo: Path,
) -> None:
    store = tmp_path / "attachments"
    stored = store_file(store, photo)
    row = {"sha256": stored.sha256, "original_name": "renamed.jpeg"}
    assert attachment_file(store, row) == store / stored.relative_path
