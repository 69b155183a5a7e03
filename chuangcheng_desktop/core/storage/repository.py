"""Add, update, soft-delete, restore and list records of one kind.

One :class:`Repository` serves every record kind, driven by its :class:`RecordKind`.
Each public method is one transaction, and each change writes its audit row inside
that transaction, so a change and its audit entry are saved together or not at all.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.rules.validation import normalize_text
from chuangcheng_desktop.core.storage import cipher
from chuangcheng_desktop.core.storage.audit import write_audit
from chuangcheng_desktop.core.storage.clock import local_now_iso, new_ids
from chuangcheng_desktop.core.storage.database import describe_sqlite_error
from chuangcheng_desktop.core.storage.errors import (
    DatabaseError,
    FieldError,
    RecordNotFoundError,
    ValidationError,
)
from chuangcheng_desktop.core.storage.records import RecordKind, validate_record
from chuangcheng_desktop.core.storage.schema import SEARCH_INDEXED_TABLES
from chuangcheng_desktop.core.storage.search_index import (
    FTS_TABLES,
    TRIGRAM,
    fts_phrase,
    search_index_filled_after,
    short_term_trigrams,
)

_TIMESTAMP_COLUMNS = ("id", "created_at", "updated_at", "deleted_at")
SEARCH_PREFILTER_LIMIT = 2000
BULK_INSERT_ROWS = 1000  # from this many new rows, the search index is filled in one go
SEARCH_BUDGET_MS = 3.0  # a plan still running after this would scan: try the other one


@dataclass
class ListQuery:
    """Which rows of a kind to list, and in what order.

    ``text`` matches Chinese (or any) substrings of the kind's searchable fields; several
    words separated by spaces must all match. ``filters`` maps field names from the
    kind's ``filter_fields`` to a value (or a list/tuple of accepted values).
    """

    period: Period | None = None
    text: str = ""
    filters: Mapping[str, Any] = field(default_factory=dict)
    in_recycle_bin: bool = False
    overdue_on: date | None = None
    order_by: str | None = None
    descending: bool = False
    limit: int | None = 100
    offset: int = 0


class Repository:
    def __init__(self, db: Database, kind: RecordKind, actor: str) -> None:
        self.db = db
        self.kind = kind
        self.actor = actor
        self._visible = frozenset(kind.field_names + _TIMESTAMP_COLUMNS + kind.derived_fields)

    # --- writing ---------------------------------------------------------------------------

    def add(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Validate and save a new record; return it as stored."""
        return self.add_many([values], numbered=False)[0]

    def add_many(
        self, rows: Iterable[Mapping[str, Any]], *, audit_each: bool = True,
        audit_note: str = "", numbered: bool = True, validated: bool = False,
    ) -> list[dict[str, Any]]:
        """Validate and save many records in one transaction: all are saved, or none.

        A rejected row raises :class:`ValidationError` whose messages start with
        "第N条：" (1-based) and nothing is written. With ``audit_each=False`` one audit
        row summarises the batch and lists the new ids (imports, generated demo data).
        ``validated=True`` takes rows that already came out of ``validate_record`` (an
        import's preview checked each once); references are still checked here.
        """
        now = local_now_iso()
        rows = list(rows)
        ids = new_ids(len(rows))
        prepared: list[dict[str, Any]] = []
        for index, values in enumerate(rows, start=1):
            if validated:
                record = {name: values.get(name) for name in self.kind.field_names}
            else:
                try:
                    record = validate_record(self.kind, values)
                except ValidationError as exc:
                    raise (_numbered(exc, index) if numbered else exc) from exc
            record.update(id=values.get("id") or ids[index - 1], created_at=now, updated_at=now,
                          deleted_at=None)
            prepared.append(record)
        if not prepared:
            return []
        with self._transaction():
            if len(prepared) == 1:
                self._check_references(prepared[0])
                self._check_unique(prepared[0])
            else:
                self._check_references_many(prepared)
            if self.kind.before_write:
                self.kind.before_write(self, prepared, None if audit_each else audit_note)
            self._insert(prepared)
            if audit_each:
                for record in prepared:
                    write_audit(self.db, table=self.kind.table, row_id=record["id"],
                                action="insert", actor=self.actor, new=_public(record))
            else:
                write_audit(self.db, table=self.kind.table, row_id="*", action="insert",
                            actor=self.actor, new={"count": len(prepared), "note": audit_note,
                                                   "ids": [r["id"] for r in prepared]})
        return [self._decode(_public(record)) for record in prepared]

    def update(self, row_id: str, changes: Mapping[str, Any], *,
               workflow: bool = False) -> dict[str, Any]:
        """Apply ``changes`` to a live record after validating the whole record again.

        The kind's ``workflow_fields`` (a problem's status) change only with
        ``workflow=True``, which core/workflow.py passes after checking the step.
        """
        with self._transaction():
            old = self._fetch(row_id, live=True)
            merged = {name: old.get(name) for name in self.kind.field_names}
            merged.update(changes)
            record = validate_record(self.kind, merged)
            record["id"] = row_id
            if not workflow and any(_stored(record[name]) != _stored(old.get(name))
                                    for name in self.kind.workflow_fields):
                field_name = self.kind.workflow_fields[0]
                raise ValidationError.single(field_name, self.kind.spec(field_name).label,
                                             self.kind.workflow_message)
            self._check_references(record)
            self._check_unique(record)
            changed = {
                name: value for name, value in record.items()
                if name in self.kind.field_names and _stored(value) != _stored(old.get(name))
            }
            if not changed:
                return self._decode(old)
            if self.kind.before_write:
                self.kind.before_write(self, [changed], None)
            changed["updated_at"] = local_now_iso()
            changed["search_text"] = self._search_text({**old, **record})
            assignments = ", ".join(f"{name} = ?" for name in changed)
            self.db.execute(
                f"UPDATE {self.kind.table} SET {assignments} WHERE id = ?",
                [*(_stored(v) for v in changed.values()), row_id],
            )
            new = self._fetch(row_id, live=True)
            write_audit(self.db, table=self.kind.table, row_id=row_id, action="update",
                        actor=self.actor,
                        old={k: old.get(k) for k in changed if k != "search_text"},
                        new={k: new.get(k) for k in changed if k != "search_text"})
            return self._decode(new)

    def soft_delete(self, row_id: str) -> None:
        """Move a record to the recycle bin (回收站)."""
        with self._transaction():
            self._fetch(row_id, live=True)
            now = local_now_iso()
            self.db.execute(
                f"UPDATE {self.kind.table} SET deleted_at = ?, updated_at = ? WHERE id = ?",
                [now, now, row_id],
            )
            write_audit(self.db, table=self.kind.table, row_id=row_id, action="delete",
                        actor=self.actor, old={"deleted_at": None}, new={"deleted_at": now})

    def restore(self, row_id: str) -> dict[str, Any]:
        """Bring a record back from the recycle bin."""
        with self._transaction():
            row = self._fetch(row_id, live=False)
            if row["deleted_at"] is None:
                return self._decode(row)
            self._check_unique(row)
            self._check_references(row)
            self.db.execute(
                f"UPDATE {self.kind.table} SET deleted_at = NULL, updated_at = ? WHERE id = ?",
                [local_now_iso(), row_id],
            )
            write_audit(self.db, table=self.kind.table, row_id=row_id, action="restore",
                        actor=self.actor, old={"deleted_at": row["deleted_at"]},
                        new={"deleted_at": None})
            return self._decode(self._fetch(row_id, live=True))

    # --- reading ---------------------------------------------------------------------------

    def get(self, row_id: str, *, include_deleted: bool = False) -> dict[str, Any]:
        row = self._fetch(row_id, live=None if include_deleted else True)
        return self._decode(row)

    def list(self, query: ListQuery | None = None) -> list[dict[str, Any]]:
        query = query or ListQuery()
        where, params = self._where(query)
        source = self.kind.table
        page = f" LIMIT {int(query.limit)} OFFSET {int(query.offset)}" if query.limit else ""
        if self._short_terms_only(query) and page:
            # Words of 1-2 characters: a common one is found at once by walking the table's
            # own order, so that is tried first within a small budget; a rare one is then
            # looked up through its trigrams instead of scanning on.
            found = self._bounded(f"SELECT * FROM {source} WHERE {where} "
                                  f"ORDER BY {self._order(query)}{page}", params)
            if found is not None:
                columns, rows = found
                return [self._decode(_public(dict(zip(columns, values, strict=True))))
                        for values in rows]
        candidates = self._search_candidates(query)
        if candidates is not None and len(candidates) <= SEARCH_PREFILTER_LIMIT:
            # A search first collects the rows that may match (through the FTS5 trigram
            # index for words of 3+ characters, else the narrow search_text index). When
            # there are few (a rare word), only those rows are checked and sorted; when
            # there are many (a common word), walking the normal order finds a page quickly.
            where = f"rowid IN ({', '.join('?' for _ in candidates)}) AND {where}"
            params = [*candidates, *params]
        sql = f"SELECT * FROM {source} WHERE {where} ORDER BY {self._order(query)}"
        if query.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [query.limit, query.offset]
        cursor = self.db.execute(sql, params)
        columns = [c[0] for c in cursor.description]
        return [self._decode(_public(dict(zip(columns, values, strict=True))))
                for values in cursor.fetchall()]

    def count(self, query: ListQuery | None = None) -> int:
        query = query or ListQuery()
        where, params = self._where(query)
        table = self.kind.table
        long_terms = self._trigram_terms(query)
        if long_terms:
            return self.db.execute(
                f"SELECT count(*) FROM {table} WHERE rowid IN (SELECT rowid FROM {table}_fts "
                f"WHERE {table}_fts MATCH ?) AND {where}", [fts_phrase(long_terms), *params]
            ).fetchone()[0]
        candidates = self._short_term_candidates(query)
        if candidates is not None:
            return self.db.execute(
                f"SELECT count(*) FROM {table} WHERE rowid IN "
                f"({', '.join('?' for _ in candidates)}) AND {where}", [*candidates, *params]
            ).fetchone()[0]
        hint = f" INDEXED BY {table}_live_search" if self._search_index(query) else ""
        return self.db.execute(
            f"SELECT count(*) FROM {table}{hint} WHERE {where}", params
        ).fetchone()[0]

    def _search_candidates(self, query: ListQuery) -> list[int] | None:
        """Up to SEARCH_PREFILTER_LIMIT + 1 rowids that may match the search (None when
        the query is no search)."""
        table = self.kind.table
        long_terms = self._trigram_terms(query)
        if long_terms:
            return [row[0] for row in self.db.execute(
                f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ? LIMIT ?",
                [fts_phrase(long_terms), SEARCH_PREFILTER_LIMIT + 1])]
        if not self._search_index(query):
            return None
        candidates = self._short_term_candidates(query)
        if candidates is not None:
            return candidates
        where, params = self._where(query)
        return [row[0] for row in self.db.execute(
            f"SELECT rowid FROM {table} INDEXED BY {table}_live_search "
            f"WHERE {where} LIMIT ?", [*params, SEARCH_PREFILTER_LIMIT + 1])]

    def _short_terms_only(self, query: ListQuery) -> bool:
        terms = search_terms(query.text)
        return (self.kind.table in FTS_TABLES and not query.in_recycle_bin and bool(terms)
                and all(len(term) < TRIGRAM for term in terms))

    def _bounded(self, sql: str, params: list[Any],
                 budget_ms: float | None = None) -> tuple[list[str], list[tuple]] | None:
        """(columns, rows) of ``sql``, or None when it runs longer than ``budget_ms``: the
        cheap way to tell a plan that would scan."""
        budget_ms = SEARCH_BUDGET_MS if budget_ms is None else budget_ms
        deadline = time.perf_counter() + budget_ms / 1000
        gave_up = False

        def step() -> int:
            nonlocal gave_up
            gave_up = time.perf_counter() > deadline
            return int(gave_up)

        conn = self.db.conn
        conn.set_progress_handler(step, 200)
        try:
            cursor = conn.execute(sql, params)
            return [c[0] for c in cursor.description], cursor.fetchall()
        except sqlite3.OperationalError:
            if gave_up:
                return None
            raise  # interrupted by someone else (a cancelled count), or a real error
        finally:
            conn.set_progress_handler(None, 0)

    def _trigram_terms(self, query: ListQuery) -> list[str]:
        """The search words long enough for an FTS5 trigram phrase query (shorter ones are
        checked with instr on its candidates)."""
        if self.kind.table not in FTS_TABLES or query.in_recycle_bin:
            return []
        return [term for term in search_terms(query.text) if len(term) >= TRIGRAM]

    def _short_term_candidates(self, query: ListQuery) -> list[int] | None:
        """For a search of 1–2 character words only: the rows holding the rarest word's
        trigrams, or None when even that word is common (the table's order then finds a
        page fastest, and counting scans the narrow index)."""
        if self.kind.table not in FTS_TABLES or query.in_recycle_bin:
            return None
        best: list[str] | None = None
        for term in search_terms(query.text):
            # Counting a common word's trigrams reads their long row lists: over budget
            # means common (None), and the table's order or the narrow index serves it.
            found = self._bounded(*short_term_trigrams(self.kind.table, term))
            if found is None:
                continue
            rows = found[1]
            if sum(doc for _, doc in rows) > SEARCH_PREFILTER_LIMIT:
                continue
            if best is None or len(rows) < len(best):
                best = [trigram for trigram, _ in rows]
        if best is None:
            return None
        if not best:
            return []
        table = self.kind.table
        return [row[0] for row in self.db.execute(
            f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?",
            [fts_phrase(best, " OR ")])]

    # --- internals -------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        try:
            with self.db.atomic():
                yield
        except cipher.Error as exc:
            raise DatabaseError(describe_sqlite_error(exc)) from exc

    def _search_index(self, query: ListQuery) -> bool:
        """Whether a search should go through the kind's narrow search index."""
        return (self.kind.table in SEARCH_INDEXED_TABLES and not query.in_recycle_bin
                and bool(search_terms(query.text)))

    def _where(self, query: ListQuery) -> tuple[str, list[Any]]:
        clauses = ["deleted_at IS NOT NULL" if query.in_recycle_bin else "deleted_at IS NULL"]
        params: list[Any] = []
        if query.period is not None:
            if self.kind.period_field is None:
                raise ValueError(f"{self.kind.table} has no period field")
            clauses.append(f"{self.kind.period_field} BETWEEN ? AND ?")
            params += [query.period.start_iso, query.period.end_iso]
        for name, value in query.filters.items():
            if name not in self.kind.filter_fields:
                raise ValueError(f"{self.kind.table} cannot be filtered by {name!r}")
            if value is None or value == "":
                continue
            if isinstance(value, list | tuple | set | frozenset):
                values = list(value)
                clauses.append(f"{name} IN ({', '.join('?' for _ in values)})")
                params += values
            else:
                clauses.append(f"{name} = ?")
                params.append(value)
        for term in search_terms(query.text):
            clauses.append("instr(search_text, ?) > 0")
            params.append(term)
        if query.overdue_on is not None:
            if self.kind.table != "problems":
                raise ValueError("only problems can be overdue")
            clauses.append("status != ? AND deadline < ?")
            params += [vocab.PROBLEM_DONE, query.overdue_on.isoformat()]
        return " AND ".join(clauses), params

    def _order(self, query: ListQuery) -> str:
        if query.order_by is None:
            return f"{self.kind.default_order}, rowid"
        if query.order_by not in (self.kind.field_names + _TIMESTAMP_COLUMNS
                                  + self.kind.derived_fields):
            raise ValueError(f"{self.kind.table} cannot be sorted by {query.order_by!r}")
        direction = "DESC" if query.descending else "ASC"
        return f"{query.order_by} {direction}, rowid {direction}"

    def _fetch(self, row_id: str, *, live: bool | None) -> dict[str, Any]:
        cursor = self.db.execute(f"SELECT * FROM {self.kind.table} WHERE id = ?", [row_id])
        values = cursor.fetchone()
        if values is not None:
            row = dict(zip([c[0] for c in cursor.description], values, strict=True))
            deleted = row["deleted_at"] is not None
            if live is None or live != deleted:
                return _public(row)
            if deleted:
                raise RecordNotFoundError(f"该{self.kind.label}已在回收站中，请先恢复后再修改。")
        raise RecordNotFoundError(f"找不到该{self.kind.label}记录，可能已被删除。")

    def _insert(self, records: list[dict[str, Any]]) -> None:
        columns = [*self.kind.field_names, *_TIMESTAMP_COLUMNS, "search_text"]
        sql = (f"INSERT INTO {self.kind.table} ({', '.join(columns)}) "
               f"VALUES ({', '.join('?' for _ in columns)})")
        rows = ([*(_stored(record[c]) for c in columns[:-1]), self._search_text(record)]
                for record in records)
        if self.kind.table in FTS_TABLES and len(records) >= BULK_INSERT_ROWS:
            with search_index_filled_after(self.db.conn, self.kind.table):  # 15x faster
                self.db.conn.executemany(sql, rows)
        else:
            self.db.conn.executemany(sql, rows)

    def _search_text(self, record: Mapping[str, Any]) -> str:
        return "\n".join(
            str(record.get(name) or "") for name in self.kind.search_fields
        ).lower()

    def _check_references(self, record: Mapping[str, Any]) -> None:
        errors = []
        for name, table in self.kind.references.items():
            target = record.get(name)
            if not target:
                continue
            found = self.db.execute(
                f"SELECT 1 FROM {table} WHERE id = ? AND deleted_at IS NULL", [target]
            ).fetchone()
            if not found:
                label = self.kind.spec(name).label
                errors.append(FieldError(name, label, f"{label}：所选记录不存在或已删除，请重新选择"))
        if errors:
            raise ValidationError(errors)

    def _check_references_many(self, records: list[dict[str, Any]]) -> None:
        for name, table in self.kind.references.items():
            wanted = sorted({r[name] for r in records if r.get(name)})
            live: set[str] = set()
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                live.update(row[0] for row in self.db.execute(
                    f"SELECT id FROM {table} WHERE deleted_at IS NULL "
                    f"AND id IN ({', '.join('?' for _ in chunk)})", chunk))
            for index, record in enumerate(records, start=1):
                if record.get(name) and record[name] not in live:
                    label = self.kind.spec(name).label
                    raise ValidationError.single(
                        name, label, f"第{index}条：{label}：所选记录不存在或已删除")

    def _check_unique(self, record: Mapping[str, Any]) -> None:
        if self.kind.table != "volunteers":
            return
        clash = self.db.execute(
            "SELECT name FROM volunteers WHERE id_number = ? AND deleted_at IS NULL AND id != ?",
            [record["id_number"], record["id"]],
        ).fetchone()
        if clash:
            raise ValidationError.single(
                "id_number", "身份证号",
                f"身份证号：花名册中已有此身份证号（{clash[0]}），请勿重复登记，可直接修改原记录",
            )

    def _decode(self, row: dict[str, Any]) -> dict[str, Any]:
        """A stored row as callers see it: the kind's fields and timestamps, JSON decoded
        (columns kept for search or statistics stay inside core)."""
        for name in [name for name in row if name not in self._visible]:
            del row[name]
        for name in self.kind.json_fields:
            if isinstance(row.get(name), str):
                row[name] = json.loads(row[name])
        return row


def search_terms(text: str) -> list[str]:
    """The words of a search box, normalised the way search_text is stored."""
    return [term for term in normalize_text(text).lower().split(" ") if term]


def _public(row: dict[str, Any]) -> dict[str, Any]:
    row.pop("search_text", None)
    return row


def _stored(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _numbered(exc: ValidationError, index: int) -> ValidationError:
    return ValidationError([
        FieldError(e.field, e.label, f"第{index}条：{e.message}") for e in exc.errors
    ])
