"""The one intermediate form of a summary: :class:`ReportContext`.

The wizard pages read and write a context; ``reports.drafting`` builds the default one
from the ledger; ``reports.summary_docx`` turns it into a .docx. A context is plain data
and round-trips through JSON (``to_dict``/``from_dict``), which is what a saved draft
(``report_drafts.answers``) holds.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from chuangcheng_desktop.core.storage.records import REPORT_KINDS

__all__ = ["REPORT_KINDS", "ReportContext", "ReportSection"]

FORMAT_VERSION = 1


@dataclass
class ReportSection:
    """One （一）… part of "主要工作及成效"."""

    key: str  # "organisation", "publicity", …, or "category:文明实践"
    heading: str  # without its number: "强化组织领导，压实创建责任"
    enabled: bool = True
    reason: str = ""  # why the section is off by default (no data in the period)
    paragraphs: list[str] = field(default_factory=list)
    cited_activity_ids: list[str] = field(default_factory=list)
    photo_ids: list[str] = field(default_factory=list)
    phrase_ids: list[str] = field(default_factory=list)  # phrasings used, so others differ
    variant: int = 0  # how many times "重新生成" was pressed
    edited: bool = False  # the user changed the text by hand

    @property
    def printable(self) -> bool:
        """Printed only when switched on and it has some text."""
        return self.enabled and any(p.strip() for p in self.paragraphs)


@dataclass
class ReportContext:
    kind: str
    period_code: str
    period_name: str
    unit_name: str
    title: str
    signature_date: str  # ISO date
    as_of: str  # ISO date: the day overdue problems are judged against
    intro: list[str] = field(default_factory=list)
    sections: list[ReportSection] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    seed: int = 0
    recipient: str = ""  # the 主送 line of a 工作情况汇报 ("城东街道创城办")
    version: int = FORMAT_VERSION

    def section(self, key: str) -> ReportSection:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def printable_sections(self) -> list[ReportSection]:
        return [section for section in self.sections if section.printable]

    def photo_ids(self) -> list[str]:
        """Photos of the printed sections, in reading order, each once."""
        seen: list[str] = []
        for section in self.printable_sections():
            seen.extend(pid for pid in section.photo_ids if pid not in seen)
        return seen

    def move_section(self, key: str, step: int) -> None:
        """Move a section up (step -1) or down (step +1); no-op at either end."""
        index = next(i for i, s in enumerate(self.sections) if s.key == key)
        target = index + step
        if 0 <= target < len(self.sections):
            self.sections.insert(target, self.sections.pop(index))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportContext:
        """Rebuild a context from ``to_dict`` output; unknown keys are ignored so that an
        older or newer draft still opens."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known and k != "sections"}
        section_fields = {f.name for f in fields(ReportSection)}
        sections = [ReportSection(**{k: v for k, v in s.items() if k in section_fields})
                    for s in data.get("sections", [])]
        return cls(**values, sections=sections)
