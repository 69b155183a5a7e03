"""A 点位 first named by a problem is created with an audit row (repository, import, CLI),
the audit chain stays intact, and a known 点位 name creates nothing."""

from __future__ import annotations

import json
import sqlite3

import pytest
from openpyxl import Workbook
from sqlite_utils import Database

from chuangcheng_desktop.cli import main
from chuangcheng_desktop.core.checkpoints import register
from chuangcheng_desktop.core.checkpoints.problem_links import BACKFILL_ACTOR
from chuangcheng_desktop.core.safety.integrity import check_database
from chuangcheng_desktop.core.storage.audit_chain import verify_chain
from chuangcheng_desktop.core.storage.errors import ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.schema import migrations
from chuangcheng_desktop.reports.imports.importer import commit_import, preview_import
from tests.conftest import sample


def _audit_rows(ledger, checkpoint_id: str) -> list[tuple[str, str, dict]]:
    """(action, actor, new) of the audit rows naming this 点位, alone or in a bulk row's ids."""
    rows = []
    for row_id, action, actor, new in ledger.db.execute(
            "SELECT row_id, action, actor, new FROM audit_log WHERE table_name = 'checkpoints' "
            "ORDER BY rowid"):
        values = json.loads(new) if new else {}
        if row_id == checkpoint_id or checkpoint_id in values.get("ids", []):
            rows.append((action, actor, values))
    return rows


def _chain_intact(ledger) -> None:
    assert verify_chain(ledger.db.conn).ok
    report = check_database(ledger.path)
    assert report.ok, report.lines


def _count(ledger, table: str) -> int:
    return ledger.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_adding_a_problem_with_a_new_checkpoint_audits_the_checkpoint(ledger):
    problem = ledger.problems.add(sample("problems", checkpoint="新开的便民市场"))
    created = register.checkpoint_by_name(ledger.db, "新开的便民市场")
    assert created is not None and created["type"] == "其他"
    linked = ledger.db.execute("SELECT checkpoint_id FROM problems WHERE id = ?",
                               [problem["id"]]).fetchone()[0]
    assert linked == created["id"]
    [(action, actor, new)] = _audit_rows(ledger, created["id"])
    assert (action, actor, new["name"], new["type"]) == ("insert", "测试员", "新开的便民市场", "其他")
    # the same search text the register's own repository would store
    stored = ledger.db.execute("SELECT search_text FROM checkpoints WHERE id = ?",
                               [created["id"]]).fetchone()[0]
    repo = register.repository(ledger)
    assert stored == repo._search_text(register.get_checkpoint(ledger, created["id"]))
    assert [c["id"] for c in register.list_checkpoints(ledger, text="便民")] == [created["id"]]
    _chain_intact(ledger)


def test_a_known_checkpoint_name_creates_nothing(ledger):
    market = register.add_checkpoint(ledger, {"name": "青松农贸市场", "type": "农贸市场"})
    audit_before = _count(ledger, "audit_log")
    ledger.problems.add(sample("problems", checkpoint=" 青松农贸市场 "))
    ledger.problems.add_many([sample("problems", checkpoint="青松农贸市场")] * 3,
                             audit_each=False, audit_note="批量")
    assert _count(ledger, "checkpoints") == 1
    assert _count(ledger, "audit_log") == audit_before + 2  # the two problem writes only
    assert len(_audit_rows(ledger, market["id"])) == 1  # its own creation
    assert {row[0] for row in ledger.db.execute("SELECT checkpoint_id FROM problems")} == {
        market["id"]}


def test_changing_a_problems_checkpoint_to_a_new_name_audits_it(ledger):
    problem = ledger.problems.add(sample("problems", checkpoint="青松农贸市场"))
    ledger.problems.update(problem["id"], {"description": "改了描述"})
    assert _count(ledger, "checkpoints") == 1  # an edit of another field creates nothing
    ledger.problems.update(problem["id"], {"checkpoint": "幸福里公厕"})
    created = register.checkpoint_by_name(ledger.db, "幸福里公厕")
    assert created is not None
    assert [(a, actor) for a, actor, _ in _audit_rows(ledger, created["id"])] == [
        ("insert", "测试员")]
    assert ledger.db.execute("SELECT checkpoint_id FROM problems").fetchone()[0] == created["id"]
    _chain_intact(ledger)


