"""The SQL of migration 0014_street_units (schema.py runs it; never edit it once shipped).

- ``units``: on a 街道/镇 ledger, each community (社区/村/单位) that sends packages; ``id`` is
  that community's own ``unit_profile.id``, so a unit keeps its identity when renamed;
- ``unit_packages``: every package imported, the newest per unit being its current data;
  ``store_file`` names the unit's store (``units/<file>``) that package produced;
- ``assignments``: problems of the 街道's own ledger sent down to a unit as a 交办包;
- ``assigned_problems``: on a community ledger, problems that arrived in a 交办包 (街道交办).
"""

STREET_TABLES = """
CREATE TABLE units (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    level TEXT NOT NULL DEFAULT '社区',
    parent TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE unit_packages (
    id TEXT PRIMARY KEY NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units(id),
    period_start TEXT,
    period_end TEXT,
    period_name TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL DEFAULT '',
    app_version TEXT NOT NULL DEFAULT '',
    full_data INTEGER NOT NULL DEFAULT 0,
    counts TEXT NOT NULL DEFAULT '{}',
    changes TEXT NOT NULL DEFAULT '{}',
    store_file TEXT NOT NULL
);
CREATE INDEX unit_packages_unit ON unit_packages(unit_id, imported_at);
CREATE TABLE assignments (
    problem_id TEXT PRIMARY KEY NOT NULL REFERENCES problems(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    sent_at TEXT NOT NULL,
    package_id TEXT NOT NULL
);
CREATE TABLE assigned_problems (
    problem_id TEXT PRIMARY KEY NOT NULL,
    from_unit_id TEXT NOT NULL,
    from_unit_name TEXT NOT NULL DEFAULT '',
    package_id TEXT NOT NULL,
    received_at TEXT NOT NULL
);
"""
