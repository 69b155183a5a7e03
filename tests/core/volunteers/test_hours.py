"""Hours from the record: typed as hours, derived from 签到/签退, capped by the activity."""

from __future__ import annotations

import pytest

from chuangcheng_desktop.core.rules.validation import InvalidValue
from chuangcheng_desktop.core.storage import queries
from chuangcheng_desktop.core.storage.errors import ValidationError
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.core.volunteers.attendance import (
    AttendanceEntry,
    AttendancePlan,
    apply_attendance,
    current_plan,
)
from chuangcheng_desktop.core.volunteers.hours import parse_service_hours, service_minutes
from tests.conftest import ID_FEMALE_1985, ID_MALE_1990, sample

ACTIVITY = {"start_time": "09:00", "end_time": "11:00"}  # 120 minutes


@pytest.mark.parametrize(("typed", "minutes"), [
    (2, 120), (2.5, 150), ("2", 120), ("2.5", 150), ("2小时", 120), ("90分钟", 90),
    ("1小时30分钟", 90), ("1.5h", 90), ("半小时", 30), ("２小时", 120)])
def test_hours_are_typed_as_hours(typed, minutes):
    assert parse_service_hours(typed) == minutes


@pytest.mark.parametrize("typed", ["很久", "0", "25", "-1", ""])
def test_impossible_hours_are_refused_in_chinese(typed):
    with pytest.raises(InvalidValue, match=r"服务时长|1分钟到24小时|不能为空"):
        parse_service_hours(typed)


def test_minutes_come_from_the_times_and_are_capped_by_the_activity():
    assert service_minutes(ACTIVITY, sign_in="09:10", sign_out="10:40").minutes == 90
    capped = service_minutes(ACTIVITY, sign_in="08:30", sign_out="11:30")
    assert (capped.minutes, capped.capped) == (120, True)
    kept = service_minutes(ACTIVITY, sign_in="08:30", sign_out="11:30", cap_reason="提前布置场地")
    assert (kept.minutes, kept.over) == (180, True)
    assert service_minutes(ACTIVITY, minutes=240).minutes == 120  # typed hours too
    assert service_minutes({}, minutes=240).minutes == 240  # no duration: nothing to cap by
    assert service_minutes(ACTIVITY).minutes == 120  # the activity's own duration


def test_a_record_derives_minutes_from_sign_in_and_out(ledger):
    volunteer = ledger.volunteers.add(sample("volunteers"))
    activity = ledger.activities.add(sample("activities"))
    record = ledger.service_records.add({"activity_id": activity["id"],
                                         "volunteer_id": volunteer["id"],
                                         "sign_in": "8:40", "sign_out": "11:10"})
    assert (record["minutes"], record["sign_in"], record["sign_out"]) == (150, "08:40", "11:10")
    with pytest.raises(ValidationError, match="签退时间：不晚于签到时间"):
        ledger.service_records.update(record["id"], {"sign_out": "08:00"})
    with pytest.raises(ValidationError, match="超过了签到到签退的时间"):
        ledger.service_records.update(record["id"], {"minutes": 200})
    with pytest.raises(ValidationError, match="服务时长：不能为空"):
        ledger.service_records.add({"activity_id": activity["id"],
                                    "volunteer_id": volunteer["id"], "sign_in": "8:40"})


def test_import_is_its_own_source_and_sign_in_sheets_are_a_photo_kind(ledger):
    volunteer = ledger.volunteers.add(sample("volunteers"))
    activity = ledger.activities.add(sample("activities"))
    record = ledger.service_records.add({"activity_id": activity["id"],
                                         "volunteer_id": volunteer["id"], "minutes": 60,
                                         "source": "导入"})
    assert record["source"] == "导入"
    photo = ledger.attachments.add({"sha256": "a" * 64, "size": 1, "owner_table": "activities",
                                    "owner_id": activity["id"], "role": "签到表"})
    assert photo["role"] == "签到表"
    # the rebuilt tables kept their indexes and triggers
    names = {row[0] for row in ledger.db.execute("SELECT name FROM sqlite_master")}
    assert {"service_records_live_pair", "service_records_volunteer_figures",
            "attachments_owner", "service_records_activity_date_insert",
            "activities_date_to_service_records"} <= names
    assert ledger.db.execute("SELECT activity_date FROM service_records").fetchone()[0] == \
        "2026-03-05"


