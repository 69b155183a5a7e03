"""报送包 export: what it carries, masking, manifest checksums, audit, atomic write."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile

import pytest

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.packages.export import export_package
from chuangcheng_desktop.core.rules.periods import parse_period
from chuangcheng_desktop.core.storage.audit import list_audit
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.schema import known_migration_names
from tests.conftest import ID_FEMALE_1985
from tests.core.packages.helpers import community


@pytest.fixture
def qingsong(tmp_path):
    with community(tmp_path / "qingsong") as ledger:
        yield ledger


def _snapshot(package, tmp_path):
    with zipfile.ZipFile(package) as archive:
        (tmp_path / "snap.sqlite").write_bytes(archive.read("ledger.sqlite"))
        manifest = json.loads(archive.read("manifest.json"))
    return sqlite3.connect(tmp_path / "snap.sqlite"), manifest


def test_full_package_carries_every_record_masked_with_checksums(qingsong, tmp_path):
    out = tmp_path / "out" / "青松.ccpkg"
    result = export_package(qingsong, paths.attachments_dir(qingsong.path.parent), out)
    assert result.path == out and result.photos == 1 and not result.missing_photos
    conn, manifest = _snapshot(out, tmp_path)
    assert manifest["unit_id"] == qingsong.profile()["id"]
    assert manifest["unit_name"] == "青松社区" and manifest["parent_unit"] == "城关街道"
    assert manifest["period_start"] is None and manifest["period_name"] == "全部数据"
    assert manifest["migrations"] == known_migration_names()
    assert manifest["counts"]["activities"] == 2 and manifest["counts"]["problems"] == 2
    assert manifest["counts"]["volunteers"] == 2 and manifest["counts"]["attachments"] == 1
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist()) - {"manifest.json"}
        assert names == set(manifest["members"])
        for name in names:
            assert hashlib.sha256(archive.read(name)).hexdigest() == manifest["members"][name]
    ids = {row[0] for row in conn.execute("SELECT id_number FROM volunteers")}
    assert ids == {"330102********028X", "110101********8515"}
    phones = {row[0] for row in conn.execute("SELECT phone FROM volunteers")}
    assert phones == {"138****5678", "139****1111"}
    search = " ".join(row[0] for row in conn.execute("SELECT search_text FROM volunteers"))
    assert ID_FEMALE_1985.lower() not in search and "13812345678" not in search
    assert conn.execute("SELECT contact_phone FROM unit_profile").fetchone()[0] == "057*****6666"
    audit = list_audit(qingsong.db, table="packages")
    assert audit[0]["action"] == "export" and audit[0]["new"]["full_data"] is False
    assert not [p for p in out.parent.iterdir() if p.name != out.name]  # no temp file left


def test_full_data_is_unmasked_and_audited(qingsong, tmp_path):
    out = tmp_path / "full.ccpkg"
    export_package(qingsong, paths.attachments_dir(qingsong.path.parent), out, full_data=True)
    conn, manifest = _snapshot(out, tmp_path)
    assert manifest["full_data"] is True
    assert ID_FEMALE_1985 in {row[0] for row in conn.execute("SELECT id_number FROM volunteers")}
    audit = list_audit(qingsong.db, table="packages")
    assert audit[0]["new"]["full_data"] is True and "未打码" in audit[0]["new"]["note"]


def test_period_package_carries_what_the_period_touches(qingsong, tmp_path):
    out = tmp_path / "q3.ccpkg"
    export_package(qingsong, paths.attachments_dir(qingsong.path.parent), out,
                   period=parse_period("2026Q3"))
    conn, manifest = _snapshot(out, tmp_path)
    assert (manifest["period_start"], manifest["period_end"]) == ("2026-07-01", "2026-09-30")
    assert [r[0] for r in conn.execute("SELECT date FROM activities")] == ["2026-08-15"]
    assert conn.execute("SELECT count(*) FROM service_records").fetchone()[0] == 1
    assert [r[0] for r in conn.execute("SELECT found_on FROM problems")] == ["2026-08-02"]
    assert conn.execute("SELECT count(*) FROM attachments").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM volunteers").fetchone()[0] == 2  # roster: whole
    assert manifest["counts"]["honours"] == 1


def test_a_failed_write_leaves_no_file(qingsong, tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    with pytest.raises(UserFacingError):
        export_package(qingsong, paths.attachments_dir(qingsong.path.parent),
                       blocker / "a.ccpkg")
    assert list(tmp_path.glob("**/*.ccpkg*")) == []


def test_reduced_photos_are_smaller_copies_that_the_rows_name(qingsong, tmp_path):
    import random

    from chuangcheng_desktop.core.packages.merge import import_package
    from chuangcheng_desktop.core.storage.attachments import attach_file
    from chuangcheng_desktop.core.storage.attachments import attachment_file as stored_file
    from tests.core.packages.helpers import street

    big = tmp_path / "in" / "大照片.png"
    noise = random.Random(4)
    from chuangcheng_desktop.core.demo.builder import png_bytes

    big.write_bytes(png_bytes(1600, 1200, [bytes(noise.getrandbits(8) for _ in range(4800))
                                           for _ in range(1200)]))
    activity = qingsong.activities.list()[0]
    folder = paths.attachments_dir(qingsong.path.parent)
    attach_file(qingsong, folder, big, owner_table="activities", owner_id=activity["id"],
                role="现场照片")
    full = export_package(qingsong, folder, tmp_path / "full.ccpkg")
    small = export_package(qingsong, folder, tmp_path / "small.ccpkg", reduced_photos=True)
    assert small.path.stat().st_size < full.path.stat().st_size / 3
    assert small.manifest.extra["photos"] == "reduced"
    conn, _ = _snapshot(small.path, tmp_path)
    name, sha = conn.execute("SELECT original_name, sha256 FROM attachments "
                             "WHERE owner_table = 'activities'").fetchone()
    assert name == "大照片.jpg" and f"attachments/{sha}.jpg" in small.manifest.members
    with street(tmp_path / "street") as town:
        import_package(town, paths.attachments_dir(town.path.parent), small.path, add_unit=True)
        copy = stored_file(paths.attachments_dir(town.path.parent),
                           {"sha256": sha, "original_name": name})
        assert copy.is_file() and copy.read_bytes()[:3] == b"\xff\xd8\xff"


def test_a_unit_without_a_name_is_asked_to_fill_it_in(ledger, tmp_path):
    with pytest.raises(UserFacingError, match="填写单位名称"):
        export_package(ledger, paths.attachments_dir(ledger.path.parent), tmp_path / "a.ccpkg")
    assert not (tmp_path / "a.ccpkg").exists()


def test_rows_are_copied_in_chunks_with_progress_in_chinese(qingsong, tmp_path, monkeypatch):
    """Each chunk reports progress (a worker that reports lets the window in), and chunked
    copying carries the same rows."""
    from chuangcheng_desktop.core.packages import snapshot

    monkeypatch.setattr(snapshot, "CHUNK_ROWS", 1)
    steps = []
    out = tmp_path / "青松.ccpkg"
    result = export_package(qingsong, paths.attachments_dir(qingsong.path.parent), out,
                            progress=lambda percent, step: steps.append((percent, step)))
    assert result.manifest.counts["activities"] == 2 and result.manifest.counts["volunteers"] == 2
    assert "正在整理报送数据：活动（2条）…" in [step for _, step in steps]
    assert "正在整理报送数据：志愿者（1条）…" in [step for _, step in steps]
    percents = [percent for percent, _ in steps]
    assert percents == sorted(percents) and percents[0] >= 0 and percents[-1] < 100
    assert all(step.isascii() is False for _, step in steps)
