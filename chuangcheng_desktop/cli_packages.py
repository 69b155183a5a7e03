"""``export-package`` / ``import-package`` / ``send-tasks`` and ``stats --by-unit``:
the 街道 consolidation on the command line (core/packages/ does the work)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.storage.errors import UserFacingError

PACKAGE_COMMANDS = ("export-package", "import-package", "send-tasks", "units")


def add_package_commands(commands, common: argparse.ArgumentParser) -> None:
    export = commands.add_parser(
        "export-package", parents=[common], help="导出报送包（.ccpkg），报送街道",
        description="把本单位的台账（全部，或某一期间涉及的记录）连同照片导出为一个报送包（.ccpkg），"
                    "用U盘或政务网报送街道（镇）。\n"
                    "身份证号和电话默认打码；--full-data 导出完整数据并记入操作日志。")
    export.add_argument("--out", required=True, metavar="文件", help="保存为，如 青松社区10月.ccpkg")
    export.add_argument("--period", metavar="期间", help="只报送这一期间涉及的记录，如 2026-10；默认全部")
    export.add_argument("--full-data", action="store_true",
                        help="身份证号、电话不打码（会记入操作日志）")
    export.add_argument("--reduced-photos", action="store_true",
                        help="照片压缩后放入（长边1000像素的JPEG），报送包更小")
    imported = commands.add_parser(
        "import-package", parents=[common], help="导入报送包（街道）或交办包（社区）",
        description="街道（镇）台账：导入社区报送的报送包，先检查再合并，同一社区较新的报送包替换该期间的数据；\n"
                    "社区台账：导入街道下发的交办包，问题以“上级巡查（街道交办）”记入本社区的问题台账。")
    imported.add_argument("file", metavar="文件.ccpkg", help="要导入的报送包或交办包")
    imported.add_argument("--dry-run", action="store_true", help="只检查并列出将发生的变化，不导入")
    imported.add_argument("--add-unit", action="store_true",
                          help="报送单位还不在本街道的社区名单中时，把它加入名单")
    units = commands.add_parser(
        "units", parents=[common], help="街道：查看或预先填写社区名单",
        description="街道（镇）台账：列出社区名单及各社区最近一次报送包；--add 预先把社区加入名单，"
                    "它第一次报送时按名称对应，之前显示为“未报送”。")
    units.add_argument("--add", action="append", default=[], metavar="社区名称",
                       help="把社区加入名单，可重复使用")
    tasks = commands.add_parser(
        "send-tasks", parents=[common], help="街道：把问题交办给社区（导出交办包）",
        description="街道（镇）台账：把本街道巡查发现的问题交办给一个社区，导出交办包（.ccpkg）。\n"
                    "社区导入后问题记入其问题台账（来源：上级巡查，街道交办）；"
                    "整改状态和整改后照片随社区下一次报送包回到街道。")
    tasks.add_argument("--unit", required=True, metavar="社区", help="交办给哪个社区（名称）")
    tasks.add_argument("--problems", required=True, metavar="编号",
                       help="问题编号（可只写前8位），多个用逗号分隔")
    tasks.add_argument("--out", required=True, metavar="文件", help="保存为，如 交办_青松社区.ccpkg")


def run_package_command(args: argparse.Namespace, open_ledger) -> int:
    """Dispatch one of :data:`PACKAGE_COMMANDS` (``open_ledger`` is cli.py's opener)."""
    handler = {"export-package": _export_package, "import-package": _import_package,
               "send-tasks": _send_tasks, "export-ledgers": _export_street_ledgers,
               "units": _units}[args.command]
    return handler(args, open_ledger)


def _export_package(args: argparse.Namespace, open_ledger) -> int:
    from chuangcheng_desktop.core.packages.export import export_package
    from chuangcheng_desktop.core.packages.manifest import PACKAGE_SUFFIX
    from chuangcheng_desktop.core.packages.scope import table_label
    from chuangcheng_desktop.core.rules.periods import parse_period

    period = parse_period(args.period) if args.period else None
    out = Path(args.out).expanduser()
    if out.suffix.lower() != PACKAGE_SUFFIX:
        out = out.with_name(out.name + PACKAGE_SUFFIX)
    with open_ledger() as ledger:
        result = export_package(ledger, paths.attachments_dir(), out, period=period,
                                full_data=args.full_data, reduced_photos=args.reduced_photos)
    manifest = result.manifest
    print(f"报送包已保存：{result.path}")
    print(f"  单位：{manifest.unit_name or '（未填写单位名称）'}；期间：{manifest.period_name}；"
          f"{'完整数据（已记入操作日志）' if manifest.full_data else '身份证号、电话已打码'}")
    for table, count in manifest.counts.items():
        if count:
            print(f"  {table_label(table)}：{count}条")
    print(f"  照片文件：{result.photos}个")
    if result.missing_photos:
        print(f"  注意：{len(result.missing_photos)}张照片在数据文件夹中找不到或已损坏，未放入报送包。")
    return 0


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _refuse(message: str) -> UserFacingError:
    return UserFacingError(message)


def _import_package(args: argparse.Namespace, open_ledger) -> int:
    from chuangcheng_desktop.core.packages.manifest import KIND_TASKS
    from chuangcheng_desktop.core.packages.reading import open_package

    source = Path(args.file).expanduser()
    with open_package(source) as package, open_ledger() as ledger:
        if package.manifest.kind == KIND_TASKS:
            from chuangcheng_desktop.core.packages.tasks import receive_tasks

            received = receive_tasks(ledger, paths.attachments_dir(), package,
                                     dry_run=args.dry_run)
            print(received.message)
            return 0
        from chuangcheng_desktop.core.packages.merge import merge_package

        outcome = merge_package(ledger, paths.attachments_dir(), package,
                                add_unit=args.add_unit, dry_run=args.dry_run)
    manifest = outcome.manifest
    print(f"报送单位：{manifest.unit_name}；期间：{manifest.period_name}；"
          f"导出时间：{manifest.created_at.replace('T', ' ')}")
    if outcome.status == "new":
        if outcome.unit_added:
            print(f"  {manifest.unit_name}是新加入名单的单位。")
        if not outcome.changes:
            print("  与上次报送相比没有记录变化。")
        for change in outcome.changes:
            print(f"  {change.label}：新增{change.new}条，修改{change.changed}条，删除{change.removed}条")
    print(outcome.message)
    return 0


def stats_by_unit(period, as_of, *, as_json: bool, open_ledger) -> int:
    """``stats --by-unit``: cli.py parses the period and --as-of as for ``stats``."""
    from chuangcheng_desktop.core.packages.by_unit import by_unit_dict, by_unit_text, unit_figures
    from chuangcheng_desktop.core.packages.units import is_street_ledger

    with open_ledger() as ledger:
        if not is_street_ledger(ledger):
            raise UserFacingError("--by-unit 只能用于街道（镇）台账。如果这是街道的台账，"
                                  "请先 profile --set unit_level=街道。")
        figures = unit_figures(ledger, period, as_of=as_of)
    print(_json(by_unit_dict(figures, period)) if as_json else by_unit_text(figures, period))
    return 0


def _send_tasks(args: argparse.Namespace, open_ledger) -> int:
    from chuangcheng_desktop.core.packages.tasks import send_tasks
    from chuangcheng_desktop.core.packages.units import is_street_ledger, list_units

    out = Path(args.out).expanduser()
    if out.suffix.lower() != ".ccpkg":
        out = out.with_name(out.name + ".ccpkg")
    with open_ledger() as ledger:
        if not is_street_ledger(ledger):
            raise UserFacingError("只有街道（镇）台账能交办问题。")
        unit = next((u for u in list_units(ledger) if args.unit in (u.name, u.id)), None)
        if unit is None:
            names = "、".join(u.name for u in list_units(ledger)) or "（名单为空）"
            raise UserFacingError(f"社区名单中没有“{args.unit}”。名单：{names}")
        ids = []
        for part in (p.strip() for p in args.problems.replace("，", ",").split(",")):
            if not part:
                continue
            found = [row[0] for row in ledger.db.execute(
                "SELECT id FROM problems WHERE deleted_at IS NULL AND id LIKE ?", [part + "%"])]
            if len(found) != 1:
                raise UserFacingError(f"问题编号“{part}”{'找不到' if not found else '对应多个问题'}，"
                                      "请写出更多位。")
            ids.append(found[0])
        result = send_tasks(ledger, paths.attachments_dir(), unit.id, ids, out)
    print(f"交办包已保存：{result.path}（交办给{unit.name}，问题{len(ids)}个，照片{result.photos}张）")
    return 0


def _export_street_ledgers(args: argparse.Namespace, open_ledger) -> int:
    from chuangcheng_desktop.core.packages.units import is_street_ledger
    from chuangcheng_desktop.core.rules.periods import parse_period
    from chuangcheng_desktop.reports.workbook.street_book import export_street_workbook

    period = parse_period(args.period)
    with open_ledger() as ledger:
        if not is_street_ledger(ledger):
            raise UserFacingError("--by-unit 只能用于街道（镇）台账。")
        written = export_street_workbook(ledger, period, args.out, full_id=args.full_id)
    print(f"各社区汇总台账已保存：{written}")
    return 0


def _units(args: argparse.Namespace, open_ledger) -> int:
    from chuangcheng_desktop.core.packages.units import add_planned_unit, is_street_ledger, list_units

    with open_ledger(must_exist=not args.add) as ledger:
        if not is_street_ledger(ledger):
            raise UserFacingError("只有街道（镇）台账有社区名单。如果这是街道的台账，"
                                  "请先 profile --set unit_level=街道。")
        for name in args.add:
            add_planned_unit(ledger, name)
            print(f"已加入名单：{name}")
        units = list_units(ledger)
    if not units:
        print("社区名单为空。导入社区的报送包（import-package --add-unit），或用 --add 加入。")
    for unit in units:
        latest = unit.latest
        when = (f"最近报送：{latest['period_name']}，{latest['created_at'][:10]}导出，"
                f"共{unit.packages}次" if latest else "尚未报送")
        print(f"{unit.name}（{unit.level}）  {when}")
    return 0
