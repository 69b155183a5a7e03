"""A 街道's unit stores go into its backups and come back with a restore."""

from __future__ import annotations

import shutil

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.packages.by_unit import unit_figures
from chuangcheng_desktop.core.packages.export import export_package
from chuangcheng_desktop.core.packages.merge import import_package
from chuangcheng_desktop.core.packages.units import STORE_FOLDER, stores_dir
from chuangcheng_desktop.core.rules.periods import parse_period
from chuangcheng_desktop.core.safety.backup import UNIT_STORES, backup_database, restore_backup
from chuangcheng_desktop.core.storage.ledger import Ledger
from tests.core.packages.helpers import community, street


def test_unit_stores_are_backed_up_and_restored(tmp_path):
    assert UNIT_STORES == STORE_FOLDER
    with community(tmp_path / "qingsong") as qingsong:
        package = export_package(qingsong, paths.attachments_dir(qingsong.path.parent),
                                 tmp_path / "a.ccpkg").path
    with street(tmp_path / "street") as town:
        import_package(town, paths.attachments_dir(town.path.parent), package, add_unit=True)
        database, stores = town.path, stores_dir(town)
    info = backup_database(database, tmp_path / "backups")
    assert [p.name for p in (tmp_path / "backups" / "units").iterdir()] == \
        [p.name for p in stores.iterdir()]
    shutil.rmtree(stores)
    restore_backup(info.path, database, tmp_path / "backups")
    with Ledger.open(database) as town:
        [figures] = unit_figures(town, parse_period("2026"))
        assert figures.statistics is not None and figures.statistics.activities.total == 2
