"""报送包 import at the 街道: round trip, replacement, staleness, and every refusal."""

from __future__ import annotations

import json
import shutil
import sqlite3
import uuid
import zipfile
from datetime import datetime

import pytest

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.packages.export import export_package
from chuangcheng_desktop.core.packages.merge import (
    IDENTICAL,
    NEW,
    OLDER,
    UnknownUnitError,
    import_package,
)
from chuangcheng_desktop.core.packages.reading import PackageError
from chuangcheng_desktop.core.packages.scope import travelling_tables
from chuangcheng_desktop.core.packages.units import list_units, open_store
from chuangcheng_desktop.core.rules.periods import parse_period
from chuangcheng_desktop.core.storage.attachments import attachment_file
from tests.core.packages.helpers import community, rows, street


@pytest.fixture
def setup(tmp_path):
    with community(tmp_path / "qingsong") as qingsong, street(tmp_path / "street") as town:
        yield qingsong, town, tmp_path


def _export(ledger, out, **options):
    return export_package(ledger, paths.attachments_dir(ledger.path.parent), out, **options).path


def _import(town, package, **options):
    return import_package(town, paths.attachments_dir(town.path.parent), package, **options)


def _state(town) -> tuple:
    """Everything an import may change at the 街道: its tables and its folder."""
    tables = [rows(town.db, t) for t in ("units", "unit_packages", "audit_log")]
    files = sorted(p.relative_to(town.path.parent).as_posix()
                   for p in town.path.parent.rglob("*") if p.is_file() and "-wal" not in p.name
                   and "-shm" not in p.name and p.name != "chuangcheng.db")
    return tables, files


def test_round_trip_every_record_and_photo_equal_and_tagged(setup):
    qingsong, town, tmp = setup
    package = _export(qingsong, tmp / "full.ccpkg", full_data=True)
    with pytest.raises(UnknownUnitError):
        _import(town, package)
    outcome = _import(town, package, add_unit=True)
    assert outcome.status == NEW and outcome.committed and outcome.unit_added
    assert {c.table: c.new for c in outcome.changes}["activities"] == 2
    [unit] = list_units(town)
    assert (unit.id, unit.name) == (qingsong.profile()["id"], "青松社区")
    store = open_store(town, unit)
    for table in travelling_tables(qingsong.db.conn):
        assert rows(store, table) == rows(qingsong.db, table), table
    for row in store.execute("SELECT sha256, original_name FROM attachments"):
        stored = attachment_file(paths.attachments_dir(town.path.parent),
                                 {"sha256": row[0], "original_name": row[1]})
        assert stored.is_file()
    store.close()
    # the 街道's own ledgers do not hold the community's rows
    assert town.activities.count() == 0 and town.volunteers.count() == 0


def test_newer_package_replaces_the_period_older_and_identical_change_nothing(setup):
    qingsong, town, tmp = setup
    first = _export(qingsong, tmp / "q3-a.ccpkg", period=parse_period("2026Q3"))
    _import(town, first, add_unit=True)
    stale = _export(qingsong, tmp / "q3-stale.ccpkg", period=parse_period("2026Q3"))
    q1_activity = qingsong.activities.list()[-1]
    q3 = next(a for a in qingsong.activities.list() if a["date"] == "2026-08-15")
    qingsong.activities.soft_delete(q3["id"])
    qingsong.activities.add({"title": "新活动", "category": "志愿服务", "date": "2026-09-01"})
    second = _export(qingsong, tmp / "q3-b.ccpkg", period=parse_period("2026Q3"))
    outcome = _import(town, second)
    assert outcome.status == NEW
    change = {c.table: c for c in outcome.changes}["activities"]
    assert (change.new, change.removed) == (1, 1)
    [unit] = list_units(town)
    store = open_store(town, unit)
    live = {r[0] for r in store.execute("SELECT title FROM activities WHERE deleted_at IS NULL")}
    store.close()
    assert "新活动" in live and q3["title"] not in live
    assert q1_activity["date"] == "2026-02-10" and q1_activity["title"] not in live  # not sent
    before = _state(town)
    again = _import(town, second)
    assert again.status == IDENTICAL and "已经导入过" in again.message
    older = _import(town, stale)
    assert older.status == OLDER and "没有任何变化" in older.message
    assert _state(town) == before


def test_a_period_package_leaves_other_periods_untouched(setup):
    qingsong, town, tmp = setup
    _import(town, _export(qingsong, tmp / "all.ccpkg"), add_unit=True)
    q1 = next(a for a in qingsong.activities.list() if a["date"] == "2026-02-10")
    qingsong.activities.update(q1["id"], {"title": "一季度改名"})  # not in the Q3 package
    q3 = next(a for a in qingsong.activities.list() if a["date"] == "2026-08-15")
    qingsong.activities.soft_delete(q3["id"])
    _import(town, _export(qingsong, tmp / "q3.ccpkg", period=parse_period("2026Q3")))
    [unit] = list_units(town)
    store = open_store(town, unit)
    titles = {r[0]: r[1] for r in store.execute("SELECT title, deleted_at FROM activities")}
    store.close()
    assert titles[q1["title"]] is None  # Q1 still the first package's version
    assert titles[q3["title"]] is not None  # deleted in the community → in the recycle bin


