"""The 交办 loop end to end between two data folders: 街道 → community → rectified → back up."""

from __future__ import annotations

import pytest

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.packages.export import export_package
from chuangcheng_desktop.core.packages.merge import import_package
from chuangcheng_desktop.core.packages.reading import PackageError, open_package
from chuangcheng_desktop.core.packages.tasks import (
    assigned_problem_ids,
    assignment_status,
    receive_tasks,
    send_tasks,
)
from chuangcheng_desktop.core.rules.periods import parse_period
from chuangcheng_desktop.core.rules.workflow import (
    record_recheck,
    start_rectification,
    submit_for_recheck,
)
from chuangcheng_desktop.core.storage.attachments import attach_file
from chuangcheng_desktop.core.storage.repository import ListQuery
from tests.conftest import sample
from tests.core.packages.helpers import community, photo, street


def _folder(ledger):
    return paths.attachments_dir(ledger.path.parent)


def test_tasks_go_down_and_their_status_comes_back_up(tmp_path):
    with community(tmp_path / "qingsong") as qingsong, street(tmp_path / "street") as town:
        import_package(town, _folder(town), export_package(
            qingsong, _folder(qingsong), tmp_path / "first.ccpkg").path, add_unit=True)
        unit_id = qingsong.profile()["id"]
        found = town.problems.add(sample("problems", found_on="2026-10-09", deadline="2026-10-12",
                                         description="青松路垃圾堆放", responsible_unit="青松社区"))
        attach_file(town, _folder(town), photo(tmp_path / "in", "before.png", 30),
                    owner_table="problems", owner_id=found["id"], role="整改前")
        down = send_tasks(town, _folder(town), unit_id, [found["id"]], tmp_path / "交办.ccpkg")
        assert down.photos == 1
        [status] = assignment_status(town)
        assert status.status == "未回传" and status.unit_name == "青松社区"

        with open_package(down.path) as package:
            received = receive_tasks(qingsong, _folder(qingsong), package)
        assert received.added == 1 and "街道交办" in received.message
        mine = qingsong.problems.get(found["id"])
        assert (mine["source"], mine["deadline"], mine["status"]) == ("上级巡查", "2026-10-12", "待整改")
        assert found["id"] in assigned_problem_ids(qingsong)
        assert qingsong.attachments.count() == 2  # its own photo and the 街道's 整改前 photo
        with open_package(down.path) as package:  # twice: nothing new
            assert receive_tasks(qingsong, _folder(qingsong), package).added == 0

        start_rectification(qingsong, found["id"])
        attach_file(qingsong, _folder(qingsong), photo(tmp_path / "in", "after.png", 200),
                    owner_table="problems", owner_id=found["id"], role="整改后")
        submit_for_recheck(qingsong, found["id"], measures="已清运")
        record_recheck(qingsong, found["id"], day="2026-10-11", reviewer="王", passed=True)
        # the next package covers another period, and still carries the 交办 problem
        up = export_package(qingsong, _folder(qingsong), tmp_path / "q1.ccpkg",
                            period=parse_period("2026Q1"))
        outcome = import_package(town, _folder(town), up.path)
        assert outcome.tasks_updated == 1 and "1个交办问题的整改情况已更新" in outcome.message
        [status] = assignment_status(town)
        assert (status.status, status.completed_on, status.after_photos) == (
            "已完成", "2026-10-11", 1)
        # the 街道's own record is closed too, with the community's measures and photo
        own = town.problems.get(found["id"])
        assert (own["status"], own["completed_on"], own["measures"]) == (
            "已完成", "2026-10-11", "已清运")
        roles = sorted(a["role"] for a in town.attachments.list(ListQuery(
            filters={"owner_table": "problems", "owner_id": found["id"]})))
        assert roles == ["整改前", "整改后"]


def test_a_task_package_for_another_unit_is_refused(tmp_path):
    with community(tmp_path / "qingsong") as qingsong, street(tmp_path / "street") as town, \
            community(tmp_path / "hongxing", "红星社区") as hongxing:
        import_package(town, _folder(town), export_package(
            qingsong, _folder(qingsong), tmp_path / "a.ccpkg").path, add_unit=True)
        found = town.problems.add(sample("problems"))
        down = send_tasks(town, _folder(town), qingsong.profile()["id"], [found["id"]],
                          tmp_path / "t.ccpkg")
        before = hongxing.problems.count()
        with open_package(down.path) as package, pytest.raises(PackageError, match="不是发给本单位"):
            receive_tasks(hongxing, _folder(hongxing), package)
        assert hongxing.problems.count() == before
