"""The database schema: every table, created and changed only through named migrations.

Each migration is registered once, in order, and never edited after it has
shipped; a schema change is a new migration appended at the end. The set of
migration names is how a database says which version wrote it (see
``database.check_schema_version``).
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from chuangcheng_desktop.core.storage.audit_chain import TRIGGERS, chain_existing_rows
from chuangcheng_desktop.core.storage.clock import RECORD_COLUMNS, local_now_iso, new_id

MIGRATION_SET = "chuangcheng"
migrations = Migrations(MIGRATION_SET)
_KNOWN_NAMES: list[str] = []


def _migration(name: str):
    """Register a named migration (and remember its name for the newer-schema guard)."""
    _KNOWN_NAMES.append(name)
    return migrations(name=name)

_COMMON = RECORD_COLUMNS

_INITIAL_TABLES = f"""
CREATE TABLE unit_profile (
    {_COMMON},
    singleton INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1),
    unit_name TEXT NOT NULL DEFAULT '',
    parent_unit TEXT NOT NULL DEFAULT '',
    resident_population INTEGER NOT NULL DEFAULT 0 CHECK (resident_population >= 0),
    volunteer_target_ratio REAL NOT NULL DEFAULT 0.08
        CHECK (volunteer_target_ratio > 0 AND volunteer_target_ratio <= 1),
    preparer TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT ''
);

CREATE TABLE teams (
    {_COMMON},
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    leader TEXT NOT NULL DEFAULT '',
    leader_phone TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT ''
);

