"""The command line, run as a user would run it: a real process, a real data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from chuangcheng_desktop.core.storage.ledger import Ledger
from tests.conftest import sample


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "chuangcheng_desktop", *args],
                          capture_output=True, text=True, timeout=120, env=env)


def test_help_is_chinese():
    result = run("--help")
    assert result.returncode == 0
    assert "用法：" in result.stdout
    for command in ("demo-data", "check", "profile", "stats"):
        assert command in result.stdout


@pytest.mark.parametrize("args, expected", [
    (["stats"], "缺少必填参数：--period"),
    (["stats", "--period", "2026Q5", "--data-dir", "{d}"], "季度应为 Q1–Q4"),
    (["nonsense"], "nonsense"),
    (["demo-data", "--scale", "city", "--data-dir", "{d}"], "取值“city”无效"),
    (["profile", "--set", "no_such=1", "--data-dir", "{d}"], "没有“no_such”这一项"),
    (["profile", "--set", "resident_population=-1", "--data-dir", "{d}"], "常住人口：不能为负数"),
])
def test_bad_arguments_exit_non_zero_with_a_chinese_message(tmp_path, args, expected):
    args = [a.replace("{d}", str(tmp_path / "d")) for a in args]
    result = run(*args)
    assert result.returncode != 0
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_profile_set_and_show(tmp_path):
    folder = tmp_path / "d"
    result = run("profile", "--data-dir", str(folder), "--set", "unit_name=青松社区",
                 "--set", "常住人口=12000", "--set", "volunteer_target_ratio=8%")
    assert result.returncode == 0, result.stderr
    shown = run("profile", "--data-dir", str(folder))
    assert "单位名称（unit_name）：青松社区" in shown.stdout
    assert "常住人口（resident_population）：12000" in shown.stdout
    assert "志愿者注册率目标（volunteer_target_ratio）：8%" in shown.stdout


def test_stats_json_and_text(tmp_path):
    folder = tmp_path / "d"
    with Ledger.open_in(folder) as ledger:
        ledger.activities.add(sample("activities"))
    result = run("stats", "--data-dir", str(folder), "--period", "2026Q1", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["period_code"] == "2026Q1"
    assert data["activities"]["total"] == 1
    assert data["activities"]["by_category"] == {"志愿服务": 1}
    text = run("stats", "--data-dir", str(folder), "--period", "2026年第一季度")
    assert "活动总数：1次" in text.stdout


def test_stats_on_a_missing_database_says_so(tmp_path):
    result = run("stats", "--data-dir", str(tmp_path / "nothing"), "--period", "2026")
    assert result.returncode == 1
    assert "还没有台账数据库" in result.stderr
    assert not (tmp_path / "nothing" / "chuangcheng.db").exists()


def test_check_reports_a_healthy_and_a_damaged_database(tmp_path):
    folder = tmp_path / "d"
    with Ledger.open_in(folder) as ledger:
        ledger.activities.add(sample("activities"))
    healthy = run("check", "--data-dir", str(folder))
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    assert "检查结果：正常" in healthy.stdout
    assert "活动：1条" in healthy.stdout
    (folder / "chuangcheng.db").write_bytes(b"garbage" * 100)
    damaged = run("check", "--data-dir", str(folder))
    assert damaged.returncode == 1
    assert "不是创城台账的数据库" in damaged.stdout


def test_backup_list_and_restore(tmp_path):
    folder = tmp_path / "d"
    with Ledger.open_in(folder) as ledger:
        ledger.activities.add(sample("activities", title="备份前"))
    made = run("backup", "--data-dir", str(folder))
    assert made.returncode == 0, made.stderr
    assert "备份完成" in made.stdout and "活动1条" in made.stdout
    backup_file = next((folder / "backups").glob("chuangcheng-*.db"))
    with Ledger.open_in(folder) as ledger:
        ledger.activities.add(sample("activities", title="备份后"))
    listed = run("backup", "--data-dir", str(folder), "--list")
    assert backup_file.name in listed.stdout
    restored = run("restore", "--data-dir", str(folder), str(backup_file))
    assert restored.returncode == 0, restored.stderr
    assert "活动：2条 → 1条" in restored.stdout
    with Ledger.open_in(folder) as ledger:
        assert [row["title"] for row in ledger.activities.list()] == ["备份前"]


def test_backup_goes_to_the_folder_chosen_in_settings(tmp_path):
    from chuangcheng_desktop.core.storage.ledger import Ledger
    from chuangcheng_desktop.core.storage.settings import set_setting

    folder = tmp_path / "data"
    usb = tmp_path / "U盘"
    with Ledger.open_in(folder) as ledger:
        set_setting(ledger.db, "backup_dir", str(usb), actor="甲")
    made = run("backup", "--data-dir", str(folder))
    assert made.returncode == 0, made.stderr
    assert len(list(usb.glob("chuangcheng-*.db"))) == 1
    assert not (folder / "backups").exists()


def test_user_names_the_actor_of_every_change(tmp_path, capsys):
    from chuangcheng_desktop.cli import main
    from chuangcheng_desktop.core.storage.ledger import Ledger

    data = tmp_path / "data"
    with Ledger.open_in(data, actor="测试员"):
        pass
    assert main(["user", "--data-dir", str(data), "--set", "张丽"]) == 0
    assert "当前使用人：张丽" in capsys.readouterr().out
    assert main(["profile", "--data-dir", str(data), "--set", "unit_name=青松社区"]) == 0
    with Ledger.open_in(data) as ledger:
        actor = ledger.db.execute("SELECT actor FROM audit_log WHERE table_name = 'unit_profile' "
                                  "ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    assert actor == "张丽"
