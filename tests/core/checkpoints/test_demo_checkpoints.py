"""Demo data: a believable 点位 register with runs across the year."""

from __future__ import annotations

from datetime import date

from chuangcheng_desktop.core.checkpoints.figures import checkpoint_figures
from chuangcheng_desktop.core.checkpoints.schedule import due_checks
from chuangcheng_desktop.core.demo.builder import generate_demo_data
from chuangcheng_desktop.core.storage.ledger import Ledger

TODAY = date(2026, 11, 30)


def _build(folder, seed=1):
    ledger = Ledger.open(folder / "demo.db", actor="测试员")
    generate_demo_data(ledger, folder / "attachments", seed=seed, today=TODAY)
    return ledger


def test_demo_register_has_typed_checkpoints_runs_and_publicity(tmp_path):
    ledger = _build(tmp_path)
    db = ledger.db
    types = dict(db.execute("SELECT type, count(*) FROM checkpoints GROUP BY type"))
    assert len(types) >= 6 and types.get("其他", 0) <= 3
    assert db.execute("SELECT count(*) FROM problems WHERE checkpoint_id IS NULL").fetchone()[0] == 0
    months = {row[0] for row in db.execute("SELECT DISTINCT substr(date, 1, 7) FROM inspection_runs")}
    assert len(months) == 11
    f = checkpoint_figures(db, "2026-01-01", "2026-12-31")
    assert f.runs > 500 and 0.6 < f.average_rate < 0.98 and f.most_failed
    first_half = checkpoint_figures(db, "2026-01-01", "2026-03-31").average_rate
    assert first_half < checkpoint_figures(db, "2026-09-01", "2026-11-30").average_rate
    assert f.publicity.sites.get("宣传栏", 0) > 5
    assert 0 < len(due_checks(db, TODAY)) < f.active
    versions = db.execute("SELECT max(version) FROM checklist_templates "
                          "WHERE checkpoint_type = '农贸市场'").fetchone()[0]
    assert versions == 2
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    ledger.close()


def test_same_seed_gives_the_same_register(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = _build(tmp_path / "a"), _build(tmp_path / "b")
    query = "SELECT id, name, type, sponsor_unit FROM checkpoints ORDER BY name"
    assert first.db.execute(query).fetchall() == second.db.execute(query).fetchall()
    query = "SELECT id, checkpoint_id, date, rate FROM inspection_runs ORDER BY rowid"
    assert first.db.execute(query).fetchall() == second.db.execute(query).fetchall()
    first.close()
    second.close()
