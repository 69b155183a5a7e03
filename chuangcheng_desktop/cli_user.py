"""``user`` subcommand: show or name the 当前使用人 (the 设置 box on the same code path)."""

from __future__ import annotations

import argparse

from chuangcheng_desktop import paths


def add_user_commands(commands, common: argparse.ArgumentParser) -> None:
    user = commands.add_parser(
        "user", parents=[common], help="显示或设置当前使用人",
        description="当前使用人：每一处修改（审计日志、整改过程）都记在这个名字下；"
                    "没有设置时记为电脑登录名。")
    user.add_argument("--set", metavar="姓名", dest="name",
                      help="设置当前使用人（填空字符串则改回电脑登录名）")


def run_user(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.storage.errors import UserFacingError
    from chuangcheng_desktop.core.storage.ledger import DATABASE_FILENAME, Ledger, named_user

    path = paths.data_dir() / DATABASE_FILENAME
    if not path.exists():
        raise UserFacingError(f"数据文件夹“{paths.data_dir()}”中还没有台账数据库。")
    with Ledger.open(path) as ledger:
        if args.name is not None:
            ledger.set_current_user(args.name)
        named = named_user(ledger.db)
        print(f"当前使用人：{named}" if named else f"当前使用人：（未设置，记为电脑登录名“{ledger.actor}”）")
    return 0
