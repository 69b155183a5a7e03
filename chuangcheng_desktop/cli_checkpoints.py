"""点位 subcommands: ``import-checkpoints`` (and the printables, on the buttons' code paths)."""

from __future__ import annotations

import argparse
import sys

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.storage.errors import UserFacingError

COMMANDS = ("import-checkpoints",)


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


def run_checkpoint_command(args: argparse.Namespace) -> int:
    return {"import-checkpoints": run_import_checkpoints}[args.command](args)


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
