"""Monthly totals kept by triggers: what a period's statistics read at street scale.

A year's statistics at street scale grouped 366,000 service records by volunteer, 100,000
activities by day and 140,000 measure rows by day, every time (issue 14: 184–209 ms
against a budget of 150 ms). These three tables hold the same sums per calendar month:

- ``service_month_totals``: per volunteer and month, the live service records of live
  activities (``activity_date`` != ''), how many were 补录, and their minutes;
- ``activity_month_totals``: per month, category and festival, the live activities and
  their participants;
- ``measure_month_totals``: per month and measure name, how many live figures and their sum.

Nothing in Python writes them: the triggers below add a row's share when it becomes
live and take it away when it stops being live or changes, in the same transaction.
Every change goes through an upsert (the share may be taken before it is added when
SQLite fires two AFTER triggers of one statement in either order), so a row may briefly
hold a negative or zero count; readers ignore rows whose count is 0, and the triggers
delete them. The statistics read these tables only for periods of whole months
(``Period.month_span``); any other span reads the records themselves, and a test holds
both ways equal.
"""

from __future__ import annotations

MONTHLY_TOTAL_TABLES = ("service_month_totals", "activity_month_totals", "measure_month_totals")

_SERVICE_SHARE = ("{row}.volunteer_id, substr({row}.activity_date, 1, 7), {sign}, "
                  "{sign} * ({row}.source = '补录'), {sign} * {row}.minutes")
_SERVICE_LIVE = "{row}.deleted_at IS NULL AND {row}.activity_date != ''"
_SERVICE_UPSERT = (
    "INSERT INTO service_month_totals (volunteer_id, month, records, supplementary, minutes) "
    "SELECT " + _SERVICE_SHARE + " WHERE " + _SERVICE_LIVE + " "
    "ON CONFLICT (volunteer_id, month) DO UPDATE SET records = records + excluded.records, "
    "supplementary = supplementary + excluded.supplementary, "
    "minutes = minutes + excluded.minutes;")
_SERVICE_TIDY = ("DELETE FROM service_month_totals WHERE volunteer_id = {row}.volunteer_id "
                 "AND month = substr({row}.activity_date, 1, 7) AND records = 0;")

_ACTIVITY_UPSERT = (
    "INSERT INTO activity_month_totals (month, category, festival, activities, participants) "
    "SELECT substr({row}.date, 1, 7), {row}.category, {row}.festival, {sign}, "
    "{sign} * {row}.participant_count WHERE {row}.deleted_at IS NULL "
    "ON CONFLICT (month, category, festival) DO UPDATE SET "
    "activities = activities + excluded.activities, "
    "participants = participants + excluded.participants;")
_ACTIVITY_TIDY = ("DELETE FROM activity_month_totals WHERE month = substr({row}.date, 1, 7) "
                  "AND category = {row}.category AND festival = {row}.festival "
                  "AND activities = 0;")

_MEASURE_UPSERT = (
    "INSERT INTO measure_month_totals (month, name, entries, total) "
    "SELECT substr({row}.date, 1, 7), {row}.name, {sign}, {sign} * {row}.value WHERE 1 "
    "ON CONFLICT (month, name) DO UPDATE SET entries = entries + excluded.entries, "
    "total = total + excluded.total;")
_MEASURE_TIDY = ("DELETE FROM measure_month_totals WHERE month = substr({row}.date, 1, 7) "
                 "AND name = {row}.name AND entries = 0;")


def _add(template: str, row: str) -> str:
    return template.format(row=row, sign="1")


def _take(template: str, row: str) -> str:
    return template.format(row=row, sign="-1")


def monthly_totals_statements() -> list[str]:
    """The tables, their first fill from the ledger as it is, and the triggers."""
    service_add = _add(_SERVICE_UPSERT, "NEW")
    service_take = _take(_SERVICE_UPSERT, "OLD") + "\n    " + _SERVICE_TIDY.format(row="OLD")
    activity_add = _add(_ACTIVITY_UPSERT, "NEW")
    activity_take = _take(_ACTIVITY_UPSERT, "OLD") + "\n    " + _ACTIVITY_TIDY.format(row="OLD")
    measure_add = _add(_MEASURE_UPSERT, "NEW")
    measure_take = _take(_MEASURE_UPSERT, "OLD") + "\n    " + _MEASURE_TIDY.format(row="OLD")
    return [
        "CREATE TABLE service_month_totals (volunteer_id TEXT NOT NULL, month TEXT NOT NULL, "
        "records INTEGER NOT NULL, supplementary INTEGER NOT NULL, minutes INTEGER NOT NULL, "
        "PRIMARY KEY (volunteer_id, month)) WITHOUT ROWID",
        "CREATE TABLE activity_month_totals (month TEXT NOT NULL, category TEXT NOT NULL, "
        "festival TEXT NOT NULL, activities INTEGER NOT NULL, participants INTEGER NOT NULL, "
        "PRIMARY KEY (month, category, festival)) WITHOUT ROWID",
        "CREATE TABLE measure_month_totals (month TEXT NOT NULL, name TEXT NOT NULL, "
        "entries INTEGER NOT NULL, total REAL NOT NULL, PRIMARY KEY (month, name)) WITHOUT ROWID",
        "INSERT INTO service_month_totals SELECT volunteer_id, substr(activity_date, 1, 7), "
        "count(*), sum(source = '补录'), sum(minutes) FROM service_records "
        "WHERE deleted_at IS NULL AND activity_date != '' GROUP BY 1, 2",
        "INSERT INTO activity_month_totals SELECT substr(date, 1, 7), category, festival, "
        "count(*), sum(participant_count) FROM activities WHERE deleted_at IS NULL "
        "GROUP BY 1, 2, 3",
        "INSERT INTO measure_month_totals SELECT substr(date, 1, 7), name, count(*), sum(value) "
        "FROM activity_measures GROUP BY 1, 2",
        "CREATE TRIGGER service_month_totals_insert AFTER INSERT ON service_records\n"
        f"BEGIN {service_add} END",
        "CREATE TRIGGER service_month_totals_update AFTER UPDATE OF volunteer_id, activity_date, "
        "minutes, source, deleted_at ON service_records\n"
        f"BEGIN {service_take}\n    {service_add} END",
        "CREATE TRIGGER service_month_totals_delete AFTER DELETE ON service_records\n"
        f"BEGIN {service_take} END",
        "CREATE TRIGGER activity_month_totals_insert AFTER INSERT ON activities\n"
        f"BEGIN {activity_add} END",
        "CREATE TRIGGER activity_month_totals_update AFTER UPDATE OF date, category, festival, "
        "participant_count, deleted_at ON activities\n"
        f"BEGIN {activity_take}\n    {activity_add} END",
        "CREATE TRIGGER activity_month_totals_delete AFTER DELETE ON activities\n"
        f"BEGIN {activity_take} END",
        "CREATE TRIGGER measure_month_totals_insert AFTER INSERT ON activity_measures\n"
        f"BEGIN {measure_add} END",
        "CREATE TRIGGER measure_month_totals_update AFTER UPDATE ON activity_measures\n"
        f"BEGIN {measure_take}\n    {measure_add} END",
        "CREATE TRIGGER measure_month_totals_delete AFTER DELETE ON activity_measures\n"
        f"BEGIN {measure_take} END",
    ]
