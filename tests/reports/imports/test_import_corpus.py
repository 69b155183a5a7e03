"""Import of messy real-world sheets: each row's outcome, duplicates, commit rules, round trip."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import Workbook, load_workbook

from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.reports.imports.import_errors import preview_report
from chuangcheng_desktop.reports.imports.importer import ImportRejectedError, commit_import, preview_import
from chuangcheng_desktop.reports.imports.outcomes import DUPLICATE, OK, REJECTED
from chuangcheng_desktop.reports.workbook.ledger_export import export_workbook
from tests.conftest import ID_FEMALE_1985, ID_MALE_1990, sample

ID_3 = "11010519491231002X"  # valid, female
FULL_WIDTH_ID = "１１０１０１１９９００３０７８５１５"


def _book(path, rows, merges=()):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for merge in merges:
        ws.merge_cells(merge)
    wb.save(path)
    return path


def _roster(tmp_path):
    return _book(tmp_path / "花名册.xlsx", [
        ["青松社区志愿者花名册"],                                   # 1 title, merged
        ["填报单位：青松社区", None, None, "2026年"],                 # 2 sub-title
        ["序号", "姓名", "性别", "公民身份号码", "手机号", "政治面貌", "所属队伍", "注册日期",
         "备注列"],                                                  # 3 header (synonyms)
        [1, "李秀英", "女", "320106 19800101 002x", "138-1234-5678", "党员",
         "青松环保志愿服务队", datetime(2026, 1, 10)],               # 4 ok (wrong gender? no)
        [None] * 9,                                                 # 5 blank
        [2, "王建国", None, FULL_WIDTH_ID, "139 8765 4321", "群众", "新的服务队",
         "2026年2月3日"],                                            # 6 ok, full-width digits
        [3, "赵敏", "女", ID_3.lower(), 13712345678, "团员", None, 46035],   # 7 lower-case x
        [4, "错号", "男", "110101199003078514", "138", "群众", None, "2026-01-10"],  # 8 bad
        [5, "重复", "男", FULL_WIDTH_ID, None, "群众", None, "2026-01-10"],  # 9 dup in file
        [6, "", "男", "110101199003078515", None, "群众", None, "明天"],     # 10 bad name+date
        [7, "老队员", "女", ID_FEMALE_1985, None, "群众", None, "2025-05-01"],  # 11 in roster
        ["制表人：张三"],                                            # 12 signature
    ], merges=["A1:I1"])


def test_messy_roster_every_row_outcome(ledger, tmp_path):
    ledger.teams.add(sample("teams"))
    ledger.volunteers.add(sample("volunteers", name="老队员"))
    preview = preview_import(ledger, "volunteers", _roster(tmp_path))
    assert preview.header_row == 3 and "备注列" in preview.unknown_headers
    outcomes = {r.row: r for r in preview.rows}
    assert sorted(outcomes) == [4, 6, 7, 8, 9, 10, 11]
    assert {n: r.status for n, r in outcomes.items()} == {
        4: OK, 6: OK, 7: OK, 8: REJECTED, 9: REJECTED, 10: REJECTED, 11: DUPLICATE}
    assert outcomes[4].record["id_number"] == "32010619800101002X"
    assert outcomes[4].record["phone"] == "13812345678"
    assert outcomes[4].record["political_status"] == "中共党员"
    assert outcomes[4].record["registered_on"] == "2026-01-10"
    assert outcomes[6].record["id_number"] == ID_MALE_1990
    assert outcomes[6].record["registered_on"] == "2026-02-03"
    assert outcomes[7].record["id_number"] == ID_3
    assert outcomes[7].record["registered_on"] == "2026-01-13"  # Excel serial 46035
    assert outcomes[7].record["phone"] == "13712345678"
    bad = outcomes[8].issues
    assert {(i.column, i.header) for i in bad} == {("D", "公民身份号码"), ("E", "手机号")}
    assert any("校验码" in i.message for i in bad)
    assert "与第6行重复" in outcomes[9].issues[0].message
    assert {i.header for i in outcomes[10].issues} == {"姓名", "注册日期"}
    assert all(i.row == 10 and i.message for i in outcomes[10].issues)
    assert "老队员" in outcomes[11].issues[0].message
    assert preview.new_teams == ["新的服务队"]
    text = preview_report(preview)
    assert "第8行 D列「公民身份号码」" in text and "可导入3行，有错误3行，与花名册重复1行" in text


def test_rejected_rows_import_nothing_by_default(ledger, tmp_path):
    preview = preview_import(ledger, "volunteers", _roster(tmp_path))
    with pytest.raises(ImportRejectedError):
        commit_import(ledger, preview)
    assert ledger.volunteers.count() == 0 and ledger.teams.count() == 0


def test_skip_invalid_imports_valid_rows_and_writes_error_list(ledger, tmp_path):
    ledger.volunteers.add(sample("volunteers", name="老队员"))
    source = _roster(tmp_path)
    result = commit_import(ledger, preview_import(ledger, "volunteers", source), skip_invalid=True)
    assert (result.added, result.skipped_invalid, result.skipped_duplicates) == (3, 3, 1)
    assert result.teams_created == 2  # 青松环保志愿服务队 and 新的服务队 did not exist
    assert ledger.volunteers.count() == 4
    assert result.error_file == tmp_path / "花名册_导入错误.xlsx"
    header, *errors = load_workbook(result.error_file).active.iter_rows(values_only=True)
    assert header[-2:] == ("原行号", "问题及处理办法")
    assert {row[-2] for row in errors} == {8, 9, 10}
    assert all(row[-1] for row in errors)


def test_duplicates_can_update_the_roster(ledger, tmp_path):
    old = ledger.volunteers.add(sample("volunteers", name="老队员", phone=""))
    path = _book(tmp_path / "a.xlsx", [["姓名", "身份证号", "联系电话", "注册日期"],
                                       ["老队员", ID_FEMALE_1985, "13500000000", "2025-05-01"]])
    preview = preview_import(ledger, "volunteers", path)
    assert preview.rows[0].status == DUPLICATE
    result = commit_import(ledger, preview, update_duplicates=True)
    assert result.updated == 1 and result.added == 0
    assert ledger.volunteers.get(old["id"])["phone"] == "13500000000"


def test_messy_activities_with_merged_dates_and_helpers(ledger, tmp_path):
    li = ledger.volunteers.add(sample("volunteers"))
    ledger.volunteers.add(sample("volunteers", name="同名", id_number=ID_MALE_1990))
    ledger.volunteers.add(sample("volunteers", name="同名", id_number=ID_3))
    path = _book(tmp_path / "活动.xlsx", [
        ["2026年活动台账"],
        ["日期", "活动主题", "类型", "节日", "地点", "组织单位", "参加人数", "内容", "志愿者名单",
         "服务时长（小时）", "活动时间"],
        ["2026/3/5", "文明劝导", "志愿服务", None, "路口", "社区", "２０人", "劝导", "李秀英",
         2, "8:30-11:30"],
        [None, "清洁家园", "环境整治", None, "小区", "社区", 10, "清扫", "李秀英(1.5小时)、同名(尾号002X)",
         3, None],
        ["2026-09-10", "中秋晚会", "我们的节日", "中秋节", "广场", "社区", 80, "联欢", "同名", 2, None],
        ["2026-09-11", "", "不存在的类别", None, None, None, -1, None, "查无此人", None, "上午"],
    ], merges=["A1:K1", "A3:A4"])
    preview = preview_import(ledger, "activities", path)
    status = {r.row: r.status for r in preview.rows}
    assert status == {3: OK, 4: OK, 5: REJECTED, 6: REJECTED}
    first, second = preview.rows[0], preview.rows[1]
    assert first.record["date"] == "2026-03-05" and first.record["participant_count"] == 20
    assert (first.record["start_time"], first.record["end_time"]) == ("08:30", "11:30")
    assert second.record["date"] == "2026-03-05"  # merged cell filled down
    assert first.helpers == [(li["id"], 120)]
    assert second.helpers[0] == (li["id"], 90) and second.helpers[1][1] == 180
    assert "尾号" in preview.rows[2].issues[0].message
    headers = {i.header for i in preview.rows[3].issues}
    assert {"活动主题", "类型", "参加人数", "志愿者名单", "活动时间"} <= headers
    result = commit_import(ledger, preview, skip_invalid=True)
    assert (result.added, result.service_records) == (2, 3)


def test_messy_problems(ledger, tmp_path):
    path = _book(tmp_path / "问题.xlsx", [
        ["序号", "检查日期", "来源", "问题点位", "问题类型", "存在问题", "责任单位", "责任人",
         "整改时限", "整改情况", "整改完成日期", "措施"],
        [1, "2026年4月2日", "暗访", "北门", "环境卫生", "垃圾满溢", "物业", "赵强", "2026-04-05",
         "已完成", "2026-04-04", "已清运"],
        [2, "2026-04-02", "暗访", "东门", "环境卫生", "占道经营", "城管", "", "2026-04-01",
         "待整改", None, None],
        [3, "2026-04-02", "暗访", "南门", "环境卫生", "破损", "物业", "", "2026-04-10",
         "已完成", None, None],
    ])
    preview = preview_import(ledger, "problems", path)
    assert [r.status for r in preview.rows] == [OK, REJECTED, REJECTED]
    assert preview.rows[1].issues[0].header == "整改时限"
    assert {i.header for i in preview.rows[2].issues} == {"措施", "整改完成日期"}


def test_round_trip_export_then_import_gives_the_same_records(ledger, tmp_path, data_dir):
    from chuangcheng_desktop.core.storage.ledger import Ledger

    team = ledger.teams.add(sample("teams"))
    li = ledger.volunteers.add(sample("volunteers", team_id=team["id"], skills="=摄影"))
    wang = ledger.volunteers.add(sample("volunteers", name="李秀英", id_number=ID_MALE_1990))
    activity = ledger.activities.add(sample("activities", measures="发放宣传资料 200份；植树（棵） 12"))
    ledger.activities.add(sample("activities", title="我们的节日·中秋", category="我们的节日",
                                 festival="中秋", date="2026-09-25"))
    ledger.service_records.add({"activity_id": activity["id"], "volunteer_id": li["id"],
                                "minutes": 90})
    ledger.service_records.add({"activity_id": activity["id"], "volunteer_id": wang["id"],
                                "minutes": 120})
    ledger.problems.add(sample("problems"))
    ledger.problems.add(sample("problems", status="已完成", measures="已清运",
                               completed_on="2026-04-04"))
    out = tmp_path / "台账.xlsx"
    export_workbook(ledger, Period.year_of(2026), out, full_id=True)

    with Ledger.open(tmp_path / "other.db", actor="测试员") as other:
        for kind in ("volunteers", "activities", "problems"):
            preview = preview_import(other, kind, out)
            assert not preview.rejected, preview_report(preview)
            commit_import(other, preview)
        for kind, ignore in (("volunteers", {"team_id"}), ("activities", set()),
                             ("problems", set())):
            fields = [f for f in ledger.repository(kind).kind.field_names if f not in ignore]
            def rows(source, kind=kind, fields=fields):
                return sorted(tuple(str(r[f]) for f in fields)
                              for r in source.repository(kind).list(ListQuery(limit=None)))
            assert rows(other) == rows(ledger), kind
        # Attendance is printed on its own sheet (志愿服务记录, issue 16), which the importer
        # does not read: the 活动台账 carries only 参与志愿者人数 and 服务总时长 now.
        assert other.service_records.count() == 0
        assert [t["name"] for t in other.teams.list()] == ["青松环保志愿服务队"]
