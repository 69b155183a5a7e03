"""Saved summary drafts (``report_drafts``): the wizard saves as the user goes and
resumes from here; the 总结报告 page lists drafts and exported documents.

Everything goes through ``ledger.report_drafts`` (a :class:`Repository`), so each save is
one transaction with its audit row, like any other record.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chuangcheng_desktop.core.storage.clock import local_now_iso
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.reports.summary.context import ReportContext


@dataclass(frozen=True)
class DraftInfo:
    """One row of the drafts list (without the full answers)."""

    id: str
    kind: str
    period: str
    title: str
    updated_at: str
    exported_path: str
    exported_at: str | None

    @property
    def exported_file_exists(self) -> bool:
        return bool(self.exported_path) and Path(self.exported_path).exists()


def save_draft(ledger: Ledger, context: ReportContext, draft_id: str | None = None) -> str:
    """Save ``context`` as a new draft (returns its id) or over draft ``draft_id``."""
    values = {"kind": context.kind, "period": context.period_code, "title": context.title,
              "answers": context.to_dict()}
    if draft_id is None:
        return ledger.report_drafts.add(values)["id"]
    ledger.report_drafts.update(draft_id, values)
    return draft_id


def load_draft(ledger: Ledger, draft_id: str) -> ReportContext:
    return ReportContext.from_dict(ledger.report_drafts.get(draft_id)["answers"])


def mark_exported(ledger: Ledger, draft_id: str, path: Path | str) -> None:
    ledger.report_drafts.update(draft_id, {"exported_path": str(path),
                                           "exported_at": local_now_iso()})


def delete_draft(ledger: Ledger, draft_id: str) -> None:
    """Move a draft to the recycle bin."""
    ledger.report_drafts.soft_delete(draft_id)


def list_drafts(ledger: Ledger, *, exported_only: bool = False) -> list[DraftInfo]:
    """Drafts, most recently changed first."""
    rows = ledger.report_drafts.list(ListQuery(limit=None, order_by="updated_at", descending=True))
    infos = [_info(row) for row in rows]
    if exported_only:
        infos = [info for info in infos if info.exported_path]
        infos.sort(key=lambda info: info.exported_at or "", reverse=True)
    return infos


def _info(row: dict[str, Any]) -> DraftInfo:
    return DraftInfo(id=row["id"], kind=row["kind"], period=row["period"], title=row["title"],
                     updated_at=row["updated_at"], exported_path=row["exported_path"] or "",
                     exported_at=row["exported_at"])
