"""``proof``, ``proof-publicity``, ``service-hours``, ``signin-sheet`` and the star counts of
``stats --json``, run as a user would: a real process on a real data folder."""

from __future__ import annotations

import json

from docx import Document

from chuangcheng_desktop.core.storage.audit import list_audit
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.volunteers.proofs import proof_register
from tests.conftest import ID_FEMALE_1985, ID_MALE_1990, sample
from tests.test_cli import run


def _ledger(folder):
    with Ledger.open_in(folder, actor="测试员") as ledger:
        ledger.update_profile({"unit_name": "青松社区"})
        team = ledger.teams.add(sample("teams"))
        first = ledger.volunteers.add(sample("volunteers", team_id=team["id"]))
        second = ledger.volunteers.add(sample("volunteers", name="王强", id_number=ID_MALE_1990))
        activity = ledger.activities.add(sample("activities"))
        for person in (first, second):
            ledger.service_records.add({"activity_id": activity["id"],
                                        "volunteer_id": person["id"], "minutes": 180})
        return activity["id"]


def test_proof_is_issued_registered_and_audited_from_the_command_line(tmp_path):
    data = tmp_path / "d"
    activity_id = _ledger(data)
    out = tmp_path / "证明.docx"
    result = run("proof", "--data-dir", str(data), "--volunteer", "李秀英", "--period", "2026H1",
                 "--date", "2026-06-30", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "〔2026〕第001号 李秀英 3小时" in result.stdout
    assert "〔2026〕第001号" in "\n".join(p.text for p in Document(str(out)).paragraphs)
    result = run("proof", "--data-dir", str(data), "--volunteer", ID_FEMALE_1985, "王强",
                 "--date", "2026-07-01", "--out", str(tmp_path / "批量"))
    assert result.returncode == 0, result.stderr
    assert "此前已出具：〔2026〕第001号" in result.stdout
    assert len(list((tmp_path / "批量").glob("*.docx"))) == 2
    with Ledger.open_in(data) as ledger:
        assert [r.number for r in proof_register(ledger.db)] == [
            "〔2026〕第001号", "〔2026〕第002号", "〔2026〕第003号"]
        assert len(list_audit(ledger.db, table="proofs")) == 3
    result = run("proof", "--data-dir", str(data), "--volunteer", "张三", "--out",
                 str(tmp_path / "x.docx"))
    assert result.returncode == 1 and "花名册中没有“张三”" in result.stderr

    result = run("proof-publicity", "--data-dir", str(data), "--period", "2026",
                 "--start", "2026-07-02", "--out", str(tmp_path / "公示.docx"))
    assert result.returncode == 0, result.stderr
    result = run("service-hours", "--data-dir", str(data), "--period", "2026",
                 "--out", str(tmp_path / "时长.xlsx"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "时长.xlsx").exists()
    result = run("signin-sheet", "--data-dir", str(data), "--activity", activity_id,
                 "--team", "青松环保志愿服务队", "--out", str(tmp_path / "签到表.docx"))
    assert result.returncode == 0, result.stderr
    rows = Document(str(tmp_path / "签到表.docx")).tables[0].rows
    assert rows[1].cells[1].text == "李秀英"


def test_stats_json_carries_the_star_level_counts(tmp_path):
    data = tmp_path / "d"
    _ledger(data)
    result = run("stats", "--data-dir", str(data), "--period", "2026", "--json")
    assert result.returncode == 0, result.stderr
    stars = json.loads(result.stdout)["volunteers"]["star_levels"]
    assert stars == {"未达星级": 2, "一星级": 0, "二星级": 0, "三星级": 0, "四星级": 0, "五星级": 0}
    text = run("stats", "--data-dir", str(data), "--period", "2026").stdout
    assert "星级志愿者（现在）" in text and "未达星级2人" in text


def test_star_levels_and_the_shortlist_from_the_command_line(tmp_path):
    data = tmp_path / "d"
    _ledger(data)
    result = run("star-levels", "--data-dir", str(data), "--set", "2/300/600/1000/1500")
    assert result.returncode == 0, result.stderr
    assert "星级标准：一星级2小时、二星级300小时" in result.stdout
    assert "一星级：2人" in result.stdout
    result = run("star-levels", "--data-dir", str(data), "--set", "9/3/1/1/1")
    assert result.returncode == 1 and "逐级增加" in result.stderr
    result = run("service-hours", "--data-dir", str(data), "--period", "2026", "--out",
                 str(tmp_path / "h.xlsx"), "--shortlist", "1", "--minimum", "1",
                 "--make-honours")
    assert result.returncode == 0, result.stderr
    assert "推荐的优秀志愿者（2人）" in result.stdout  # tied at 3 hours: both kept
    assert "已新增 2 条“2026年度优秀志愿者”荣誉记录" in result.stdout
