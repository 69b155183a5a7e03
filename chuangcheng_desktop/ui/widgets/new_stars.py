"""首页 panel 星级志愿者: who crossed a star threshold in the period (“本期新晋三星级2人”),
their names by level, and the thresholds in force. Computed on a worker thread with its
own connection (core.volunteers.stars), so the 首页 paints at once."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.volunteers.stars import (
    NewStar,
    new_stars,
    new_stars_line,
    star_name,
    thresholds,
    thresholds_text,
)
from chuangcheng_desktop.ui.tasks import LatestOnly

logger = logging.getLogger(__name__)

NAMES_SHOWN = 12
TEXT = {
    "title": "星级志愿者",
    "level": "{level}：{names}",
    "more": "等{count}人",
    "thresholds": "认定标准：{text}（可在“志愿者”页的“星级标准…”中修改）",
    "failed": "没有算出：{message}",
}


def _compute(path: Path, period: Period) -> tuple[list[NewStar], list[float]]:
    with Ledger.open(path, actor="") as ledger:
        return new_stars(ledger.db, period), thresholds(ledger.db)


class NewStarsPanel(QGroupBox):
    refreshed = Signal()

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(TEXT["title"], parent)
        self.ledger = ledger
        self.stars: list[NewStar] = []
        self._latest = LatestOnly(self)
        self.label = QLabel(self)
        self.label.setObjectName("newStarsLabel")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        QVBoxLayout(self).addWidget(self.label)

    def refresh(self, period: Period) -> None:
        path = self.ledger.path
        self._latest.start(lambda: _compute(path, period), self._show,
                           lambda message: self.label.setText(TEXT["failed"].format(
                               message=message)))

    def _show(self, result: tuple[list[NewStar], list[float]]) -> None:
        stars, hours = result
        self.stars = stars
        lines = [new_stars_line(stars)]
        for level in sorted({star.level for star in stars}, reverse=True):
            names = [star.name for star in stars if star.level == level]
            shown = "、".join(names[:NAMES_SHOWN])
            if len(names) > NAMES_SHOWN:
                shown += TEXT["more"].format(count=len(names))
            lines.append(TEXT["level"].format(level=star_name(level), names=shown))
        lines.append(TEXT["thresholds"].format(text=thresholds_text(hours)))
        self.label.setText("\n".join(lines))
        self.refreshed.emit()
