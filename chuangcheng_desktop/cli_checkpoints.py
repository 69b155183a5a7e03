"""点位 subcommands: ``import-checkpoints``, ``run-fix`` (修改/作废/恢复 a saved 测评) and the
printables, on the buttons' code paths."""

from __future__ import annotations

import argparse
import sys

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.storage.errors import UserFacingError

COMMANDS = ("import-checkpoints", "checklist", "run-record", "run-fix")


def add_checkpoint_commands(commands, common: argparse.ArgumentParser) -> None:
    command = commands.add_parser(
        "import-checkpoints", parents=[common], help="从 Excel 导入点位登记簿",
        description="从 .xlsx 文件导入点位（点位名称、点位类型、地址、包保单位、负责人、电话）。"
                    "先检查每一行；默认只要有一行有错就什么也不导入。\n有行被拒绝时退出码为 1。")
    command.add_argument("file", metavar="文件.xlsx", help="要导入的 Excel 文件")
    command.add_argument("--dry-run", action="store_true", help="只检查并报告，不导入")
    command.add_argument("--skip-invalid", action="store_true",
                         help="跳过有错误的行，只导入正确的行（错误清单另存为 .xlsx）")
    command.add_argument("--update-duplicates", action="store_true",
                         help="登记簿中已有同名点位时用文件内容更新（默认跳过）")


    checklist = commands.add_parser(
        "checklist", parents=[common], help="打印空白检查表（.docx）",
        description="为一个或几个点位（一条路线）生成空白的实地测评检查表，每个点位一页。")
    checklist.add_argument("names", nargs="+", metavar="点位名称", help="点位名称（可写多个）")
    checklist.add_argument("--out", required=True, metavar="文件", help="保存为，如 检查表.docx")
    record = commands.add_parser(
        "run-record", parents=[common], help="导出一次测评的测评记录（.docx）",
        description="导出某点位一次实地测评的记录（结果、达标率、生成的问题、照片），用于归档。")
    record.add_argument("name", metavar="点位名称")
    record.add_argument("--date", metavar="日期", help="测评日期（默认最近一次）")
    record.add_argument("--out", required=True, metavar="文件", help="保存为，如 测评记录.docx")
    fix = commands.add_parser(
        "run-fix", parents=[common], help="修改、作废或恢复一次已保存的实地测评",
        description="修改某点位一次已保存的实地测评（日期、测评人、来源、备注、某项的结果和备注），"
                    "或把它作废（移到回收站，不再计入统计）、从回收站恢复。每次改动都记入操作记录。",
        epilog="例：run-fix 青松农贸市场 --date 2026-04-10 --item 2=合格 --item \"3=不合格:广告破损\"；"
               "run-fix 青松农贸市场 --date 2026-04-10 --void --reason 点位选错了")
    fix.add_argument("name", metavar="点位名称")
    fix.add_argument("--date", metavar="日期", help="要修改的那次测评的日期（默认最近一次）")
    fix.add_argument("--set-date", metavar="日期", help="改正后的测评日期")
    fix.add_argument("--inspector", metavar="测评人", help="改正后的测评人")
    fix.add_argument("--source", metavar="来源", help="改正后的来源，如 自查、上级督查")
    fix.add_argument("--note", metavar="备注", help="改正后的测评备注")
    fix.add_argument("--item", action="append", default=[], metavar="序号=结果[:备注]",
                     help="改正第几项：结果为 合格/不合格/不适用（留空表示不改），冒号后为备注；可写多次")
    action = fix.add_mutually_exclusive_group()
    action.add_argument("--void", action="store_true", help="作废这次测评（移到回收站，需写 --reason）")
    action.add_argument("--restore", action="store_true", help="从回收站恢复一次已作废的测评")
    fix.add_argument("--reason", metavar="原因", default="", help="作废原因")


def run_checkpoint_command(args: argparse.Namespace) -> int:
    return {"import-checkpoints": run_import_checkpoints, "checklist": run_checklist,
            "run-record": run_record, "run-fix": run_fix}[args.command](args)


def _checkpoint_ids(ledger, names: list[str]) -> list[str]:
    from chuangcheng_desktop.core.checkpoints.register import checkpoint_by_name

    ids = []
    for name in names:
        found = checkpoint_by_name(ledger.db, name)
        if found is None:
            raise UserFacingError(f"点位登记簿中没有“{name}”，请核对名称。")
        ids.append(found["id"])
    return ids


