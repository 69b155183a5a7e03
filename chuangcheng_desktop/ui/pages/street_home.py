"""首页 panel of a 街道/镇 ledger: who has reported this month, and the 交办 problems.

Hidden on a community ledger. Read on a worker thread (each unit's store is opened for
the 交办 status); a button opens 报送汇总.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from chuangcheng_desktop.core.packages.by_unit import reporting
from chuangcheng_desktop.core.packages.tasks import assignment_status, done
from chuangcheng_desktop.core.packages.units import is_street_ledger
from chuangcheng_desktop.core.rules.periods import current_period
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui.tasks import LatestOnly

TEXT = {
    "title": "社区报送",
    "loading": "正在读取各社区的报送情况…",
    "none": "还没有社区报送。在“报送汇总”中导入社区的报送包。",
    "reported": "{period}台账：已报送{done}个社区{missing}",
    "all": "，全部到齐。",
    "missing": "，尚未报送{count}个（{names}）。",
    "tasks": "交办问题{total}个：已完成{closed}个，未完成{open}个（其中逾期{late}个）。",
    "open": "打开报送汇总",
}


class StreetHomePanel(QGroupBox):
    open_packages = Signal()

    def __init__(self, ledger: Ledger, parent: QWidget | None = None, *,
                 today: date | None = None) -> None:
        super().__init__(TEXT["title"], parent)
        self.ledger = ledger
        self.today = today or date.today()
        self.latest = LatestOnly(self)
        self.label = QLabel(self)
        self.button = QPushButton(TEXT["open"], self)
        self.label.setWordWrap(True)
        self.button.clicked.connect(self.open_packages)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.refresh()

    def refresh(self) -> None:
        street = is_street_ledger(self.ledger)
        self.setVisible(street)
        if not street:
            return
        period = current_period("month", self.today)
        database = self.ledger.path
        self.label.setText(TEXT["loading"])

        def work():
            with Ledger.open(database, actor="") as own:
                return reporting(own, period), assignment_status(own)

        self.latest.start(work, lambda result: self._show(period, *result), self.label.setText)

    def _show(self, period, units, statuses) -> None:
        if not units:
            self.label.setText(TEXT["none"])
            return
        missing = [unit.name for unit, reported in units if not reported]
        text = TEXT["reported"].format(
            period=period.name, done=len(units) - len(missing),
            missing=TEXT["missing"].format(count=len(missing), names="、".join(missing))
            if missing else TEXT["all"])
        if statuses:
            late = [s for s in statuses if not done(s)
                    and s.problem["deadline"] < self.today.isoformat()]
            closed = sum(1 for s in statuses if done(s))
            text += TEXT["tasks"].format(total=len(statuses), closed=closed,
                                         open=len(statuses) - closed, late=len(late))
        self.label.setText(text)
