"""The SQL of migration 0011_volunteer_service_proofs (core/storage/schema.py): service
records' sign-in columns, roster fields, the triggers that keep each volunteer's minutes and
星级, and the register of 志愿服务记录证明."""

from __future__ import annotations

from chuangcheng_desktop.core.storage.clock import RECORD_COLUMNS

_COMMON = RECORD_COLUMNS

# 星级 thresholds in hours when the setting "star_thresholds" is not stored (core/settings.py
# has the same default); volunteers.star_level counts the thresholds reached.
_STAR_LEVEL_SQL = " + ".join(
    f"({{minutes}} >= 60 * coalesce(json_extract((SELECT value FROM settings "
    f"WHERE key = 'star_thresholds'), '$[{index}]'), {hours}))"
    for index, hours in enumerate((100, 300, 600, 1000, 1500)))

# The minutes a service record adds to its volunteer's total: live, in a live activity
# (activity_date is '' while the activity is in the recycle bin, see 0007).
_COUNTED = ("(CASE WHEN {row}.deleted_at IS NULL AND {row}.activity_date != '' "
            "THEN {row}.minutes ELSE 0 END)")

VOLUNTEER_SERVICE = f"""
ALTER TABLE service_records ADD COLUMN sign_in TEXT NOT NULL DEFAULT '';
ALTER TABLE service_records ADD COLUMN sign_out TEXT NOT NULL DEFAULT '';
ALTER TABLE service_records ADD COLUMN cap_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE service_records ADD COLUMN sheet_row INTEGER NOT NULL DEFAULT 0;
ALTER TABLE volunteers ADD COLUMN volunteer_number TEXT NOT NULL DEFAULT '';
ALTER TABLE volunteers ADD COLUMN service_category TEXT NOT NULL DEFAULT '';
ALTER TABLE volunteers ADD COLUMN service_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE volunteers ADD COLUMN star_level INTEGER NOT NULL DEFAULT 0;
CREATE INDEX volunteers_live_star_level ON volunteers(star_level) WHERE deleted_at IS NULL;
CREATE TRIGGER service_records_volunteer_minutes
    AFTER UPDATE OF activity_date, minutes, deleted_at, volunteer_id ON service_records
    WHEN {_COUNTED.format(row="OLD")} != {_COUNTED.format(row="NEW")}
    OR OLD.volunteer_id != NEW.volunteer_id
BEGIN UPDATE volunteers SET service_minutes = service_minutes - {_COUNTED.format(row="OLD")}
    WHERE id = OLD.volunteer_id;
    UPDATE volunteers SET service_minutes = service_minutes + {_COUNTED.format(row="NEW")}
    WHERE id = NEW.volunteer_id; END;
CREATE TRIGGER volunteers_star_level AFTER UPDATE OF service_minutes ON volunteers
    WHEN NEW.service_minutes != OLD.service_minutes
BEGIN UPDATE volunteers SET star_level = {_STAR_LEVEL_SQL.format(minutes="NEW.service_minutes")}
    WHERE rowid = NEW.rowid; END;
CREATE TRIGGER settings_star_thresholds_insert AFTER INSERT ON settings
    WHEN NEW.key = 'star_thresholds'
BEGIN UPDATE volunteers SET star_level = {_STAR_LEVEL_SQL.format(minutes="service_minutes")}; END;
CREATE TRIGGER settings_star_thresholds_update AFTER UPDATE ON settings
    WHEN NEW.key = 'star_thresholds'
BEGIN UPDATE volunteers SET star_level = {_STAR_LEVEL_SQL.format(minutes="service_minutes")}; END;
UPDATE volunteers SET service_minutes = coalesce((SELECT sum(s.minutes)
    FROM service_records s WHERE s.volunteer_id = volunteers.id AND s.deleted_at IS NULL
    AND s.activity_date != ''), 0);
CREATE TABLE proofs (
    {_COMMON},
    year INTEGER NOT NULL,
    serial INTEGER NOT NULL CHECK (serial >= 1),
    number TEXT NOT NULL,
    volunteer_id TEXT NOT NULL REFERENCES volunteers(id),
    volunteer_name TEXT NOT NULL,
    masked_id_number TEXT NOT NULL DEFAULT '',
    period_name TEXT NOT NULL DEFAULT '',
    period_start TEXT NOT NULL DEFAULT '',
    period_end TEXT NOT NULL DEFAULT '',
    minutes INTEGER NOT NULL DEFAULT 0,
    star_level INTEGER NOT NULL DEFAULT 0,
    issued_on TEXT NOT NULL,
    issuer TEXT NOT NULL DEFAULT '',
    handler TEXT NOT NULL DEFAULT '',
    file_name TEXT NOT NULL DEFAULT '',
    UNIQUE (year, serial)
);
CREATE INDEX proofs_volunteer ON proofs(volunteer_id);
"""