def run_checklist(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.reports.checkpoints.checklist_docx import export_blank_checklists

    with _open_ledger() as ledger:
        written = export_blank_checklists(ledger, _checkpoint_ids(ledger, args.names), args.out)
    print(f"空白检查表已保存：{written}")
    return 0


def _find_run(ledger, name: str, day: str | None, *, voided: bool = False) -> str:
    """The id of the 点位's run on ``day`` (else its latest), live or (``voided``) voided."""
    from chuangcheng_desktop.core.rules.validation import InvalidValue, parse_date

    [checkpoint_id] = _checkpoint_ids(ledger, [name])
    sql = (f"SELECT id FROM inspection_runs WHERE checkpoint_id = ? "
           f"AND deleted_at IS {'NOT ' if voided else ''}NULL")
    params: list = [checkpoint_id]
    if day:
        try:
            params.append(parse_date(day).isoformat())
        except InvalidValue as exc:
            raise UserFacingError(f"--date：{exc.reason}") from exc
        sql += " AND date = ?"
    row = ledger.db.execute(sql + " ORDER BY date DESC, created_at DESC LIMIT 1", params).fetchone()
    if row is None:
        raise UserFacingError(f"“{name}”{'在该日期' if day else ''}"
                              f"{'没有已作废的测评记录' if voided else '还没有测评记录'}。")
    return row[0]


def run_record(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.reports.checkpoints.checklist_docx import export_run_record

    with _open_ledger() as ledger:
        written = export_run_record(ledger, _find_run(ledger, args.name, args.date), args.out)
    print(f"测评记录已保存：{written}")
    return 0


def _item_changes(ledger, run_id: str, specs: list[str]) -> list:
    """``序号=结果[:备注]`` → ResultDraft of the run's item number 序号 (as the record lists them)."""
    from chuangcheng_desktop.core.checkpoints.history import run_detail
    from chuangcheng_desktop.core.checkpoints.runs import FAIL, ResultDraft

    results = run_detail(ledger.db, run_id).results
    item_ids = dict(ledger.db.execute("SELECT id, item_id FROM run_results WHERE run_id = ?", [run_id]))
    drafts = []
    for spec in specs:
        number, sep, rest = spec.partition("=")
        if not sep or not number.strip().isdigit() or not 1 <= int(number) <= len(results):
            raise UserFacingError(f"--item “{spec}”的写法不对：应为 序号=结果[:备注]，"
                                  f"序号为 1 到 {len(results)}，如 2=合格 或 3=不合格:地面有垃圾。")
        saved = results[int(number) - 1]
        outcome, has_note, note = rest.replace("：", ":", 1).partition(":")
        outcome = outcome.strip() or saved.outcome
        drafts.append(ResultDraft(item_ids[saved.id], outcome, note.strip() if has_note else saved.note,
                                  make_problem=saved.outcome != FAIL))
    return drafts


def run_fix(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.checkpoints import corrections
    from chuangcheng_desktop.core.rules.formatting import format_percent

    with _open_ledger() as ledger:
        run_id = _find_run(ledger, args.name, args.date, voided=args.restore)
        if args.restore:
            corrections.restore_run(ledger, run_id)
            print("已从回收站恢复这次测评，重新计入统计。")
            return 0
        if args.void:
            voided = corrections.void_run(ledger, run_id, args.reason)
            print("已作废这次测评（已移到回收站，不再计入统计，可在回收站恢复）。")
            for line in voided.messages:
                print(line)
            return 0
        fixed = corrections.correct_run(ledger, run_id, corrections.RunCorrection(
            date=args.set_date, inspector=args.inspector, source=args.source, note=args.note,
            results=_item_changes(ledger, run_id, args.item)))
    if not fixed.changed:
        print("没有需要修改的内容，测评记录未改动。")
        return 0
    print(f"测评已修改：达标率 {format_percent(fixed.rate)}，不合格 {fixed.failed} 项。")
    for line in fixed.messages:
        print(line)
    return 0


def _open_ledger(*, must_exist: bool = True):
    from chuangcheng_desktop.core.storage.ledger import DATABASE_FILENAME, Ledger

    path = paths.data_dir() / DATABASE_FILENAME
    if must_exist and not path.exists():
        raise UserFacingError(f"数据文件夹“{paths.data_dir()}”中还没有台账数据库。"
                              "请检查 --data-dir 是否写对，或先打开程序录入数据。")
    return Ledger.open(path)


def run_import_checkpoints(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.reports.checkpoints.import_checkpoints import (
        checkpoint_preview_report,
        commit_checkpoints,
        preview_checkpoints,
    )
    from chuangcheng_desktop.reports.imports.import_errors import result_report

    with _open_ledger(must_exist=False) as ledger:
        preview = preview_checkpoints(ledger, args.file)
        print(checkpoint_preview_report(preview))
        if args.dry_run:
            print("（仅检查，未导入任何记录）")
        elif preview.rejected and not args.skip_invalid:
            print("有错误行，未导入任何记录。修改后重新导入，或加 --skip-invalid 只导入正确的行。",
                  file=sys.stderr)
        else:
            result = commit_checkpoints(ledger, preview, skip_invalid=args.skip_invalid,
                                        update_duplicates=args.update_duplicates)
            print(result_report(result))
    return 1 if preview.rejected else 0