def test_a_rejected_problem_leaves_no_checkpoint(ledger):
    rows = [sample("problems", checkpoint="甲点位"), sample("problems", checkpoint="乙点位",
                                                             found_on="不是日期")]
    with pytest.raises(ValidationError):
        ledger.problems.add_many(rows)
    assert _count(ledger, "checkpoints") == 0 and _count(ledger, "problems") == 0


def _problem_file(path, names):
    book = Workbook()
    sheet = book.active
    sheet.append(["发现日期", "问题来源", "点位", "问题类别", "问题描述", "整改期限"])
    for name in names:
        sheet.append(["2026-04-02", "自查", name, "环境卫生", "垃圾桶满溢", "2026-04-05"])
    book.save(path)
    return path


def test_importing_problems_audits_their_new_checkpoints(ledger, tmp_path):
    register.add_checkpoint(ledger, {"name": "青松农贸市场", "type": "农贸市场"})
    source = _problem_file(tmp_path / "问题.xlsx", ["青松农贸市场", "柏树街", "柏树街", "青松巷"])
    commit_import(ledger, preview_import(ledger, "problems", source))
    assert _count(ledger, "checkpoints") == 3
    for name in ("柏树街", "青松巷"):
        created = register.checkpoint_by_name(ledger.db, name)
        [(action, actor, new)] = _audit_rows(ledger, created["id"])
        assert (action, actor, new["count"]) == ("insert", "测试员", 2)
    _chain_intact(ledger)


def test_cli_import_then_check_reports_the_chain_intact(data_dir, tmp_path, capsys):
    source = _problem_file(tmp_path / "问题.xlsx", ["柏树街"])
    assert main(["import-problems", str(source), "--data-dir", str(data_dir)]) == 0
    with Ledger.open_in(data_dir) as ledger:
        created = register.checkpoint_by_name(ledger.db, "柏树街")
        assert created is not None and len(_audit_rows(ledger, created["id"])) == 1
    capsys.readouterr()
    assert main(["check", "--data-dir", str(data_dir)]) == 0
    assert "操作日志完好" in capsys.readouterr().out


def test_migration_0018_audits_the_checkpoints_the_old_triggers_made(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    migrations.apply(Database(conn), stop_before="0018_problem_checkpoints_audited")
    conn.execute(  # the old trigger makes the 点位, with no audit row
        "INSERT INTO problems (id, created_at, updated_at, source, found_on, checkpoint, "
        "category, description, deadline) VALUES ('p1', '2026-04-01T09:00:00', "
        "'2026-04-01T09:00:00', '自查', '2026-04-01', '老点位', '环境卫生', '垃圾', '2026-04-03')")
    conn.commit()
    conn.close()
    with Ledger.open(path, actor="测试员") as ledger:
        old = register.checkpoint_by_name(ledger.db, "老点位")
        [(action, actor, new)] = _audit_rows(ledger, old["id"])
        assert (action, actor, new["count"]) == ("insert", BACKFILL_ACTOR, 1)
        _chain_intact(ledger)
        # from now on the triggers only link: a problem written around the repository
        # naming an unknown 点位 creates no unaudited 点位
        ledger.db.execute(
            "INSERT INTO problems (id, created_at, updated_at, source, found_on, checkpoint, "
            "category, description, deadline) VALUES ('p2', '2026-04-01T09:00:00', "
            "'2026-04-01T09:00:00', '自查', '2026-04-01', '别处', '环境卫生', '垃圾', "
            "'2026-04-03')")
        assert register.checkpoint_by_name(ledger.db, "别处") is None
        assert ledger.db.execute("SELECT checkpoint_id FROM problems WHERE id = 'p1'").fetchone()[
            0] == old["id"]
