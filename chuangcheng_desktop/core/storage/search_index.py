"""Indexes for speed at street scale, created by migration ``0010_search_fts``.

- Search: one contentless FTS5 trigram index per searched table over its ``search_text``
  followed by two newlines, kept exact by triggers inside SQLite, and an ``fts5vocab``
  view of its trigrams. A word of 3+ characters is a phrase query. A word of 1–2
  characters is found through the trigrams that start with it (the two newlines give
  every character two followers, so each occurrence starts some trigram): the vocabulary
  says how many rows those hold, and when they are few, they are the candidates. The
  repository re-checks every candidate with the same ``instr`` test, so the results are
  exactly the substring matches they always were; for a common word it keeps walking the
  table's own order, which finds a page fastest.
- Statistics: covering indexes so each figure reads a narrow index instead of wide rows
  (problems, the volunteer roll, supplementary service records).
- The activity table sorted by 活动名称: an index in (title, rowid) order over live rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

FTS_TABLES = ("activities", "volunteers", "problems")
TRIGRAM = 3  # FTS5's trigram tokenizer finds substrings of at least 3 characters

_FTS_TABLE = (
    "CREATE VIRTUAL TABLE {t}_fts USING fts5(search_text, content='', tokenize='trigram')",
    "CREATE VIRTUAL TABLE {t}_fts_terms USING fts5vocab({t}_fts, 'row')",
)
_FTS_FILL = (
    "INSERT INTO {t}_fts(rowid, search_text) SELECT rowid, search_text || char(10, 10) FROM {t}",
)
_FTS_TRIGGERS = (
    """CREATE TRIGGER {t}_fts_insert AFTER INSERT ON {t}
BEGIN INSERT INTO {t}_fts(rowid, search_text)
    VALUES (NEW.rowid, NEW.search_text || char(10, 10)); END""",
    """CREATE TRIGGER {t}_fts_delete AFTER DELETE ON {t}
BEGIN INSERT INTO {t}_fts({t}_fts, rowid, search_text)
    VALUES ('delete', OLD.rowid, OLD.search_text || char(10, 10)); END""",
    """CREATE TRIGGER {t}_fts_update AFTER UPDATE OF search_text ON {t}
BEGIN INSERT INTO {t}_fts({t}_fts, rowid, search_text)
    VALUES ('delete', OLD.rowid, OLD.search_text || char(10, 10));
    INSERT INTO {t}_fts(rowid, search_text) VALUES (NEW.rowid, NEW.search_text || char(10, 10));
END""",
)

_SPEED_INDEXES = (
    "CREATE INDEX problems_live_figures ON problems(found_on, source, checkpoint, category, "
    "deadline, status, completed_on, responsible_unit) WHERE deleted_at IS NULL",
    "CREATE INDEX volunteers_live_figures ON volunteers(political_status, registered_on, "
    "exited_on) WHERE deleted_at IS NULL",
    "CREATE INDEX service_records_live_source ON service_records(source, activity_date, "
    "volunteer_id) WHERE deleted_at IS NULL",
    "CREATE INDEX activities_live_title ON activities(title) WHERE deleted_at IS NULL",
)


def fts_phrase(terms: list[str], joiner: str = " AND ") -> str:
    """An FTS5 query matching rows that contain every term (or any, with " OR ")."""
    return joiner.join('"' + term.replace('"', '""') + '"' for term in terms)


def short_term_trigrams(table: str, term: str) -> tuple[str, list[str]]:
    """SQL and parameters listing (trigram, rows holding it) for every trigram that starts
    with a 1–2 character ``term``: every row holding the term holds one of them."""
    return (f"SELECT term, doc FROM {table}_fts_terms WHERE term >= ? AND term < ?",
            [term, term + "\U0010ffff"])


def speed_index_statements() -> list[str]:
    """The SQL statements of migration 0010 (run by ``schema``)."""
    return [statement.format(t=table) for table in FTS_TABLES
            for statement in (*_FTS_TABLE, *_FTS_FILL, *_FTS_TRIGGERS)] + list(_SPEED_INDEXES)


@contextmanager
def search_index_filled_after(conn: sqlite3.Connection, table: str) -> Iterator[None]:
    """Insert many rows into ``table`` with its search trigger off, then index the new
    rows in one statement (50,000 volunteers: 3.0 s through the trigger, 0.2 s so).
    Call inside the inserting transaction: a rollback brings the trigger back too."""
    before = conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]
    conn.execute(f"DROP TRIGGER IF EXISTS {table}_fts_insert")
    yield
    conn.execute(f"INSERT INTO {table}_fts(rowid, search_text) SELECT rowid, "
                 f"search_text || char(10, 10) FROM {table} WHERE rowid > ?", [before])
    conn.execute(_FTS_TRIGGERS[0].format(t=table))
