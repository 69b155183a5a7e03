"""The command line: ``chuangcheng`` / ``python -m chuangcheng_desktop``.

Every subcommand prints Chinese text; a bad argument exits 2 with a Chinese message,
a refused operation (bad data, unusable database) exits 1 with a Chinese message,
and no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import NoReturn

from chuangcheng_desktop import APP_NAME_CN, __version__, paths
from chuangcheng_desktop.cli_backup import add_backup_commands, run_backup, run_restore
from chuangcheng_desktop.cli_checkpoints import COMMANDS as CHECKPOINT_COMMANDS
from chuangcheng_desktop.cli_checkpoints import add_checkpoint_commands, run_checkpoint_command
from chuangcheng_desktop.cli_notice import add_notice_commands, run_notice
from chuangcheng_desktop.cli_packages import (
    PACKAGE_COMMANDS,
    add_package_commands,
    run_package_command,
    stats_by_unit,
)
from chuangcheng_desktop.cli_password import add_password_commands, run_password, unlock_if_needed
from chuangcheng_desktop.cli_printables import add_printable_commands, run_check_data, run_printable
from chuangcheng_desktop.cli_proof import HANDLERS as PROOF_HANDLERS
from chuangcheng_desktop.cli_proof import add_proof_commands
from chuangcheng_desktop.cli_templates import add_template_commands, run_template
from chuangcheng_desktop.cli_user import add_user_commands, run_user
from chuangcheng_desktop.core.storage.errors import UserFacingError

logger = logging.getLogger(__name__)

_ARGPARSE_MESSAGES = [
    (r"the following arguments are required: (.+)", r"缺少必填参数：\1"),
    (r"unrecognized arguments: (.+)", r"无法识别的参数：\1"),
    (r"argument (\S+): invalid choice: '?([^' ]+)'? \(choose from (.+)\)",
     r"参数 \1 的取值“\2”无效，可选：\3"),
    (r"argument (\S+): expected one argument", r"参数 \1 后面需要一个值"),
    (r"argument (\S+): invalid (\w+) value: '?([^']*)'?", r"参数 \1 的值“\3”无效"),
    (r"argument (\S+): not allowed with argument (\S+)", r"参数 \1 不能与 \2 同时使用"),
    (r"invalid choice: '?([^' ]+)'?.*", r"无法识别的子命令“\1”，请用 --help 查看可用命令"),
]


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with Chinese help headings and error messages."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", _ChineseHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        for pattern, replacement in _ARGPARSE_MESSAGES:
            if re.search(pattern, message):
                message = re.sub(pattern, replacement, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{message}\n")


class _ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)

    def start_section(self, heading) -> None:
        super().start_section(heading.rstrip(":："))


_DATA_DIR_HELP = "数据文件夹（默认：本机用户数据文件夹；便携模式为程序旁的 data）"


def build_parser() -> ChineseArgumentParser:
    # --data-dir may stand before or after the subcommand; the subcommand's copy goes to its
    # own dest so that its default cannot overwrite the value given before it (see _data_dir).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="文件夹", dest="command_data_dir", help=_DATA_DIR_HELP)

    parser = ChineseArgumentParser(
        prog="chuangcheng",
        description=f"{APP_NAME_CN} {__version__}：创建文明城市工作台账与总结报告（离线使用）。\n"
                    "不带子命令时打开程序窗口。",
    )
    parser.add_argument("--data-dir", metavar="文件夹", help=_DATA_DIR_HELP)
    parser.add_argument("--demo", action="store_true",
                        help="在演示数据上打开窗口：放在临时文件夹，关闭后删除；"
                             "加 --data-dir D 则写入空文件夹 D 并保留（D 已有台账时拒绝）")
    parser.add_argument("--smoke", action="store_true",
                        help="自检：在临时文件夹里用演示数据打开窗口、显示每个页面、生成总结和台账，"
                             "通过时退出码为 0（不会动您的台账数据）")
    parser.add_argument("--version", action="version", version=f"{APP_NAME_CN} {__version__}",
                        help="显示版本号并退出")
    commands = parser.add_subparsers(dest="command", title="子命令", metavar="<子命令>",
                                     parser_class=ChineseArgumentParser)

    gui = commands.add_parser("gui", parents=[common], help="打开程序窗口（默认）",
                              description="打开程序窗口。")
    gui.add_argument("--demo", action="store_true", help="在一个新的演示数据库上打开窗口")

    demo = commands.add_parser(
        "demo-data", parents=[common], help="向空的数据文件夹写入演示数据",
        description="向一个空的数据文件夹写入演示用的台账记录（姓名、身份证号等均为虚构）。")
    demo.add_argument("--scale", choices=["community", "street", "street-units"], default="community",
                      help="规模：community = 一个社区约一年；street = 街道级大数据量；"
                           "street-units = 街道台账，含若干社区的报送包（默认 community）")
    demo.add_argument("--units", type=int, default=5, metavar="N",
                      help="street-units 时的社区个数（默认 5）")
    demo.add_argument("--seed", type=int, default=1, metavar="N", help="随机种子（默认 1）")

    commands.add_parser("check", parents=[common], help="检查数据库是否完好",
                        description="检查台账数据库的完整性（只读，不修改任何数据）。")

    profile = commands.add_parser(
        "profile", parents=[common], help="查看或修改单位信息",
        description="查看或修改单位信息。可设置的项目：\n" + _profile_keys_help())
    profile.add_argument("--set", action="append", default=[], metavar="项目=值",
                         dest="assignments", help="修改一项，如 --set unit_name=青松社区；可重复使用")

    stats = commands.add_parser(
        "stats", parents=[common], help="统计某一期间的各项数据",
        description="统计某一期间的各项数据（与总结报告、统计表使用同一组数字）。\n"
                    "期间写法：2026、2026H1、2026H2、2026Q3、2026-05、2026-03-01..2026-05-31")
    stats.add_argument("--period", required=True, metavar="期间", help="统计期间，如 2026H1")
    stats.add_argument("--json", action="store_true", help="以 JSON 输出（英文键名，见 README）")
    stats.add_argument("--as-of", metavar="日期", help="按哪一天判断逾期（默认今天）")
    stats.add_argument("--by-unit", action="store_true",
                       help="街道（镇）台账：各社区的数据并排对比，含排名（来自各社区的报送包）")

    report = commands.add_parser(
        "report", parents=[common], help="生成某一期间的工作总结（.docx）",
        description="按总结向导的默认内容生成工作总结（Word 文档，GB/T 9704 公文格式）。\n"
                    "已有同名文件时另存为“文件名(2).docx”，不会覆盖。")
    report.add_argument("--period", required=True, metavar="期间", help="总结期间，如 2026H1")
    report.add_argument("--out", required=True, metavar="文件", help="保存为，如 总结.docx")
    report.add_argument("--kind", choices=["工作总结", "工作情况汇报", "半年总结", "年度总结"],
                        help="文稿类型（默认按期间：全年为年度总结，半年为半年总结）")
    report.add_argument("--date", metavar="日期", help="落款日期（默认今天），如 2026-06-30")
    _add_ledger_io_commands(commands, common)
    add_backup_commands(commands, common)
    add_checkpoint_commands(commands, common)
    add_template_commands(commands, common)
    add_package_commands(commands, common)
    add_notice_commands(commands, common)
    add_proof_commands(commands, common)
    add_user_commands(commands, common)
    add_password_commands(commands, common)
    add_printable_commands(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    args.data_dir = _data_dir(parser, args)
    try:
        if getattr(args, "smoke", False) and args.command is None:
            from chuangcheng_desktop.ui.smoke import run_smoke  # Qt only for the smoke check

            return run_smoke(args.data_dir)
        if args.command in (None, "gui"):
            return _run_gui(args)
        paths.init(args.data_dir)
        if args.command != "password":  # an encrypted ledger: its password first
            from chuangcheng_desktop.core.storage.ledger import DATABASE_FILENAME

            unlock_if_needed(paths.data_dir() / DATABASE_FILENAME)
        handler = {
            "demo-data": _demo_data,
            "check": _check,
            "profile": _profile,
            "stats": _stats,
            "report": _report,
            "backup": run_backup,
            "restore": run_restore,
            **dict.fromkeys(PACKAGE_COMMANDS, lambda a: run_package_command(a, _open_ledger)),
            "notice": run_notice,
            "user": run_user,
            "export-ledgers": _export_ledgers,
            "import-volunteers": _import_records,
            "import-activities": _import_records,
            "import-problems": _import_records,
            **dict.fromkeys(CHECKPOINT_COMMANDS, run_checkpoint_command),
            "import-template": run_template,
            **PROOF_HANDLERS,
            "password": run_password,
            "printable": lambda a: run_printable(a, _open_ledger),
            "check-data": lambda a: run_check_data(a, _open_ledger),
        }[args.command]
        return handler(args)
    except UserFacingError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - the last guard: no traceback reaches the user
        log = _write_crash_log()
        print(f"错误：程序遇到意外错误，操作没有完成，已保存的数据没有变化。详情已写入：{log}",
              file=sys.stderr)
        return 1


def _data_dir(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str | None:
    """The one --data-dir, given before or after the subcommand; two different ones are refused."""
    before, after = args.data_dir, getattr(args, "command_data_dir", None)
    if before and after and Path(before).expanduser().resolve() != Path(after).expanduser().resolve():
        parser.error(f"--data-dir 写了两次且不一致（“{before}”和“{after}”），请只写一个。")
    return after or before


def _write_crash_log() -> Path:
    """Append the current exception's traceback to a log file the user can send us."""
    import tempfile
    import traceback

    text = f"--- {datetime.now().isoformat(timespec='seconds')} {' '.join(sys.argv)}\n"
    text += traceback.format_exc()
    for folder in (paths.data_dir() / "logs", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            log = folder / "chuangcheng-error.log"
            with log.open("a", encoding="utf-8") as handle:
                handle.write(text)
            return log
        except OSError:
            continue
    return Path("（无法写入日志）")


def _run_gui(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.ui.app import run_app  # Qt is imported only for the window

    return run_app(data_dir=args.data_dir, demo=args.demo)


def _open_ledger(*, must_exist: bool = True):
    from chuangcheng_desktop.core.storage.ledger import DATABASE_FILENAME, Ledger

    path = paths.data_dir() / DATABASE_FILENAME
    if must_exist and not path.exists():
        raise UserFacingError(
            f"数据文件夹“{paths.data_dir()}”中还没有台账数据库。"
            "请检查 --data-dir 是否写对，或先打开程序录入数据。")
    return Ledger.open(path)


def _demo_data(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.demo.builder import generate_demo_data
    from chuangcheng_desktop.core.storage.records import RECORD_KINDS

    def progress(percent: int, step: str) -> None:
        print(f"[{percent:3d}%] {step}", file=sys.stderr)

    with _open_ledger(must_exist=False) as ledger:
        if args.scale == "street-units":  # a 街道 ledger with communities' packages (issue 19)
            from chuangcheng_desktop.core.demo.street_units import generate_street_units

            counts = generate_street_units(ledger, paths.attachments_dir(), units=args.units,
                                           seed=args.seed, progress=progress)
        else:
            counts = generate_demo_data(ledger, paths.attachments_dir(), scale=args.scale,
                                        seed=args.seed, progress=progress)
    print(f"演示数据已写入：{paths.data_dir()}")
    for table, count in counts.items():
        print(f"  {RECORD_KINDS[table].label if table in RECORD_KINDS else table}：{count}条")
    return 0


def _check(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.safety.integrity import check_database
    from chuangcheng_desktop.core.storage.ledger import DATABASE_FILENAME

    report = check_database(paths.data_dir() / DATABASE_FILENAME)
    for line in report.lines:
        print(line)
    return 0 if report.ok else 1


def _profile(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.storage.records import UNIT_PROFILE

    changes = {}
    for assignment in args.assignments:
        key, sep, value = assignment.partition("=")
        if not sep:
            raise UserFacingError(f"“{assignment}”的写法不对，应为 项目=值，如 unit_name=青松社区。")
        changes[_profile_field(key.strip())] = value.strip()
    with _open_ledger(must_exist=not changes) as ledger:
        profile = ledger.update_profile(changes) if changes else ledger.profile()
    if changes:
        print("单位信息已保存。")
    for spec in UNIT_PROFILE.fields:
        value = profile[spec.name]
        if spec.name == "volunteer_target_ratio":
            from chuangcheng_desktop.core.rules.formatting import format_percent

            value = format_percent(value)
        print(f"{spec.label}（{spec.name}）：{value if value not in ('', None) else '（未填写）'}")
    return 0


def _profile_field(key: str) -> str:
    from chuangcheng_desktop.core.storage.records import UNIT_PROFILE

    for spec in UNIT_PROFILE.fields:
        if key in (spec.name, spec.label):
            return spec.name
    raise UserFacingError(f"没有“{key}”这一项。可设置的项目：\n{_profile_keys_help()}")


def _profile_keys_help() -> str:
    from chuangcheng_desktop.core.storage.records import UNIT_PROFILE

    return "\n".join(f"  {spec.name}：{spec.label}" for spec in UNIT_PROFILE.fields)


def _stats(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.figures.statistics import compute_statistics
    from chuangcheng_desktop.core.figures.stats_text import statistics_text
    from chuangcheng_desktop.core.rules.periods import parse_period
    from chuangcheng_desktop.core.rules.validation import InvalidValue, parse_date

    period = parse_period(args.period)
    as_of = date.today()
    if args.as_of:
        try:
            as_of = parse_date(args.as_of)
        except InvalidValue as exc:
            raise UserFacingError(f"--as-of：{exc.reason}") from exc
    if args.by_unit:
        return stats_by_unit(period, as_of, as_json=args.json, open_ledger=_open_ledger)
    with _open_ledger() as ledger:
        statistics = compute_statistics(ledger.db, period, as_of=as_of)
    if args.json:
        print(json.dumps(statistics.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(statistics_text(statistics))
    return 0




def _cli_date(text: str, option: str):
    from chuangcheng_desktop.core.rules.validation import InvalidValue, parse_date

    try:
        return parse_date(text)
    except InvalidValue as exc:
        raise UserFacingError(f"{option}：{exc.reason}") from exc


def _report(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.rules.periods import parse_period
    from chuangcheng_desktop.reports.summary.drafting import build_default_context
    from chuangcheng_desktop.reports.summary.summary_docx import export_summary

    period = parse_period(args.period)
    with _open_ledger() as ledger:
        context = build_default_context(ledger, period, kind=args.kind)
        if args.date:  # the signature date chosen, as on the wizard's first page
            context.signature_date = _cli_date(args.date, "--date").isoformat()
        written = export_summary(context, ledger, args.out)
    print(f"工作总结已保存：{written}")
    return 0


# --- Excel ledgers (issue 5) --------------------------------------------------------------

_IMPORT_KINDS = {"import-volunteers": ("volunteers", "志愿者花名册"),
                 "import-activities": ("activities", "活动台账"),
                 "import-problems": ("problems", "督查问题整改台账")}


def _add_ledger_io_commands(commands, common: argparse.ArgumentParser) -> None:
    export = commands.add_parser(
        "export-ledgers", parents=[common], help="导出某一期间的迎检台账（.xlsx）",
        description="导出迎检台账工作簿：活动台账、志愿服务记录、志愿者花名册、志愿服务时长统计、"
                    "督查问题整改台账、统计。\n身份证号和电话默认打码（110101********1234、"
                    "138****5678）；--full-id 导出完整号码并记入操作日志。")
    export.add_argument("--period", required=True, metavar="期间", help="台账期间，如 2026 或 2026Q3")
    export.add_argument("--out", required=True, metavar="文件", help="保存为，如 迎检台账.xlsx")
    export.add_argument("--full-id", action="store_true", help="导出完整身份证号和电话（会记入操作日志）")
    export.add_argument("--by-unit", action="store_true",
                        help="街道（镇）台账：各社区汇总台账（各社区统计与排名，各台账带“单位”列）")
    for name, (_, label) in _IMPORT_KINDS.items():
        command = commands.add_parser(
            name, parents=[common], help=f"从 Excel 导入{label}",
            description=f"从 .xlsx 文件导入{label}。先检查每一行；默认只要有一行有错就什么也不导入。\n"
                        "有行被拒绝时退出码为 1。")
        command.add_argument("file", metavar="文件.xlsx", help="要导入的 Excel 文件")
        command.add_argument("--dry-run", action="store_true", help="只检查并报告，不导入")
        command.add_argument("--skip-invalid", action="store_true",
                             help="跳过有错误的行，只导入正确的行（错误清单另存为 .xlsx）")
        if name == "import-volunteers":
            command.add_argument("--update-duplicates", action="store_true",
                                 help="花名册中已有相同身份证号时用文件内容更新（默认跳过）")
        command.add_argument("--full-id", action="store_true",
                             help="检查结果中显示完整身份证号（默认打码：110101********1234）")


def _export_ledgers(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.rules.periods import parse_period
    from chuangcheng_desktop.reports.workbook.ledger_export import export_workbook

    if args.by_unit:
        return run_package_command(args, _open_ledger)
    period = parse_period(args.period)
    with _open_ledger() as ledger:
        written = export_workbook(ledger, period, args.out, full_id=args.full_id)
    print(f"迎检台账已保存：{written}")
    return 0


def _import_records(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.reports.imports.import_errors import preview_report, result_report
    from chuangcheng_desktop.reports.imports.importer import commit_import, preview_import

    kind, _ = _IMPORT_KINDS[args.command]
    with _open_ledger(must_exist=False) as ledger:
        preview = preview_import(ledger, kind, args.file)
        print(preview_report(preview, full_id=args.full_id))
        if args.dry_run:
            print("（仅检查，未导入任何记录）")
        elif preview.rejected and not args.skip_invalid:
            print("有错误行，未导入任何记录。修改后重新导入，或加 --skip-invalid 只导入正确的行。",
                  file=sys.stderr)
        else:
            result = commit_import(ledger, preview, skip_invalid=args.skip_invalid,
                                   update_duplicates=getattr(args, "update_duplicates", False))
            print(result_report(result))
    return 1 if preview.rejected else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