def test_attendance_is_applied_in_sheet_order_and_capped(ledger):
    first = ledger.volunteers.add(sample("volunteers", name="李秀英", id_number=ID_FEMALE_1985))
    second = ledger.volunteers.add(sample("volunteers", name="王强", id_number=ID_MALE_1990))
    activity = ledger.activities.add(sample("activities", start_time="9:00", end_time="11:00"))
    plan = AttendancePlan([
        AttendanceEntry(second["id"], "王强", sign_in="08:30", sign_out="11:30"),
        AttendanceEntry(first["id"], "李秀英", minutes=90)])
    apply_attendance(ledger, activity, plan)
    rows = queries.activity_attendance(ledger.db, activity["id"])
    assert [(r["name"], r["minutes"], r["sheet_row"]) for r in rows] == [
        ("王强", 120, 1), ("李秀英", 90, 2)]
    again = current_plan(ledger, activity["id"])
    again.entries[0].cap_reason = "提前到场布置"
    del again.entries[1]
    apply_attendance(ledger, activity, again)
    rows = queries.activity_attendance(ledger.db, activity["id"])
    assert [(r["name"], r["minutes"], r["cap_reason"]) for r in rows] == [
        ("王强", 180, "提前到场布置")]
    assert ledger.service_records.count(ListQuery(in_recycle_bin=True)) == 1


def test_a_bad_row_names_its_row_and_volunteer_and_nothing_is_saved(ledger):
    volunteer = ledger.volunteers.add(sample("volunteers"))
    activity = ledger.activities.add(sample("activities"))
    plan = AttendancePlan([AttendanceEntry(volunteer["id"], "李秀英", minutes=60)],
                          source="补录", reason="")
    with pytest.raises(ValidationError, match="第1行（李秀英）：补录原因"):
        apply_attendance(ledger, activity, plan)
    assert queries.activity_attendance(ledger.db, activity["id"]) == []


def test_an_older_ledger_is_migrated_with_its_service_kept(tmp_path):
    """A ledger written before 0011 (records, an attachment, 补录) opens with everything kept
    and the volunteers' totals filled in."""
    import sqlite3

    from sqlite_utils import Database

    from chuangcheng_desktop.core.storage.ledger import Ledger
    from chuangcheng_desktop.core.storage.schema import migrations

    path = tmp_path / "old2.db"
    db = Database(sqlite3.connect(str(path)))
    migrations.apply(db, stop_before="0011_volunteer_service_proofs")
    now = "2026-03-05T09:00:00"
    db.execute("INSERT INTO volunteers (id, created_at, updated_at, name, gender, birth_date, "
               "id_number, registered_on) VALUES ('v1', ?, ?, '李秀英', '女', '1985-06-12', ?, "
               "'2026-01-10')", [now, now, ID_FEMALE_1985])
    db.execute("INSERT INTO activities (id, created_at, updated_at, title, category, date) "
               "VALUES ('a1', ?, ?, '文明交通劝导', '志愿服务', '2026-03-05')", [now, now])
    db.execute("INSERT INTO service_records (id, created_at, updated_at, activity_id, "
               "volunteer_id, minutes, source, reason) VALUES ('s1', ?, ?, 'a1', 'v1', 150, "
               "'补录', '签到表遗失')", [now, now])
    db.execute("INSERT INTO attachments (id, created_at, updated_at, sha256, size, owner_table, "
               "owner_id, role) VALUES ('p1', ?, ?, ?, 1, 'activities', 'a1', '现场照片')",
               [now, now, "b" * 64])
    db.conn.commit()
    db.close()
    with Ledger.open(path, actor="新版") as ledger:
        record = ledger.service_records.get("s1")
        assert (record["minutes"], record["source"], record["reason"], record["sign_in"]) == (
            150, "补录", "签到表遗失", "")
        assert ledger.attachments.get("p1")["role"] == "现场照片"
        volunteer = ledger.volunteers.get("v1")
        assert (volunteer["service_minutes"], volunteer["star_level"]) == (150, 0)
        assert ledger.db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert ledger.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
