"""``password set|change|remove``: encrypt, re-key or decrypt the ledger from the command line,
and the unlocking every other subcommand does first for an encrypted ledger.

Secrets come from the environment (for scripts) or are asked in the terminal without echo:
``CHUANGCHENG_PASSWORD`` is the current password (or the recovery key),
``CHUANGCHENG_NEW_PASSWORD`` the new one for ``set`` and ``change``.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.storage.errors import UserFacingError

NEW_PASSWORD_ENV = "CHUANGCHENG_NEW_PASSWORD"
TEXT = {
    "current": "台账密码（忘记密码时输入恢复密钥）：",
    "new": "新密码（至少6位）：",
    "again": "再输一遍新密码：",
    "mismatch": "两次输入的新密码不一样，没有改动。",
    "no_terminal": ("台账已加密，需要密码：请在终端中运行以输入密码，"
                    "或设置环境变量 {env}（脚本中使用）。"),
    "no_ledger": "数据文件夹“{folder}”中还没有台账数据库。",
    "set": "台账已加密。以后打开台账（窗口、命令行、备份）都要输入这个密码。",
    "recovery": ("恢复密钥（只显示这一次，请抄下或打印后妥善保管；忘记密码时用它打开台账，"
                 "密码和恢复密钥都没有时，数据将无法打开）：\n\n    {key}\n"),
    "changed": "密码已修改。恢复密钥不变，仍然有效。",
    "removed": "密码已取消，台账已解密（之前加密的备份仍需原密码或恢复密钥才能打开）。",
}


def add_password_commands(commands, common: argparse.ArgumentParser) -> None:
    password = commands.add_parser(
        "password", parents=[common], help="设置、修改或取消台账密码（加密台账）",
        description="设置密码后，台账和之后的每份备份都加密保存；设置时显示一次恢复密钥。\n"
                    f"脚本中可用环境变量 CHUANGCHENG_PASSWORD（当前密码或恢复密钥）和 "
                    f"{NEW_PASSWORD_ENV}（新密码）代替输入。")
    password.add_argument("action", choices=["set", "change", "remove"],
                          help="set = 设置并加密；change = 修改；remove = 取消并解密")


def run_password(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.safety import encryption
    from chuangcheng_desktop.core.storage.ledger import DATABASE_FILENAME, Ledger

    database = paths.data_dir() / DATABASE_FILENAME
    if not database.exists():
        raise UserFacingError(TEXT["no_ledger"].format(folder=paths.data_dir()))
    if args.action == "set":
        with Ledger.open(database) as ledger:  # the window's old password gate goes too
            recovery_key = encryption.set_password_on(ledger, _new_password())
        print(TEXT["set"])
        print(TEXT["recovery"].format(key=recovery_key))
    elif args.action == "change":
        current = _secret(encryption.PASSWORD_ENV, TEXT["current"])
        encryption.change_password(database, current, _new_password())
        print(TEXT["changed"])
    else:
        encryption.remove_password(database, _secret(encryption.PASSWORD_ENV, TEXT["current"]))
        print(TEXT["removed"])
    return 0


def unlock_if_needed(path: Path) -> None:
    """Before a subcommand opens an encrypted ledger (or backup): unlock it with
    ``CHUANGCHENG_PASSWORD`` or a password typed in the terminal."""
    from chuangcheng_desktop.core.storage import cipher

    if not cipher.is_encrypted(path):
        return
    from chuangcheng_desktop.core.safety import encryption

    try:
        cipher.file_key(path)
        return  # already unlocked in this process
    except cipher.PasswordRequiredError:
        pass
    encryption.unlock(path, _secret(encryption.PASSWORD_ENV, TEXT["current"]))


def _secret(env: str, prompt: str) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise UserFacingError(TEXT["no_terminal"].format(env=env))
    return getpass.getpass(prompt)


def _new_password() -> str:
    value = os.environ.get(NEW_PASSWORD_ENV)
    if value:
        return value
    first = _secret(NEW_PASSWORD_ENV, TEXT["new"])
    if getpass.getpass(TEXT["again"]) != first:
        raise UserFacingError(TEXT["mismatch"])
    return first
