"""Emptying the recycle bin: old deletions purged with their dependants, FKs intact, audited."""

from __future__ import annotations

from datetime import datetime, timedelta

from chuangcheng_desktop.core.safety.recycle import purge_recycle_bin
from chuangcheng_desktop.core.storage.audit import list_audit
from chuangcheng_desktop.core.storage.settings import set_setting
from tests.conftest import ID_MALE_1990, sample

LATER = datetime.now() + timedelta(days=31)


def _activity_with_service(ledger, volunteer_id, title="清扫楼道"):
    activity = ledger.activities.add(sample("activities", title=title))
    ledger.service_records.add({"activity_id": activity["id"], "volunteer_id": volunteer_id,
                                "minutes": 120})
    ledger.attachments.add({"sha256": "a" * 64, "size": 5, "owner_table": "activities",
                            "owner_id": activity["id"], "role": "现场照片"})
    return activity


def _fk_ok(ledger):
    return ledger.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_nothing_recent_is_purged(ledger):
    volunteer = ledger.volunteers.add(sample("volunteers"))
    activity = _activity_with_service(ledger, volunteer["id"])
    ledger.activities.soft_delete(activity["id"])
    result = purge_recycle_bin(ledger.db)
    assert result.total == 0
    assert ledger.activities.count() == 0
    assert ledger.activities.get(activity["id"], include_deleted=True)["deleted_at"]


def test_old_activity_goes_with_its_service_records_and_photos(ledger):
    volunteer = ledger.volunteers.add(sample("volunteers"))
    kept = _activity_with_service(ledger, volunteer["id"], title="留下的活动")
    gone = _activity_with_service(ledger, volunteer["id"], title="删除的活动")
    ledger.activities.soft_delete(gone["id"])
    result = purge_recycle_bin(ledger.db, now=LATER)
    assert result.deleted == {"activities": 1, "service_records": 1, "attachments": 1}
    assert _fk_ok(ledger)
    assert [r["title"] for r in ledger.activities.list()] == ["留下的活动"]
    assert ledger.activities.count(_bin()) == 0
    assert ledger.service_records.count() == 1
    assert ledger.attachments.list()[0]["owner_id"] == kept["id"]
    purged = list_audit(ledger.db, table="activities", row_id=gone["id"])[0]
    assert purged["action"] == "delete" and purged["old"]["title"] == "删除的活动"
    assert "回收站保留30天" in purged["new"]["note"]
    cascaded = list_audit(ledger.db, table="service_records")[0]
    assert cascaded["action"] == "delete" and "随之删除" in cascaded["new"]["note"]


def test_old_team_is_purged_and_live_volunteers_keep_living(ledger):
    team = ledger.teams.add(sample("teams"))
    volunteer = ledger.volunteers.add(sample("volunteers", team_id=team["id"]))
    honour = ledger.honours.add(sample("honours", team_id=team["id"], recipient_kind="集体",
                                       recipient="青松环保志愿服务队"))
    ledger.teams.soft_delete(team["id"])
    result = purge_recycle_bin(ledger.db, now=LATER)
    assert result.deleted == {"teams": 1} and result.cleared == 2
    assert _fk_ok(ledger)
    assert ledger.volunteers.get(volunteer["id"])["team_id"] is None
    assert ledger.honours.get(honour["id"])["team_id"] is None
    cleared = list_audit(ledger.db, table="volunteers", row_id=volunteer["id"])[0]
    assert cleared["old"] == {"team_id": team["id"]} and cleared["new"]["team_id"] is None


def test_old_volunteer_takes_their_service_records_and_problems_their_rechecks(ledger):
    volunteer = ledger.volunteers.add(sample("volunteers", id_number=ID_MALE_1990, name="张伟",
                                             gender="男"))
    activity = _activity_with_service(ledger, volunteer["id"])
    inspection = ledger.inspections.add(sample("inspections"))
    problem = ledger.problems.add(sample("problems", inspection_id=inspection["id"]))
    ledger.rechecks.add({"problem_id": problem["id"], "date": "2026-04-06", "passed": "否",
                         "reason": "仍有垃圾"})
    ledger.volunteers.soft_delete(volunteer["id"])
    ledger.problems.soft_delete(problem["id"])
    ledger.inspections.soft_delete(inspection["id"])
    result = purge_recycle_bin(ledger.db, now=LATER)
    assert result.deleted == {"volunteers": 1, "service_records": 1, "problems": 1,
                              "rechecks": 1, "inspections": 1}
    assert _fk_ok(ledger)
    assert ledger.activities.get(activity["id"])  # the activity itself stays
    assert ledger.service_records.count() == 0


def test_the_kept_days_come_from_the_setting(ledger):
    activity = ledger.activities.add(sample("activities"))
    ledger.activities.soft_delete(activity["id"])
    set_setting(ledger.db, "recycle_bin_days", 60, actor="甲")
    assert purge_recycle_bin(ledger.db, now=LATER).total == 0
    assert purge_recycle_bin(ledger.db, now=LATER + timedelta(days=30)).total == 1


def _bin():
    from chuangcheng_desktop.core.storage.repository import ListQuery

    return ListQuery(in_recycle_bin=True)
