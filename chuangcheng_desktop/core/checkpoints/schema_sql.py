"""The tables of migration 0012_checkpoints (called from core/storage/schema.py).

- ``checkpoint_types``: each 点位 type and how often it should be checked;
- ``checkpoints``: the 点位 register; problems gain ``checkpoint_id`` (kept by triggers from
  the free-text ``checkpoint``: the live 点位 of that name; since migration 0018 a new 点位
  of type 其他 is made, and audited, by the problems repository: problem_links.py);
- ``checklist_templates`` / ``checklist_items``: one row per template *version*; items of a
  version never change (an edit makes a new version), ``item_key`` follows an item across
  versions, ``retired`` items are kept so old results read as they were;
- ``inspection_runs`` / ``run_results``: one 实地测评/自查 and its per-item outcomes;
- ``checkpoint_photos``: photos of a 点位, a run, or one result (files in the attachment store);
- ``publicity_sites``: 宣传阵地 on a 点位 (公益广告, 宣传栏, 横幅标语, LED屏).
"""

from __future__ import annotations

from sqlite_utils import Database

from chuangcheng_desktop.core.storage.clock import RECORD_COLUMNS, local_now_iso, new_id

_COMMON = RECORD_COLUMNS

# A UUID-shaped id made inside SQLite (for 点位 the problem triggers created until 0018).
_SQL_UUID = ("lower(substr(hex(b), 1, 8) || '-' || substr(hex(b), 9, 4) || '-4' || "
             "substr(hex(b), 14, 3) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || "
             "substr(hex(b), 18, 3) || '-' || substr(hex(b), 21, 12))")

TABLES = [
    """CREATE TABLE checkpoint_types (
    name TEXT PRIMARY KEY NOT NULL,
    frequency_days INTEGER NOT NULL DEFAULT 30 CHECK (frequency_days BETWEEN 1 AND 366),
    position INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
)""",
    f"""CREATE TABLE checkpoints (
    {_COMMON},
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    sponsor_unit TEXT NOT NULL DEFAULT '',
    contact_person TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    note TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT ''
)""",
    "CREATE UNIQUE INDEX checkpoints_live_name ON checkpoints(name) WHERE deleted_at IS NULL",
    "CREATE INDEX checkpoints_type ON checkpoints(type)",
    f"""CREATE TABLE checklist_templates (
    {_COMMON},
    checkpoint_type TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (checkpoint_type, version)
)""",
    f"""CREATE TABLE checklist_items (
    {_COMMON},
    template_id TEXT NOT NULL REFERENCES checklist_templates(id),
    item_key TEXT NOT NULL,
    position INTEGER NOT NULL,
    theme TEXT NOT NULL,
    requirement TEXT NOT NULL,
    weight REAL NOT NULL CHECK (weight > 0),
    retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    UNIQUE (template_id, item_key)
)""",
    "CREATE INDEX checklist_items_template ON checklist_items(template_id, position)",
    "CREATE INDEX checklist_items_key ON checklist_items(item_key, created_at)",
    f"""CREATE TABLE inspection_runs (
    {_COMMON},
    checkpoint_id TEXT NOT NULL REFERENCES checkpoints(id),
    template_id TEXT NOT NULL REFERENCES checklist_templates(id),
    date TEXT NOT NULL,
    inspector TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '自查',
    kind TEXT NOT NULL DEFAULT '例行' CHECK (kind IN ('例行', '回头看')),
    route TEXT NOT NULL DEFAULT '',
    inspection_id TEXT REFERENCES inspections(id) ON DELETE SET NULL,
    passed_weight REAL NOT NULL DEFAULT 0,
    applicable_weight REAL NOT NULL DEFAULT 0,
    rate REAL,
    failed INTEGER NOT NULL DEFAULT 0,
    raised INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT ''
)""",
    "CREATE INDEX inspection_runs_checkpoint ON inspection_runs(checkpoint_id, date)",
    "CREATE INDEX inspection_runs_date ON inspection_runs(date)",
    """CREATE TABLE run_results (
    id TEXT PRIMARY KEY NOT NULL,
    run_id TEXT NOT NULL REFERENCES inspection_runs(id),
    item_id TEXT NOT NULL REFERENCES checklist_items(id),
    outcome TEXT NOT NULL CHECK (outcome IN ('合格', '不合格', '不适用')),
    note TEXT NOT NULL DEFAULT '',
    problem_id TEXT REFERENCES problems(id) ON DELETE SET NULL,
    UNIQUE (run_id, item_id)
)""",
    "CREATE INDEX run_results_item ON run_results(item_id, outcome)",
    # covering: the period's most failed items are counted from the failed results alone
    "CREATE INDEX run_results_failed ON run_results(outcome, run_id, item_id)",
    "CREATE INDEX run_results_problem ON run_results(problem_id)",
    f"""CREATE TABLE checkpoint_photos (
    {_COMMON},
    checkpoint_id TEXT NOT NULL REFERENCES checkpoints(id),
    run_id TEXT REFERENCES inspection_runs(id),
    result_id TEXT REFERENCES run_results(id),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    original_name TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL DEFAULT 0,
    taken_on TEXT,
    caption TEXT NOT NULL DEFAULT ''
)""",
    "CREATE INDEX checkpoint_photos_owner ON checkpoint_photos(checkpoint_id, run_id)",
    f"""CREATE TABLE publicity_sites (
    {_COMMON},
    checkpoint_id TEXT NOT NULL REFERENCES checkpoints(id),
    kind TEXT NOT NULL CHECK (kind IN ('公益广告', '宣传栏', '横幅标语', 'LED屏')),
    description TEXT NOT NULL DEFAULT '',
    quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity >= 1),
    placed_on TEXT NOT NULL,
    removed_on TEXT,
    content_changed_on TEXT,
    search_text TEXT NOT NULL DEFAULT ''
)""",
    "CREATE INDEX publicity_sites_checkpoint ON publicity_sites(checkpoint_id)",
    "ALTER TABLE problems ADD COLUMN checkpoint_id TEXT REFERENCES checkpoints(id)",
    "CREATE INDEX problems_checkpoint_id ON problems(checkpoint_id, status, deadline)",
]

