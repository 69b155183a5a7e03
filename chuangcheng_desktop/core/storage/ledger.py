"""The ledger: one open database and a repository per record kind.

Everything the window does goes through a :class:`Ledger`, so every button can be
driven from a test (or the command line) without a window.
"""

from __future__ import annotations

import getpass
import logging
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from chuangcheng_desktop.core.storage import records
from chuangcheng_desktop.core.storage.database import open_database
from chuangcheng_desktop.core.storage.repository import Repository
from chuangcheng_desktop.core.storage.settings import get_setting, set_setting

logger = logging.getLogger(__name__)

DATABASE_FILENAME = "chuangcheng.db"


class Ledger:
    def __init__(self, db: Database, path: Path, actor: str) -> None:
        self.db = db
        self.path = path
        self.actor = actor
        self.teams = Repository(db, records.TEAMS, actor)
        self.volunteers = Repository(db, records.VOLUNTEERS, actor)
        self.activities = Repository(db, records.ACTIVITIES, actor)
        self.service_records = Repository(db, records.SERVICE_RECORDS, actor)
        self.inspections = Repository(db, records.INSPECTIONS, actor)
        self.problems = Repository(db, records.PROBLEMS, actor)
        self.rechecks = Repository(db, records.RECHECKS, actor)
        self.attachments = Repository(db, records.ATTACHMENTS, actor)
        self.honours = Repository(db, records.HONOURS, actor)
        self.report_drafts = Repository(db, records.REPORT_DRAFTS, actor)
        self._profile = Repository(db, records.UNIT_PROFILE, actor)

    @classmethod
    def open(cls, path: Path | str, *, actor: str | None = None) -> Ledger:
        """Open (or create) the ledger database file at ``path``. Changes are made in the
        name of ``actor``, else of the 当前使用人 named in 设置, else the computer login."""
        path = Path(path)
        db = open_database(path)
        return cls(db, path, actor or named_user(db) or current_user())

    @classmethod
    def open_in(cls, data_dir: Path | str, *, actor: str | None = None) -> Ledger:
        """Open the ledger that lives in a data folder."""
        return cls.open(Path(data_dir) / DATABASE_FILENAME, actor=actor)

    def repository(self, table: str) -> Repository:
        """The repository for a table name such as "activities"."""
        repo = getattr(self, table, None)
        if not isinstance(repo, Repository):
            raise KeyError(table)
        return repo

    def profile(self) -> dict[str, Any]:
        """The unit profile (单位信息): one row, always present."""
        return self._profile.get(self._profile_id())

    def update_profile(self, changes: dict[str, Any]) -> dict[str, Any]:
        """Validate and save changes to the unit profile (audited like any record)."""
        return self._profile.update(self._profile_id(), changes)

    def _profile_id(self) -> str:
        return self.db.execute("SELECT id FROM unit_profile").fetchone()[0]

    def set_current_user(self, name: str) -> str:
        """Name who is using the app (当前使用人): stored in the ledger, and from now on the
        actor of every change; an empty name falls back to the computer login."""
        stored = set_setting(self.db, "current_user", name, actor=self.actor)
        self.actor = stored or current_user()
        for value in vars(self).values():
            if isinstance(value, Repository):
                value.actor = self.actor
        return stored

    def close(self) -> None:
        self.db.close()

    def reconnect(self) -> None:
        """Open the database file again in place (after a restore replaced it), so that
        everything holding this Ledger (or one of its repositories) sees the new file."""
        self.db = open_database(self.path)
        for value in vars(self).values():
            if isinstance(value, Repository):
                value.db = self.db

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def named_user(db: Database) -> str:
    """The 当前使用人 named in 设置 ("" when nobody was named yet)."""
    return get_setting(db, "current_user") or ""


def current_user() -> str:
    """The operating-system account: who made a change when nobody was named in 设置."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name on some service accounts
        return ""
