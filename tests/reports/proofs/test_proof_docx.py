"""志愿服务记录证明 read back: every required part, masked ID, numbering, register, audit."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document

from chuangcheng_desktop.core.rules.periods import parse_period
from chuangcheng_desktop.core.storage.audit import list_audit
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.volunteers.proofs import proof_register
from chuangcheng_desktop.reports.proofs.proof_docx import issue_proofs
from tests.conftest import ID_FEMALE_1985, ID_MALE_1990, sample


@pytest.fixture
def served(ledger):
    ledger.update_profile({"unit_name": "青松社区居民委员会", "reviewer": "王主任",
                           "preparer": "李干事", "contact_phone": "010-12345678"})
    first = ledger.volunteers.add(sample("volunteers", name="李秀英", id_number=ID_FEMALE_1985,
                                         volunteer_number="BJ2024000123"))
    second = ledger.volunteers.add(sample("volunteers", name="王强", id_number=ID_MALE_1990))
    for day, title in (("2026-03-05", "文明交通劝导"), ("2026-04-10", "垃圾分类宣传"),
                       ("2025-12-01", "敬老院慰问")):
        activity = ledger.activities.add(sample("activities", date=day, title=title))
        for person in (first, second):
            ledger.service_records.add({"activity_id": activity["id"],
                                        "volunteer_id": person["id"], "minutes": 150})
    return first, second


def _text(path):
    document = Document(str(path))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    cells = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    return paragraphs, cells


def test_a_proof_has_every_required_part(ledger, served, tmp_path):
    result = issue_proofs(ledger, ["李秀英"], tmp_path / "证明.docx",
                          period=parse_period("2026H1"), issued_on=date(2026, 6, 30))
    assert result.paths == [tmp_path / "证明.docx"]
    text, cells = _text(result.paths[0])
    # the proof's own number, date, seal space and signature line
    assert text.startswith("志愿服务记录证明\n〔2026〕第001号")
    assert "2026年6月30日" in text and "（盖章）" in text and "志愿者签名：" in text
    # identity: the ID masked by default, the volunteer number
    assert "姓名：李秀英　性别：女" in text
    assert "证件类型：居民身份证　证件号码：330102********028X" in text
    assert ID_FEMALE_1985 not in text
    assert "志愿者编号：BJ2024000123" in text
    # service: period, total hours, the activities with date and hours
    assert "于2026年上半年参加青松社区居民委员会组织的志愿服务活动2次，经记录的志愿服务时长共计5小时" in text
    assert "累计志愿服务时长7.5小时，星级为未达星级" in text
    assert cells[0] == ["序号", "日期", "志愿服务活动", "地点", "小时"]
    assert cells[1] == ["1", "2026年3月5日", "文明交通劝导", "青松路口", "2.5"]
    assert cells[-1][2:] == ["合计", "", "5"]
    # issuer from the profile
    assert "出具单位：青松社区居民委员会" in text
    assert "负责人：王主任　经办人：李干事" in text and "联系电话：010-12345678" in text


def test_numbers_are_sequential_registered_audited_and_never_reused(ledger, served, tmp_path):
    first = issue_proofs(ledger, ["李秀英", ID_MALE_1990], tmp_path / "批量",
                         issued_on=date(2026, 6, 30))
    assert [p.number for p in first.proofs] == ["〔2026〕第001号", "〔2026〕第002号"]
    assert sorted(p.name for p in first.paths) == [
        "志愿服务记录证明（〔2026〕第001号 李秀英）.docx",
        "志愿服务记录证明（〔2026〕第002号 王强）.docx"]
    again = issue_proofs(ledger, ["李秀英"], tmp_path / "补发.docx", issued_on=date(2026, 7, 2),
                         full_id=True)
    assert again.proofs[0].number == "〔2026〕第003号"
    text, _cells = _text(again.paths[0])
    assert "此前已出具的证明：〔2026〕第001号（2026年6月30日）。" in text
    assert ID_FEMALE_1985 in text  # full ID when asked for
    next_year = issue_proofs(ledger, ["王强"], tmp_path / "明年.docx", issued_on=date(2027, 1, 4))
    assert next_year.proofs[0].number == "〔2027〕第001号"

    register = proof_register(ledger.db)
    assert [(r.number, r.name, r.hours, r.issued_on) for r in register] == [
        ("〔2026〕第001号", "李秀英", 7.5, "2026-06-30"), ("〔2026〕第002号", "王强", 7.5, "2026-06-30"),
        ("〔2026〕第003号", "李秀英", 7.5, "2026-07-02"), ("〔2027〕第001号", "王强", 7.5, "2027-01-04")]
    assert register[0].masked_id_number == "330102********028X"
    assert register[0].issuer == "青松社区居民委员会"
    audit = list_audit(ledger.db, table="proofs")
    assert len(audit) == 4
    assert audit[1]["new"]["number"] == "〔2026〕第003号"
    assert audit[1]["new"]["reissue_of"] == ["〔2026〕第001号"]
    assert audit[1]["actor"] == "测试员"


def test_a_failed_write_leaves_no_number_and_no_file(ledger, served, tmp_path, monkeypatch):
    import chuangcheng_desktop.reports.proofs.proof_docx as module

    calls = []

    def failing(target, write):
        calls.append(target)
        if len(calls) == 2:
            raise UserFacingError("磁盘已满")
        return module.__dict__["_real_write"](target, write)

    monkeypatch.setitem(module.__dict__, "_real_write", module.write_atomically)
    monkeypatch.setattr(module, "write_atomically", failing)
    with pytest.raises(UserFacingError, match="磁盘已满"):
        issue_proofs(ledger, ["李秀英", "王强"], tmp_path / "out", issued_on=date(2026, 6, 30))
    assert proof_register(ledger.db) == []
    assert list((tmp_path / "out").glob("*.docx")) == []
    assert list_audit(ledger.db, table="proofs") == []


def test_unknown_or_idle_volunteers_are_refused_in_chinese(ledger, served, tmp_path):
    with pytest.raises(UserFacingError, match="花名册中没有“张三”"):
        issue_proofs(ledger, ["张三"], tmp_path / "x.docx")
    with pytest.raises(UserFacingError, match="没有服务记录"):
        issue_proofs(ledger, ["李秀英"], tmp_path / "x.docx", period=parse_period("2024"))