# Every problem names its 点位 in ``checkpoint`` (free text, as typed or imported); these keep
# ``checkpoint_id`` pointing at the live 点位 of that name, creating one of type 其他 if needed
# (migration 0012; replaced by LINK_TRIGGERS in 0018, which only link: see problem_links.py).
_LINK = f"""
    INSERT INTO checkpoints (id, created_at, updated_at, name, type, search_text)
        SELECT (SELECT {_SQL_UUID} FROM (SELECT randomblob(16) AS b)),
               strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'),
               strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'),
               trim(NEW.checkpoint), '其他', lower(trim(NEW.checkpoint))
        WHERE NOT EXISTS (SELECT 1 FROM checkpoints
                          WHERE name = trim(NEW.checkpoint) AND deleted_at IS NULL);
    UPDATE problems SET checkpoint_id = (SELECT id FROM checkpoints
        WHERE name = trim(NEW.checkpoint) AND deleted_at IS NULL) WHERE rowid = NEW.rowid;
"""
TRIGGERS = [
    f"CREATE TRIGGER problems_checkpoint_link_insert AFTER INSERT ON problems "
    f"WHEN trim(NEW.checkpoint) != '' BEGIN {_LINK} END",
    f"CREATE TRIGGER problems_checkpoint_link_update AFTER UPDATE OF checkpoint ON problems "
    f"WHEN trim(NEW.checkpoint) != '' BEGIN {_LINK} END",
]

# From migration 0018: the triggers only link; a 点位 a problem names is created (and audited)
# by the problems repository first (core/checkpoints/problem_links.py). A problem written
# around the repository that names an unknown 点位 stays unlinked (checkpoint_id NULL).
_LINK_ONLY = """
    UPDATE problems SET checkpoint_id = (SELECT id FROM checkpoints
        WHERE name = trim(NEW.checkpoint) AND deleted_at IS NULL) WHERE rowid = NEW.rowid;
"""
LINK_TRIGGERS = [
    "DROP TRIGGER problems_checkpoint_link_insert",
    "DROP TRIGGER problems_checkpoint_link_update",
    f"CREATE TRIGGER problems_checkpoint_link_insert AFTER INSERT ON problems "
    f"WHEN trim(NEW.checkpoint) != '' BEGIN {_LINK_ONLY} END",
    f"CREATE TRIGGER problems_checkpoint_link_update AFTER UPDATE OF checkpoint ON problems "
    f"WHEN trim(NEW.checkpoint) != '' BEGIN {_LINK_ONLY} END",
]

DEFAULT_TYPES: tuple[tuple[str, int], ...] = (
    ("农贸市场", 7), ("背街小巷", 14), ("居民小区", 30), ("公共厕所", 7), ("主次干道", 14),
    ("公园广场", 14), ("学校周边", 30), ("新时代文明实践站", 30), ("医院", 30),
    ("公交站点", 14), ("商业街区", 14), ("政务服务大厅", 30), ("建筑工地", 14), ("其他", 30),
)


def create_checkpoint_tables(db: Database) -> None:
    """Create the tables, then give every existing problem its 点位 (matched by name; the
    names not yet in the register become 点位 of type 其他 — no problem loses its place)."""
    for statement in TABLES:
        db.execute(statement)
    now = local_now_iso()
    for position, (name, days) in enumerate(DEFAULT_TYPES):
        db.execute("INSERT INTO checkpoint_types (name, frequency_days, position, updated_at) "
                   "VALUES (?, ?, ?, ?)", [name, days, position, now])
    names = [row[0] for row in db.execute(
        "SELECT trim(checkpoint) FROM problems WHERE trim(checkpoint) != '' "
        "GROUP BY trim(checkpoint) ORDER BY min(found_on), trim(checkpoint)")]
    for name in names:
        db.execute("INSERT INTO checkpoints (id, created_at, updated_at, name, type, search_text) "
                   "VALUES (?, ?, ?, ?, '其他', ?)", [new_id(), now, now, name, name.lower()])
    db.execute("UPDATE problems SET checkpoint_id = (SELECT c.id FROM checkpoints c "
               "WHERE c.name = trim(problems.checkpoint))")
    for statement in TRIGGERS:
        db.execute(statement)