def _tampered(package, tmp, change):
    target = tmp / f"bad-{change.__name__}.ccpkg"
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = change(info.filename, source.read(info.filename))
            if data is not None:
                out.writestr(info.filename, data)
    return target


def _flip_snapshot(name, data):
    return data[:-10] + b"x" * 10 if name == "ledger.sqlite" else data




def test_tampered_truncated_foreign_newer_and_bomb_are_refused_with_nothing_changed(setup):
    qingsong, town, tmp = setup
    good = _export(qingsong, tmp / "good.ccpkg")
    _import(town, good, add_unit=True)
    before = _state(town)

    truncated = tmp / "truncated.ccpkg"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    foreign = tmp / "foreign.ccpkg"
    with zipfile.ZipFile(foreign, "w") as archive:
        archive.writestr("readme.txt", "hello")
    bomb = tmp / "bomb.ccpkg"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", "{}")
        archive.writestr("ledger.sqlite", b"\0" * (20 * 1024 * 1024))
    extra = _tampered(good, tmp, lambda n, d: d)
    with zipfile.ZipFile(extra, "a") as archive:
        archive.writestr("attachments/evil.png", b"x")
    newer = _with_snapshot_change(good, tmp, "INSERT INTO _sqlite_migrations (migration_set, name, "
                                  "applied_at) VALUES ('chuangcheng', '9999_future', '2099')")
    cases = {
        _tampered(good, tmp, _flip_snapshot): "校验值不符",
        truncated: "已损坏或不完整",
        foreign: "不是创城台账的报送包",
        bomb: "异常巨大",
        extra: "与清单不符",
        newer: "更新版本",
        _with_snapshot_change(good, tmp, "CREATE VIEW activities_view AS SELECT * FROM activities"):
            "视图",
        tmp / "nothing.ccpkg": "找不到文件",
    }
    for package, words in cases.items():
        with pytest.raises(PackageError) as refused:
            _import(town, package)
        assert words in refused.value.message, (package.name, refused.value.message)
        assert _state(town) == before, package.name


def _with_snapshot_change(package, tmp, sql):
    """A package whose snapshot was changed and whose checksum was updated to match."""
    work = tmp / "rebuild"
    shutil.rmtree(work, ignore_errors=True)
    with zipfile.ZipFile(package) as archive:
        archive.extractall(work)
    conn = sqlite3.connect(work / "ledger.sqlite")
    conn.executescript(sql)
    conn.commit()
    conn.close()
    manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
    manifest["package_id"] = str(uuid.uuid4())  # a new, newer package of the same unit
    manifest["created_at"] = datetime.now().isoformat(timespec="microseconds")
    import hashlib

    manifest["members"]["ledger.sqlite"] = hashlib.sha256(
        (work / "ledger.sqlite").read_bytes()).hexdigest()
    (work / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    target = tmp / "newer.ccpkg"
    with zipfile.ZipFile(target, "w") as out:
        for path in sorted(work.rglob("*")):
            if path.is_file():
                out.write(path, path.relative_to(work).as_posix())
    return target


def test_only_a_street_ledger_imports_a_report_package(setup):
    qingsong, _town, tmp = setup
    with community(tmp / "other", "红星社区") as other, pytest.raises(PackageError, match="只有街道"):
        _import(other, _export(qingsong, tmp / "x.ccpkg"), add_unit=True)


def test_rows_that_break_the_schema_are_refused_with_nothing_changed(setup):
    qingsong, town, tmp = setup
    good = _export(qingsong, tmp / "good.ccpkg")
    _import(town, good, add_unit=True)
    before = _state(town)
    broken = _with_snapshot_change(
        good, tmp, "PRAGMA ignore_check_constraints = ON; UPDATE problems SET status = '随便';")
    with pytest.raises(PackageError, match="无法合并"):
        _import(town, broken)
    assert _state(town) == before


def test_a_unit_put_on_the_list_beforehand_is_matched_by_name(setup):
    from chuangcheng_desktop.core.packages.by_unit import missing_text, unit_figures
    from chuangcheng_desktop.core.packages.tasks import send_tasks
    from chuangcheng_desktop.core.packages.units import add_planned_unit
    from chuangcheng_desktop.core.storage.errors import UserFacingError
    from tests.conftest import sample

    qingsong, town, tmp = setup
    planned = add_planned_unit(town, "青松社区")
    add_planned_unit(town, "红星社区")
    year = parse_period("2026")
    assert missing_text(unit_figures(town, year), year) == \
        "2个社区尚未报送2026年度台账：青松社区、红星社区"
    problem = town.problems.add(sample("problems"))
    with pytest.raises(UserFacingError, match="还没有报送过"):
        send_tasks(town, paths.attachments_dir(town.path.parent), planned.id, [problem["id"]],
                   tmp / "t.ccpkg")
    outcome = _import(town, _export(qingsong, tmp / "a.ccpkg"))  # no --add-unit needed
    assert outcome.committed and not outcome.unit_added
    first = list_units(town)[0]
    assert (first.id, first.name) == (qingsong.profile()["id"], "青松社区")
    assert missing_text(unit_figures(town, year), year) == "1个社区尚未报送2026年度台账：红星社区"
