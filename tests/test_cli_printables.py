"""``printable`` and ``check-data`` on the command line (the buttons' code paths)."""

from __future__ import annotations

from chuangcheng_desktop.core.storage.ledger import Ledger
from tests.conftest import sample
from tests.test_cli import run


def test_check_data_lists_issues_and_exits_1(tmp_path):
    with Ledger.open_in(tmp_path, actor="测试员") as ledger:
        ledger.activities.add(sample("activities", title="后年的活动", date="2099-01-01"))
    result = run("check-data", "--data-dir", str(tmp_path))
    assert result.returncode == 1
    assert "数据核对：发现1处需要核对" in result.stdout and "后年的活动" in result.stdout


def test_printable_handover_and_its_required_arguments(tmp_path):
    with Ledger.open_in(tmp_path, actor="测试员") as ledger:
        problem = ledger.problems.add(sample("problems"))
    out = tmp_path / "交办单.docx"
    result = run("printable", "handover", "--problem", problem["id"], "--out", str(out),
                 "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert out.exists() and "问题交办单已保存" in result.stdout
    missing = run("printable", "photos", "--out", str(tmp_path / "a.docx"),
                  "--data-dir", str(tmp_path))
    assert missing.returncode == 1 and "--period" in missing.stderr