CREATE TABLE volunteers (
    {_COMMON},
    name TEXT NOT NULL,
    gender TEXT NOT NULL CHECK (gender IN ('男', '女')),
    birth_date TEXT NOT NULL,
    id_number TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    political_status TEXT NOT NULL DEFAULT '群众',
    skills TEXT NOT NULL DEFAULT '',
    team_id TEXT REFERENCES teams(id),
    registered_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT '在册' CHECK (status IN ('在册', '退出')),
    exited_on TEXT,
    note TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX volunteers_live_id_number ON volunteers(id_number) WHERE deleted_at IS NULL;
CREATE INDEX volunteers_registered_on ON volunteers(registered_on);
CREATE INDEX volunteers_team ON volunteers(team_id);

CREATE TABLE activities (
    {_COMMON},
    title TEXT NOT NULL,
    category TEXT NOT NULL,
    festival TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL,
    start_time TEXT NOT NULL DEFAULT '',
    end_time TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    organiser TEXT NOT NULL DEFAULT '',
    participant_count INTEGER NOT NULL DEFAULT 0 CHECK (participant_count >= 0),
    content TEXT NOT NULL DEFAULT '',
    measures TEXT NOT NULL DEFAULT '{{}}',
    search_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX activities_date ON activities(date);
CREATE INDEX activities_category_date ON activities(category, date);

CREATE TABLE service_records (
    {_COMMON},
    activity_id TEXT NOT NULL REFERENCES activities(id),
    volunteer_id TEXT NOT NULL REFERENCES volunteers(id),
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    role TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '签到' CHECK (source IN ('签到', '补录')),
    reason TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX service_records_live_pair
    ON service_records(activity_id, volunteer_id) WHERE deleted_at IS NULL;
CREATE INDEX service_records_volunteer ON service_records(volunteer_id);

CREATE TABLE inspections (
    {_COMMON},
    date TEXT NOT NULL,
    source TEXT NOT NULL,
    inspector TEXT NOT NULL DEFAULT '',
    area TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX inspections_date ON inspections(date);

CREATE TABLE problems (
    {_COMMON},
    inspection_id TEXT REFERENCES inspections(id),
    source TEXT NOT NULL,
    found_on TEXT NOT NULL,
    checkpoint TEXT NOT NULL,
    category TEXT NOT NULL,
    description TEXT NOT NULL,
    responsible_unit TEXT NOT NULL DEFAULT '',
    responsible_person TEXT NOT NULL DEFAULT '',
    deadline TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT '待整改'
        CHECK (status IN ('待整改', '整改中', '待复查', '已完成')),
    measures TEXT NOT NULL DEFAULT '',
    completed_on TEXT,
    no_photo_reason TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    CHECK (deadline >= found_on)
);
CREATE INDEX problems_found_on ON problems(found_on);
CREATE INDEX problems_status_deadline ON problems(status, deadline);
CREATE INDEX problems_inspection ON problems(inspection_id);

CREATE TABLE rechecks (
    {_COMMON},
    problem_id TEXT NOT NULL REFERENCES problems(id),
    date TEXT NOT NULL,
    reviewer TEXT NOT NULL DEFAULT '',
    passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
    reason TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rechecks_problem ON rechecks(problem_id);

CREATE TABLE attachments (
    {_COMMON},
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    original_name TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL CHECK (size >= 0),
    taken_on TEXT,
    owner_table TEXT NOT NULL CHECK (owner_table IN ('activities', 'problems')),
    owner_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('现场照片', '整改前', '整改后', '其他')),
    search_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attachments_owner ON attachments(owner_table, owner_id);
CREATE INDEX attachments_sha256 ON attachments(sha256);

CREATE TABLE honours (
    {_COMMON},
    title TEXT NOT NULL,
    level TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT '获评' CHECK (outcome IN ('获评', '提名')),
    recipient_kind TEXT NOT NULL DEFAULT '个人' CHECK (recipient_kind IN ('个人', '集体')),
    recipient TEXT NOT NULL,
    volunteer_id TEXT REFERENCES volunteers(id),
    team_id TEXT REFERENCES teams(id),
    date TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX honours_date ON honours(date);

CREATE TABLE scoring_rules (
    {_COMMON},
    name TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    points_per_problem REAL NOT NULL DEFAULT 0.1 CHECK (points_per_problem >= 0),
    late_multiplier REAL NOT NULL DEFAULT 2 CHECK (late_multiplier >= 1),
    repeat_multiplier REAL NOT NULL DEFAULT 1 CHECK (repeat_multiplier >= 1),
    bonus_items TEXT NOT NULL DEFAULT '{{}}',
    effective_from TEXT NOT NULL DEFAULT '2000-01-01',
    search_text TEXT NOT NULL DEFAULT ''
);

CREATE TABLE report_drafts (
    {_COMMON},
    kind TEXT NOT NULL,
    period TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    answers TEXT NOT NULL DEFAULT '{{}}',
    exported_path TEXT NOT NULL DEFAULT '',
    exported_at TEXT,
    search_text TEXT NOT NULL DEFAULT ''
);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'restore', 'export')),
    actor TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    old TEXT,
    new TEXT
);
CREATE INDEX audit_log_row ON audit_log(table_name, row_id);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
"""


@_migration("0001_initial_tables")
def initial_tables(db: Database) -> None:
    for statement in _split_statements(_INITIAL_TABLES):
        db.execute(statement)
    now = local_now_iso()
    db.execute(
        "INSERT INTO unit_profile (id, created_at, updated_at) VALUES (?, ?, ?)",
        [new_id(), now, now],
    )


@_migration("0002_covering_indexes_for_statistics")
def covering_indexes_for_statistics(db: Database) -> None:
    """Statistics over a street-scale year read these indexes instead of the wide rows."""
    db.execute(
        "CREATE INDEX activities_live_figures ON activities"
        "(date, category, festival, participant_count, id) WHERE deleted_at IS NULL")
    db.execute(
        "CREATE INDEX service_records_live_figures ON service_records"
        "(activity_id, volunteer_id, minutes, source) WHERE deleted_at IS NULL")


@_migration("0003_settings")
def settings_table(db: Database) -> None:
    """Ledger-wide settings (core/settings.py declares each key, its default and rule)."""
    db.execute(
        "CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, "
        "updated_at TEXT NOT NULL)")


SEARCH_INDEXED_TABLES = ("activities", "volunteers", "problems")


@_migration("0004_search_indexes")
def search_indexes(db: Database) -> None:
    """A narrow index of search_text per big table: a search scans it, not the wide rows."""
    for table in SEARCH_INDEXED_TABLES:
        db.execute(f"CREATE INDEX {table}_live_search ON {table}(search_text) "
                   "WHERE deleted_at IS NULL")


_FIGURES_KEPT_BY_TRIGGERS = """
ALTER TABLE service_records ADD COLUMN activity_date TEXT NOT NULL DEFAULT '';
UPDATE service_records SET activity_date = coalesce((SELECT a.date FROM activities a
    WHERE a.id = service_records.activity_id AND a.deleted_at IS NULL), '');
CREATE INDEX service_records_volunteer_figures
    ON service_records(volunteer_id, activity_date, minutes, source) WHERE deleted_at IS NULL;
DROP INDEX service_records_live_figures;
CREATE TRIGGER service_records_activity_date_insert AFTER INSERT ON service_records
BEGIN UPDATE service_records SET activity_date = coalesce((SELECT date FROM activities
    WHERE id = NEW.activity_id AND deleted_at IS NULL), '') WHERE rowid = NEW.rowid; END;
CREATE TRIGGER service_records_activity_date_update AFTER UPDATE OF activity_id ON service_records
BEGIN UPDATE service_records SET activity_date = coalesce((SELECT date FROM activities
    WHERE id = NEW.activity_id AND deleted_at IS NULL), '') WHERE rowid = NEW.rowid; END;
CREATE TRIGGER activities_date_to_service_records AFTER UPDATE OF date, deleted_at ON activities
BEGIN UPDATE service_records SET activity_date = CASE WHEN NEW.deleted_at IS NULL
    THEN NEW.date ELSE '' END WHERE activity_id = NEW.id; END;
CREATE TABLE activity_measures (
    activity_id TEXT NOT NULL,
    date TEXT NOT NULL,
    name TEXT NOT NULL,
    value REAL NOT NULL
);
CREATE INDEX activity_measures_date ON activity_measures(date, name, value);
CREATE INDEX activity_measures_activity ON activity_measures(activity_id);
INSERT INTO activity_measures SELECT a.id, a.date, j.key, j.value
    FROM activities a, json_each(a.measures) j WHERE a.deleted_at IS NULL;
CREATE TRIGGER activities_measures_insert AFTER INSERT ON activities WHEN NEW.deleted_at IS NULL
BEGIN INSERT INTO activity_measures SELECT NEW.id, NEW.date, key, value FROM json_each(NEW.measures); END;
CREATE TRIGGER activities_measures_update AFTER UPDATE OF date, measures, deleted_at ON activities
BEGIN DELETE FROM activity_measures WHERE activity_id = OLD.id;
    INSERT INTO activity_measures SELECT NEW.id, NEW.date, key, value FROM json_each(NEW.measures)
    WHERE NEW.deleted_at IS NULL; END;
CREATE TRIGGER activities_measures_delete AFTER DELETE ON activities
BEGIN DELETE FROM activity_measures WHERE activity_id = OLD.id; END;
"""


@_migration("0007_figures_kept_by_triggers")
def figures_kept_by_triggers(db: Database) -> None:
    """Derived copies that the statistics read, kept exact by triggers inside SQLite.

    - ``service_records.activity_date``: the date of the record's activity, '' while the
      activity is in the recycle bin; so a period's service figures are one index scan
      instead of 365,000 joins on UUID keys at street scale (the join's index from 0002
      is dropped);
    - ``activity_measures``: one row per figure of a live activity's ``measures`` JSON.
    Nothing in Python writes either; the triggers do, in the same transaction.
    """
    for statement in _split_statements(_FIGURES_KEPT_BY_TRIGGERS):
        db.execute(statement)


def _split_statements(script: str) -> list[str]:
    """Split a script on ';' at line ends, keeping trigger bodies (BEGIN … END;) whole."""
    statements: list[str] = []
    current: list[str] = []
    in_trigger = False
    for line in script.strip().splitlines():
        current.append(line)
        stripped = line.strip()
        if stripped.startswith("CREATE TRIGGER"):
            in_trigger = True
        if stripped.endswith(";") and (not in_trigger or stripped.endswith("END;")):
            statements.append("\n".join(current))
            current = []
            in_trigger = False
    if "".join(current).strip():
        statements.append("\n".join(current))
    return statements


def known_migration_names() -> list[str]:
    """Every migration this version of the app knows, in order."""
    return list(_KNOWN_NAMES)


@_migration("0005_rectification_notices")
def rectification_notices(db: Database) -> None:
    """整改通知书 issued (core/notices.py): one row per notice, numbered per year
    ("青松社区创城整改〔2026〕3号"), with the problems it covers (JSON list of ids)."""
    db.execute(f"""CREATE TABLE notices (
    {_COMMON},
    year INTEGER NOT NULL,
    serial INTEGER NOT NULL CHECK (serial >= 1),
    number TEXT NOT NULL,
    responsible_unit TEXT NOT NULL DEFAULT '',
    problem_ids TEXT NOT NULL DEFAULT '[]',
    issued_on TEXT NOT NULL,
    file_name TEXT NOT NULL DEFAULT '',
    UNIQUE (year, serial)
)""")


@_migration("0009_activity_measures_text")
def activity_measures_text(db: Database) -> None:
    """成效数据 as the user typed it (core/rules/measures.py); ``measures`` keeps the figures
    read out of it for statistics. Old rows get their figures written out as text."""
    import json

    from chuangcheng_desktop.core.rules.measures import measures_text

    db.execute("ALTER TABLE activities ADD COLUMN measures_text TEXT NOT NULL DEFAULT ''")
    rows = db.execute("SELECT rowid, measures FROM activities WHERE measures NOT IN ('', '{}')")
    for rowid, figures in rows.fetchall():
        db.execute("UPDATE activities SET measures_text = ? WHERE rowid = ?",
                   [measures_text(json.loads(figures)), rowid])


@_migration("0011_volunteer_service_proofs")
def volunteer_service_proofs(db: Database) -> None:
    """志愿服务 to the national rules (issue 17): service records keep 签到/签退 times, the
    reason for hours over the activity's duration, their row on the 签到表 and a source
    导入; a photo kind 签到表; roster fields 志愿者编号 and 服务类别; each volunteer's
    cumulative minutes and 星级 kept by triggers (thresholds from the settings); and the
    register of 志愿服务记录证明 issued (numbered per year)."""
    from chuangcheng_desktop.core.storage.table_rebuild import rebuild_with
    from chuangcheng_desktop.core.volunteers.schema_sql import VOLUNTEER_SERVICE

    rebuild_with(db, "service_records", "CHECK (source IN ('签到', '补录'))",
                 "CHECK (source IN ('签到', '补录', '导入'))")
    rebuild_with(db, "attachments", "'整改后', '其他')", "'整改后', '其他', '签到表')")
    for statement in _split_statements(VOLUNTEER_SERVICE):
        db.execute(statement)


@_migration("0012_checkpoints")
def checkpoints(db: Database) -> None:
    """点位 register, checklist templates, 测评 runs, 宣传阵地; problems linked to a 点位
    (core/checkpoints/schema_sql.py has the tables and the name-matching of old problems)."""
    from chuangcheng_desktop.core.checkpoints.schema_sql import create_checkpoint_tables

    create_checkpoint_tables(db)


@_migration("0013_notice_details")
def notice_details(db: Database) -> None:
    """What each notice said (JSON) and its kind (整改通知书 / 督办通知 / 问题交办单), so an
    issued notice can be reprinted as an archive copy (core/rules/notices.py)."""
    db.execute("ALTER TABLE notices ADD COLUMN kind TEXT NOT NULL DEFAULT '整改通知书'")
    db.execute("ALTER TABLE notices ADD COLUMN details TEXT NOT NULL DEFAULT '{}'")


@_migration("0014_street_units")
def street_units(db: Database) -> None:
    """街道 consolidation (core/packages/): the unit's level (社区/村/单位/街道/镇); on a 街道
    ledger the communities that send 报送包 and every package received; the problems the
    街道 sent down (交办) and, on a community ledger, those that arrived from above.
    The communities' records themselves live in one store file per unit, not in these tables."""
    from chuangcheng_desktop.core.packages.tables import STREET_TABLES

    db.execute("ALTER TABLE unit_profile ADD COLUMN unit_level TEXT NOT NULL DEFAULT '社区'")
    for statement in _split_statements(STREET_TABLES):
        db.execute(statement)


@_migration("0015_reference_indexes")
def reference_indexes(db: Database) -> None:
    """An index on every reference column that had none (issue 12, fault 15).

    Deleting an activity makes SQLite check ``service_records.activity_id`` for children
    (foreign keys), and the purge and the activity-date trigger look service records up by
    activity: without a plain index each of these scanned every service record, so purging
    200 activities at street scale took 7.8 s. The partial unique index on live pairs
    cannot serve them (it leaves out deleted rows). The start-up purge finds what is in
    the recycle bin through a small partial index per table instead of scanning it.
    """
    db.execute("CREATE INDEX service_records_activity ON service_records(activity_id)")
    db.execute("CREATE INDEX honours_team ON honours(team_id)")
    db.execute("CREATE INDEX honours_volunteer ON honours(volunteer_id)")
    for table in ("teams", "volunteers", "activities", "service_records", "inspections",
                  "problems", "rechecks", "attachments", "honours", "report_drafts"):
        db.execute(f"CREATE INDEX {table}_recycle_bin ON {table}(deleted_at) "
                   "WHERE deleted_at IS NOT NULL")


@_migration("0008_audit_hash_chain")
def audit_hash_chain(db: Database) -> None:
    """Each audit row carries a content digest and a hash chained over the previous row's
    (core/storage/audit_chain.py); INSERT OR REPLACE of an existing row is refused, and the
    only update allowed is the marked redaction of a purged person's personal fields."""
    db.execute("ALTER TABLE audit_log ADD COLUMN digest TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE audit_log ADD COLUMN redacted_at TEXT")
    db.execute("DROP TRIGGER audit_log_no_update")
    chain_existing_rows(db.conn)
    for statement in TRIGGERS:
        db.execute(statement)


@_migration("0010_search_fts")
def search_fts(db: Database) -> None:
    """Speed at street scale (issue 14; SQL in ``search_index``): an FTS5 trigram index of
    ``search_text`` per searched table kept by triggers, covering indexes for the
    statistics, and the activity table's order by title."""
    from chuangcheng_desktop.core.storage.search_index import speed_index_statements

    for statement in speed_index_statements():
        db.execute(statement)


@_migration("0016_monthly_totals")
def monthly_totals(db: Database) -> None:
    """Speed at street scale (issue 14; SQL in ``monthly_totals``): service records,
    activities and measure figures summed per calendar month by triggers, so a period of
    whole months reads thousands of rows instead of hundreds of thousands."""
    from chuangcheng_desktop.core.storage.monthly_totals import monthly_totals_statements

    for statement in monthly_totals_statements():
        db.execute(statement)


@_migration("0018_problem_checkpoints_audited")
def problem_checkpoints_audited(db: Database) -> None:
    """A 点位 first named by a problem is created by the problems repository with its audit
    row (core/checkpoints/problem_links.py), no longer by the link triggers, which now only
    link; the 点位 those triggers (or 0012) made without an audit row get one row listing them."""
    from chuangcheng_desktop.core.checkpoints.problem_links import audit_unaudited_checkpoints
    from chuangcheng_desktop.core.checkpoints.schema_sql import LINK_TRIGGERS

    for statement in LINK_TRIGGERS:
        db.execute(statement)
    audit_unaudited_checkpoints(db)
