"""点位 subcommands: ``import-checkpoints`` (and the printables, on the buttons' code paths)."""

from __future__ import annotations

import argparse
import sys

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.storage.errors import UserFacingError

COMMANDS = ("import-checkpoints", "checklist", "run-record")


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


def run_checkpoint_command(args: argparse.Namespace) -> int:
    return {"import-checkpoints": run_import_checkpoints, "checklist": run_checklist,
            "run-record": run_record}[args.command](args)


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


def run_record(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.rules.validation import InvalidValue, parse_date
    from chuangcheng_desktop.reports.checkpoints.checklist_docx import export_run_record

    with _open_ledger() as ledger:
        [checkpoint_id] = _checkpoint_ids(ledger, [args.name])
        sql = ("SELECT id FROM inspection_runs WHERE checkpoint_id = ? AND deleted_at IS NULL")
        params: list = [checkpoint_id]
        if args.date:
            try:
                params.append(parse_date(args.date).isoformat())
            except InvalidValue as exc:
                raise UserFacingError(f"--date：{exc.reason}") from exc
            sql += " AND date = ?"
        row = ledger.db.execute(sql + " ORDER BY date DESC, created_at DESC LIMIT 1",
                                params).fetchone()
        if row is None:
            raise UserFacingError(f"“{args.name}”{'在该日期' if args.date else ''}还没有测评记录。")
        written = export_run_record(ledger, row[0], args.out)
    print(f"测评记录已保存：{written}")
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
