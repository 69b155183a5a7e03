"""``backup`` and ``restore`` subcommands (``check`` lives in cli.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.records import RECORD_KINDS


def add_backup_commands(commands, common: argparse.ArgumentParser) -> None:
    backup = commands.add_parser(
        "backup", parents=[common], help="立即备份台账",
        description="用 SQLite 在线备份立即备份台账数据库（含新照片），检查无误后保存，"
                    "并按规则清理旧备份：保留今天全部、最近7天每天1份、之前4周每周1份、之前12个月每月1份。")
    backup.add_argument("--to", metavar="文件夹",
                        help="备份到哪个文件夹（默认：“设置 → 数据安全”中选的备份文件夹，"
                             "未选时为数据文件夹下的 backups；可选U盘等）")
    backup.add_argument("--list", action="store_true", help="只列出已有的备份，不新建")
    restore = commands.add_parser(
        "restore", parents=[common], help="从备份恢复台账",
        description="用一份备份替换当前台账。替换前会先备份当前数据，所以恢复也可以撤销。")
    restore.add_argument("file", metavar="备份文件", help="要恢复的备份文件（.db）")


def backups_dir(args: argparse.Namespace) -> Path:
    """--to, else the folder chosen in 设置 (read without writing), else <data dir>/backups."""
    from chuangcheng_desktop.core.safety.safety import configured_backups_dir
    from chuangcheng_desktop.core.storage.ledger import DATABASE_FILENAME

    if getattr(args, "to", None):
        return Path(args.to).expanduser()
    return configured_backups_dir(paths.data_dir() / DATABASE_FILENAME, paths.data_dir())


def run_backup(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.safety.backup import backup_database, list_backups, rotate_backups
    from chuangcheng_desktop.core.safety.safety import counts_text
    from chuangcheng_desktop.core.storage.ledger import DATABASE_FILENAME

    folder = backups_dir(args)
    if args.list:
        backups = list_backups(folder)
        if not backups:
            print(f"“{folder}”中还没有备份。")
        for info in backups:
            print(f"{info.path.name}  {format_date_cn(info.taken_at.date())} "
                  f"{info.taken_at:%H:%M}  {counts_text(info.counts)}")
        return 0
    database = paths.data_dir() / DATABASE_FILENAME
    if not database.exists():
        raise UserFacingError(f"数据文件夹“{paths.data_dir()}”中还没有台账数据库，无需备份。")
    info = backup_database(database, folder, attachments_dir=paths.attachments_dir())
    removed = rotate_backups(folder)
    print(f"备份完成：{info.path}")
    print(f"  {counts_text(info.counts)}")
    if removed:
        print(f"  按保留规则清理了 {len(removed)} 份旧备份。")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.safety.backup import copy_new_attachments, record_counts, restore_backup
    from chuangcheng_desktop.core.storage.ledger import DATABASE_FILENAME

    source = Path(args.file).expanduser()
    if not source.is_file():
        raise UserFacingError(f"找不到备份文件“{source}”。")
    from chuangcheng_desktop.cli_password import unlock_if_needed

    unlock_if_needed(source)  # a backup encrypted under another password asks for that one
    database = paths.data_dir() / DATABASE_FILENAME
    before = record_counts(database) if database.exists() else {}
    safety = restore_backup(source, database, backups_dir(args))
    after = record_counts(database)
    pool = source.parent / "attachments"  # photos the data folder lacks come back too
    copied = copy_new_attachments(pool, paths.attachments_dir()) if pool.is_dir() else 0
    print(f"已从“{source.name}”恢复。")
    if copied:
        print(f"  从备份中找回照片 {copied} 张。")
    if safety:
        print(f"恢复前的数据已另存为：{safety.path}")
    for table, kind in RECORD_KINDS.items():
        if before.get(table, 0) != after.get(table, 0):
            print(f"  {kind.label}：{before.get(table, 0)}条 → {after.get(table, 0)}条")
    return 0
