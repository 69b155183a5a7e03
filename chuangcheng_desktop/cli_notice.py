"""``notice`` subcommand: 整改通知书 / 督办通知 / 问题交办单 on the dialog's code path
(``reports.notice_docx.write_notices``), and archive reprints of issued notices."""

from __future__ import annotations

import argparse
from pathlib import Path

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.storage.errors import UserFacingError

TEXT = {
    "help": "为问题生成整改通知书（逾期的为督办通知）",
    "description": "按责任单位为选定的问题生成整改通知书（Word 文档，GB/T 9704 公文格式）。\n"
                   "已完成和待复查的问题不写入；已超过整改期限的问题生成督办通知，引用原定期限并给出"
                   "新的期限；责任单位是发文单位自己时生成问题交办单。编号按年连续，随文件一起登记。\n"
                   "已有同名文件时另存为“文件名(2).docx”，不会覆盖。",
    "problems": "问题的编号（id），可写多个",
    "open_of": "某个责任单位的全部未完成问题",
    "all_open": "全部未完成的问题",
    "reprint": "重印一份已发出的通知书（存档副本），如“青松社区创城整改〔2026〕3号”",
    "out": "保存为，如 通知书.docx（也可以是文件夹）",
    "issued_on": "发文日期（默认今天），如 2026-07-10",
    "new_deadline": "督办通知的新整改期限（默认：发文日期加默认整改天数）",
    "cc": "抄送单位（默认：设置中的抄送）",
    "none_found": "没有找到符合条件的未完成问题。",
    "written": "已生成 {count} 份文书：{numbers}\n保存在：{path}",
    "left_out": "未写入：{parts}。",
    "reprinted": "已重印存档副本：{path}",
    "no_database": "数据文件夹“{folder}”中还没有台账数据库。请检查 --data-dir 是否写对。",
}


def add_notice_commands(commands, common: argparse.ArgumentParser) -> None:
    notice = commands.add_parser("notice", parents=[common], help=TEXT["help"],
                                 description=TEXT["description"],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    which = notice.add_mutually_exclusive_group(required=True)
    which.add_argument("--problems", nargs="+", metavar="ID", help=TEXT["problems"])
    which.add_argument("--open-of", metavar="责任单位", help=TEXT["open_of"])
    which.add_argument("--all-open", action="store_true", help=TEXT["all_open"])
    which.add_argument("--reprint", metavar="编号", help=TEXT["reprint"])
    notice.add_argument("--out", required=True, metavar="文件", help=TEXT["out"])
    notice.add_argument("--issued-on", metavar="日期", help=TEXT["issued_on"])
    notice.add_argument("--new-deadline", metavar="日期", help=TEXT["new_deadline"])
    notice.add_argument("--cc", metavar="单位", help=TEXT["cc"])


def run_notice(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.rules.notices import select_problems
    from chuangcheng_desktop.core.rules.validation import InvalidValue, parse_date
    from chuangcheng_desktop.core.storage import clock
    from chuangcheng_desktop.core.storage.ledger import DATABASE_FILENAME, Ledger
    from chuangcheng_desktop.reports.notice_docx import reprint_notice, write_notices

    database = paths.data_dir() / DATABASE_FILENAME
    if not database.exists():
        raise UserFacingError(TEXT["no_database"].format(folder=paths.data_dir()))

    def day(value: str | None, option: str):
        if not value:
            return None
        try:
            return parse_date(value)
        except InvalidValue as exc:
            raise UserFacingError(f"{option}：{exc.reason}") from exc

    issued_on = day(args.issued_on, "--issued-on") or clock.today()
    new_deadline = day(args.new_deadline, "--new-deadline")
    with Ledger.open(database) as ledger:
        if args.reprint:
            path = reprint_notice(ledger, args.reprint.strip(), Path(args.out).expanduser(),
                                  today=issued_on)
            print(TEXT["reprinted"].format(path=path))
            return 0
        if args.problems:
            ids = list(args.problems)
        else:
            sql = "SELECT id FROM problems WHERE deleted_at IS NULL AND status != '已完成'"
            params: list[str] = []
            if args.open_of:
                sql += " AND responsible_unit = ?"
                params.append(args.open_of.strip())
            ids = [row[0] for row in ledger.db.execute(sql + " ORDER BY found_on, id", params)]
        selection = select_problems(ledger, ids) if ids else None
        if selection is None or not selection.open:
            raise UserFacingError(TEXT["none_found"])
        result = write_notices(ledger, [row["id"] for row in selection.open],
                               Path(args.out).expanduser(), issued_on=issued_on,
                               new_deadline=new_deadline, cc=args.cc)
    print(TEXT["written"].format(count=len(result.numbers), numbers="、".join(result.numbers),
                                 path=result.path))
    parts = []
    if selection.waiting_recheck:
        parts.append(f"待复查的问题{len(selection.waiting_recheck)}个")
    if selection.done:
        parts.append(f"已完成的问题{len(selection.done)}个")
    if parts:
        print(TEXT["left_out"].format(parts="、".join(parts)))
    return 0
