"""The package subcommands end to end, and ``stats --by-unit`` equal to each unit's ``stats``."""

from __future__ import annotations

import json

from chuangcheng_desktop.cli import main
from tests.core.packages.helpers import community


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_export_import_and_by_unit_figures_equal_each_communitys_stats(tmp_path, capsys):
    names = ("青松社区", "红星社区")
    folders = [tmp_path / "c1", tmp_path / "c2"]
    for folder, name, shade in zip(folders, names, (90, 150), strict=True):
        community(folder, name, shade=shade).close()
    street = str(tmp_path / "street")
    assert _run(capsys, "profile", "--data-dir", street, "--set", "unit_name=城关街道",
                "--set", "unit_level=街道")[0] == 0
    own = {}
    for folder, name in zip(folders, names, strict=True):
        code, out, _ = _run(capsys, "export-package", "--data-dir", str(folder),
                            "--out", str(tmp_path / f"{name}.ccpkg"))
        assert code == 0 and "身份证号、电话已打码" in out
        code, out, err = _run(capsys, "import-package", "--data-dir", street,
                              str(tmp_path / f"{name}.ccpkg"))
        assert code == 1 and "还不在本街道的社区名单中" in err
        code, out, _ = _run(capsys, "import-package", "--data-dir", street, "--add-unit",
                            str(tmp_path / f"{name}.ccpkg"))
        assert code == 0 and f"已导入{name}的报送包" in out and "活动：新增2条" in out
        own[name] = json.loads(_run(capsys, "stats", "--data-dir", str(folder), "--period",
                                    "2026", "--json", "--as-of", "2026-10-01")[1])
    code, out, _ = _run(capsys, "stats", "--data-dir", street, "--period", "2026", "--by-unit",
                        "--json", "--as-of", "2026-10-01")
    assert code == 0
    table = json.loads(out)
    assert [u["unit_name"] for u in table["units"]] == list(names)
    for unit in table["units"]:
        assert unit["statistics"] == own[unit["unit_name"]]
        assert unit["figures"]["activities"] == 2 and unit["rank"] in (1, 2)
    assert table["missing"] == []
    code, out, _ = _run(capsys, "stats", "--data-dir", street, "--period", "2026", "--by-unit")
    assert "青松社区" in out and "排名" in out
    code, out, _ = _run(capsys, "import-package", "--data-dir", street,
                        str(tmp_path / "青松社区.ccpkg"))
    assert code == 0 and "已经导入过" in out


def test_a_package_for_another_period_shows_who_is_missing(tmp_path, capsys):
    community(tmp_path / "c1", "青松社区").close()
    street = str(tmp_path / "street")
    _run(capsys, "profile", "--data-dir", street, "--set", "unit_level=街道")
    _run(capsys, "export-package", "--data-dir", str(tmp_path / "c1"), "--period", "2026Q1",
         "--out", str(tmp_path / "q1"))
    assert _run(capsys, "import-package", "--data-dir", street, "--add-unit",
                str(tmp_path / "q1.ccpkg"))[0] == 0
    out = _run(capsys, "stats", "--data-dir", street, "--period", "2026Q3", "--by-unit")[1]
    assert "1个社区尚未报送2026年第三季度台账：青松社区" in out
    code, _, err = _run(capsys, "stats", "--data-dir", str(tmp_path / "c1"), "--period", "2026",
                        "--by-unit")
    assert code == 1 and "只能用于街道" in err


def test_send_tasks_and_import_them_on_the_command_line(tmp_path, capsys):
    from chuangcheng_desktop.core.storage.ledger import Ledger
    from tests.conftest import sample

    community(tmp_path / "c1", "青松社区").close()
    street = str(tmp_path / "street")
    _run(capsys, "profile", "--data-dir", street, "--set", "unit_level=街道")
    _run(capsys, "export-package", "--data-dir", str(tmp_path / "c1"), "--out", str(tmp_path / "a"))
    _run(capsys, "import-package", "--data-dir", street, "--add-unit", str(tmp_path / "a.ccpkg"))
    with Ledger.open_in(street) as town:
        problem = town.problems.add(sample("problems"))
    code, out, err = _run(capsys, "send-tasks", "--data-dir", street, "--unit", "青松社区",
                          "--problems", problem["id"][:8], "--out", str(tmp_path / "down"))
    assert code == 0 and "交办给青松社区，问题1个" in out, err
    code, out, _ = _run(capsys, "import-package", "--data-dir", str(tmp_path / "c1"),
                        str(tmp_path / "down.ccpkg"))
    assert code == 0 and "已接收" in out and "街道交办" in out
    with Ledger.open_in(tmp_path / "c1") as qingsong:
        assert qingsong.problems.get(problem["id"])["source"] == "上级巡查"


def test_dry_run_changes_nothing_and_unit_level_is_checked(tmp_path, capsys):
    community(tmp_path / "c1", "青松社区").close()
    street = str(tmp_path / "street")
    code, _, err = _run(capsys, "profile", "--data-dir", street, "--set", "unit_level=区")
    assert code == 1 and "单位层级" in err
    _run(capsys, "profile", "--data-dir", street, "--set", "unit_level=镇")
    _run(capsys, "export-package", "--data-dir", str(tmp_path / "c1"), "--out", str(tmp_path / "a"))
    code, out, _ = _run(capsys, "import-package", "--data-dir", street, "--add-unit", "--dry-run",
                        str(tmp_path / "a.ccpkg"))
    assert code == 0 and "仅检查，未导入" in out and "活动：新增2条" in out
    assert not (tmp_path / "street" / "units").exists() or not list(
        (tmp_path / "street" / "units").iterdir())
    out = _run(capsys, "stats", "--data-dir", street, "--period", "2026", "--by-unit")[1]
    assert "青松社区" not in out


def test_units_lists_and_adds(tmp_path, capsys):
    street = str(tmp_path / "street")
    _run(capsys, "profile", "--data-dir", street, "--set", "unit_level=街道")
    code, out, _ = _run(capsys, "units", "--data-dir", street, "--add", "红星社区")
    assert code == 0 and "已加入名单：红星社区" in out and "红星社区（社区）  尚未报送" in out
