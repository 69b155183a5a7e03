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
from datetime import date
from typing import NoReturn

from chuangcheng_desktop import APP_NAME_CN, __version__, paths
from chuangcheng_desktop.core.errors import UserFacingError

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

    def start_section(self, heading) -> None:  # noqa: ANN001
        super().start_section(heading.rstrip(":："))


def build_parser() -> ChineseArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="文件夹",
                        help="数据文件夹（默认：本机用户数据文件夹；便携模式为程序旁的 data）")

    parser = ChineseArgumentParser(
        prog="chuangcheng",
        description=f"{APP_NAME_CN} {__version__}：创建文明城市工作台账与总结报告（离线使用）。\n"
                    "不带子命令时打开程序窗口。",
        parents=[common],
    )
    parser.add_argument("--demo", action="store_true",
                        help="在一个新的演示数据库上打开窗口（数据不会写入您的台账）")
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
    demo.add_argument("--scale", choices=["community", "street"], default="community",
                      help="规模：community = 一个社区约一年；street = 街道级大数据量（默认 community）")
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command in (None, "gui"):
            return _run_gui(args)
        paths.init(args.data_dir)
        handler = {
            "demo-data": _demo_data,
            "check": _check,
            "profile": _profile,
            "stats": _stats,
        }[args.command]
        return handler(args)
    except UserFacingError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130


def _run_gui(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.ui.app import run_app  # Qt is imported only for the window

    return run_app(data_dir=args.data_dir, demo=args.demo)


def _open_ledger(*, must_exist: bool = True):
    from chuangcheng_desktop.core.ledger import DATABASE_FILENAME, Ledger

    path = paths.data_dir() / DATABASE_FILENAME
    if must_exist and not path.exists():
        raise UserFacingError(
            f"数据文件夹“{paths.data_dir()}”中还没有台账数据库。"
            "请检查 --data-dir 是否写对，或先打开程序录入数据。")
    return Ledger.open(path)


def _demo_data(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.demo import generate_demo_data
    from chuangcheng_desktop.core.records import RECORD_KINDS

    with _open_ledger(must_exist=False) as ledger:
        counts = generate_demo_data(
            ledger, paths.attachments_dir(), scale=args.scale, seed=args.seed,
            progress=lambda percent, step: print(f"[{percent:3d}%] {step}", file=sys.stderr))
    print(f"演示数据已写入：{paths.data_dir()}")
    for table, count in counts.items():
        print(f"  {RECORD_KINDS[table].label if table in RECORD_KINDS else table}：{count}条")
    return 0


def _check(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.integrity import check_database
    from chuangcheng_desktop.core.ledger import DATABASE_FILENAME

    report = check_database(paths.data_dir() / DATABASE_FILENAME)
    for line in report.lines:
        print(line)
    return 0 if report.ok else 1


def _profile(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.records import UNIT_PROFILE

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
            from chuangcheng_desktop.core.formatting import format_percent

            value = format_percent(value)
        print(f"{spec.label}（{spec.name}）：{value if value not in ('', None) else '（未填写）'}")
    return 0


def _profile_field(key: str) -> str:
    from chuangcheng_desktop.core.records import UNIT_PROFILE

    for spec in UNIT_PROFILE.fields:
        if key in (spec.name, spec.label):
            return spec.name
    raise UserFacingError(f"没有“{key}”这一项。可设置的项目：\n{_profile_keys_help()}")


def _profile_keys_help() -> str:
    from chuangcheng_desktop.core.records import UNIT_PROFILE

    return "\n".join(f"  {spec.name}：{spec.label}" for spec in UNIT_PROFILE.fields)


def _stats(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.periods import parse_period
    from chuangcheng_desktop.core.statistics import compute_statistics
    from chuangcheng_desktop.core.stats_text import statistics_text
    from chuangcheng_desktop.core.validation import InvalidValue, parse_date

    period = parse_period(args.period)
    as_of = date.today()
    if args.as_of:
        try:
            as_of = parse_date(args.as_of)
        except InvalidValue as exc:
            raise UserFacingError(f"--as-of：{exc.reason}") from exc
    with _open_ledger() as ledger:
        statistics = compute_statistics(ledger.db, period, as_of=as_of)
    if args.json:
        print(json.dumps(statistics.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(statistics_text(statistics))
    return 0




if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
