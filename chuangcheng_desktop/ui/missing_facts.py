"""The summary wizard's prompt for facts not recorded yet: "领导小组未填写：去设置填写 /
本次手写" (``reports.summary.drafting.missing_facts_of``). 去设置填写 opens 文书资料 and
drafts the section again with what was filled in; 本次手写 adds an empty paragraph to the
section for this summary only (an empty paragraph is never printed)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.summary.context import ReportContext
from chuangcheng_desktop.reports.summary.drafting import missing_facts_of

TEXT = {
    "missing": "{label}未填写：",
    "fill": "去设置填写",
    "by_hand": "本次手写",
}


class MissingFactsBanner(QWidget):
    """One line per missing fact of the sections shown (``keys``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("missingFactsBanner")
        self.setStyleSheet("QLabel { color: #9a5b00; }")
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(0, 0, 0, 0)
        self.content: QWidget | None = None  # rebuilt whole on each refresh
        self.labels: list[str] = []
        self.hide()

    def show_for(self, ledger: Ledger, context: ReportContext, keys: tuple[str, ...], *,
                 fill: Callable[[], None], by_hand: Callable[[str], None] | None) -> None:
        if self.content is not None:
            self.content.hide()
            self.content.deleteLater()
        self.content = QWidget(self)
        rows = QVBoxLayout(self.content)
        rows.setContentsMargins(0, 0, 0, 0)
        self.outer.addWidget(self.content)
        missing = [m for m in missing_facts_of(ledger, context) if m.section in keys]
        self.labels = [m.label for m in missing]
        for fact in missing:
            row = QHBoxLayout()
            row.addWidget(QLabel(TEXT["missing"].format(label=fact.label), self.content))
            go = QPushButton(TEXT["fill"], self.content)
            go.setObjectName(f"fill_{fact.key}")
            go.clicked.connect(fill)
            row.addWidget(go)
            if by_hand is not None:
                hand = QPushButton(TEXT["by_hand"], self.content)
                hand.setObjectName(f"hand_{fact.key}")
                hand.clicked.connect(lambda _checked=False, label=fact.label: by_hand(label))
                row.addWidget(hand)
            row.addStretch(1)
            rows.addLayout(row)
        self.setVisible(bool(missing))
