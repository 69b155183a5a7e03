"""Demo of a 街道 ledger with several communities (``demo-data --scale street-units``).

Each community is built as a community demo (its own seed and name) in a temporary
folder, exports a 报送包, and the 街道 ledger imports it, exactly as in real use. The
街道 then finds a few problems in its own inspection, sends them to the first community
as a 交办包; that community rectifies one and reports again, so the 交办 list shows
one closed and the others open.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from chuangcheng_desktop.core.demo import text as demo_text
from chuangcheng_desktop.core.demo.builder import generate_demo_data
from chuangcheng_desktop.core.packages.export import export_package
from chuangcheng_desktop.core.packages.merge import import_package
from chuangcheng_desktop.core.packages.reading import open_package
from chuangcheng_desktop.core.packages.scope import table_columns, travelling_tables
from chuangcheng_desktop.core.packages.tasks import receive_tasks, send_tasks
from chuangcheng_desktop.core.rules.workflow import (
    record_recheck,
    start_rectification,
    submit_for_recheck,
)
from chuangcheng_desktop.core.storage import clock
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger

Progress = Callable[[int, str], None]
MAX_UNITS = len(demo_text.STREET_COMMUNITIES)


def generate_street_units(ledger: Ledger, attachments_dir: Path, *, units: int = 5, seed: int = 1,
                          today: date | None = None, progress: Progress | None = None,
                          ) -> dict[str, int]:
    """Make ``ledger`` (empty) a 街道 ledger holding ``units`` communities' packages."""
    progress = progress or (lambda percent, step: None)
    today = today or clock.today()
    if not 1 <= units <= MAX_UNITS:
        raise UserFacingError(f"社区个数应在1到{MAX_UNITS}之间。")
    if ledger.db.execute("SELECT count(*) FROM units").fetchone()[0] or ledger.problems.count():
        raise UserFacingError("数据文件夹中已有台账记录，演示数据只能写入空的数据文件夹。")
    ledger.update_profile({"unit_name": demo_text.STREET, "parent_unit": demo_text.DISTRICT,
                           "unit_level": "街道", "resident_population": 0})
    names = [f"{name}社区" for name in demo_text.STREET_COMMUNITIES[:units]]
    population = 0
    with tempfile.TemporaryDirectory(prefix="street-units-") as work:
        folders = []
        for index, name in enumerate(names):
            progress(int(80 * index / units), f"正在生成{name}的台账并导入其报送包…")
            folder = Path(work) / f"unit{index}"
            with Ledger.open_in(folder, actor="演示") as community:
                generate_demo_data(community, folder / "attachments", seed=seed + index,
                                   today=today)
                _rename(community, name)
                population += community.profile()["resident_population"]
                package = export_package(community, folder / "attachments",
                                         Path(work) / f"{index}.ccpkg").path
            import_package(ledger, attachments_dir, package, add_unit=True)
            folders.append(folder)
        progress(85, "正在生成街道交办问题…")
        sent = _task_loop(ledger, attachments_dir, folders[0], Path(work), today)
    ledger.update_profile({"resident_population": population})  # the street's: its units'
    progress(100, "演示数据生成完成")
    return {"社区（已导入报送包）": units, "交办问题": sent}


def _rename(community: Ledger, name: str) -> None:
    """The community demo always says 青松社区: make it this community's name."""
    old = demo_text.COMMUNITY
    with community.db.atomic():
        for table in travelling_tables(community.db.conn):
            for column in table_columns(community.db.conn, table):
                if column in ("id", "created_at", "updated_at", "deleted_at"):
                    continue
                community.db.execute(
                    f"UPDATE {table} SET {column} = replace({column}, ?, ?) "
                    f"WHERE typeof({column}) = 'text' AND instr({column}, ?) > 0",
                    [old, name, old])


def _task_loop(ledger: Ledger, attachments_dir: Path, folder: Path, work: Path,
               today: date) -> int:
    first_unit = ledger.db.execute("SELECT id, name FROM units ORDER BY sort_order").fetchone()
    found_on = today - timedelta(days=6)
    inspection = ledger.inspections.add({"date": found_on, "source": "领导督查",
                                         "inspector": "街道创城办", "area": "各社区主次干道"})
    problems = [ledger.problems.add({
        "inspection_id": inspection["id"], "source": "领导督查", "found_on": found_on,
        "checkpoint": checkpoint, "category": category, "description": description,
        "responsible_unit": first_unit[1], "deadline": found_on + timedelta(days=days)})
        for checkpoint, category, description, days in (
            ("农贸市场北门", "环境卫生", "垃圾桶满溢，周边有散落垃圾", 3),
            ("公交站台", "宣传氛围", "公益广告破损褪色", 7),
            ("小区主出入口", "公共秩序", "非机动车乱停放", 3))]
    ids = [p["id"] for p in problems]
    down = send_tasks(ledger, attachments_dir, first_unit[0], ids, work / "交办.ccpkg").path
    with Ledger.open_in(folder, actor="演示") as community:
        with open_package(down) as package:
            receive_tasks(community, folder / "attachments", package)
        start_rectification(community, ids[0])
        submit_for_recheck(community, ids[0], measures="已清运垃圾并增设垃圾桶",
                           no_photo_reason="演示数据")
        record_recheck(community, ids[0], day=min(today, found_on + timedelta(days=2)),
                       reviewer="社区主任", passed=True)
        package = export_package(community, folder / "attachments", work / "again.ccpkg").path
    import_package(ledger, attachments_dir, package)
    return len(ids)
