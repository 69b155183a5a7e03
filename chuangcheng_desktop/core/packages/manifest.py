"""The manifest of a .ccpkg package, and the names of its members.

A package is a zip of ``manifest.json``, ``ledger.sqlite`` (the rows it carries, in this
app's schema) and ``attachments/<sha256><ext>`` (the photos those rows reference). The
manifest says who sent it, for which period, written by which app and schema, how many
records of each kind, and the SHA-256 of every other member.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from chuangcheng_desktop.core.rules.periods import Period

FORMAT = "chuangcheng-package"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
SNAPSHOT_NAME = "ledger.sqlite"
ATTACHMENT_FOLDER = "attachments/"
PACKAGE_SUFFIX = ".ccpkg"
KIND_REPORT = "报送包"  # a community's ledgers, up to the 街道
KIND_TASKS = "交办包"  # problems the 街道 sends down to one community


@dataclass
class Manifest:
    package_id: str
    kind: str
    unit_id: str
    unit_name: str
    unit_level: str
    parent_unit: str
    app_version: str
    migrations: list[str]
    period_start: str | None
    period_end: str | None
    period_name: str
    counts: dict[str, int]
    members: dict[str, str]  # member name → SHA-256
    created_at: str
    full_data: bool = False
    target_unit_id: str = ""  # 交办包: the community it is for
    target_unit_name: str = ""
    format: str = FORMAT
    format_version: int = FORMAT_VERSION
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def period(self) -> Period | None:
        if not self.period_start or not self.period_end:
            return None
        return Period.between(date.fromisoformat(self.period_start),
                              date.fromisoformat(self.period_end))

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        """Parse a manifest; raises ValueError (or KeyError/TypeError) when it is not one."""
        raw = json.loads(data.decode("utf-8"))
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise ValueError("not a chuangcheng package manifest")
        names = {f for f in cls.__dataclass_fields__}
        manifest = cls(**{key: value for key, value in raw.items() if key in names})
        if not isinstance(manifest.members, dict) or not isinstance(manifest.counts, dict):
            raise ValueError("members/counts are not maps")
        if manifest.period_start:
            date.fromisoformat(manifest.period_start)
            date.fromisoformat(manifest.period_end or "")
        return manifest


def period_label(period: Period | None) -> str:
    return period.name if period is not None else "全部数据"
