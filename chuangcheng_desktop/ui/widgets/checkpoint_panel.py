"""首页 panel 点位测评: 点位 due or overdue for a check, the lowest latest 达标率, and 宣传栏
not updated this quarter. Double-click a 点位 to open it on the 点位 page."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGroupBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from chuangcheng_desktop.core.checkpoints.history import register_overview
from chuangcheng_desktop.core.checkpoints.publicity import stale_boards
from chuangcheng_desktop.core.checkpoints.schedule import due_checks
from chuangcheng_desktop.core.rules.formatting import format_percent
from chuangcheng_desktop.core.storage.ledger import Ledger

TEXT = {
    "title": "点位测评（双击打开）",
    "due": "该测评的点位：{count}个",
    "due_line": "{name}（{type}）　{status}",
    "lowest": "达标率最低：",
    "lowest_line": "{name}　{rate}",
    "boards": "本季度未更新的宣传栏：{count}块",
    "board_line": "{name} {description}",
    "none": "（无）",
}
SHOWN = 6
RED = QColor("#c0392b")


class CheckpointPanel(QGroupBox):
    open_checkpoint = Signal(str)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None, *,
                 today: date | None = None) -> None:
        super().__init__(TEXT["title"], parent)
        self.ledger = ledger
        self.today = today or date.today()
        # create
        self.due_label = QLabel(self)
        self.list = QListWidget(self)
        # configure
        self.setObjectName("checkpointPanel")
        self.list.setObjectName("checkpointPanelList")
        # connect
        self.list.itemDoubleClicked.connect(self._open)
        self.list.itemActivated.connect(self._open)
        # assemble
        layout = QVBoxLayout(self)
        layout.addWidget(self.due_label)
        layout.addWidget(self.list)
        self.refresh()

    def refresh(self) -> None:
        db = self.ledger.db
        due = due_checks(db, self.today)
        rated = sorted((r for r in register_overview(db, self.today, active_only=True)
                        if r.last_rate is not None), key=lambda r: (r.last_rate, r.name))
        boards = stale_boards(db, self.today)
        self.due_label.setText(TEXT["due"].format(count=len(due)))
        self.list.clear()
        for check in due[:SHOWN]:
            self._add(TEXT["due_line"].format(name=check.name, type=check.type,
                                              status=check.status_text),
                      check.checkpoint_id, red=check.overdue)
        if len(due) > SHOWN:
            self._add(f"……另有{len(due) - SHOWN}个", None)
        self._add(TEXT["lowest"], None)
        for row in rated[:3]:
            self._add("　" + TEXT["lowest_line"].format(name=row.name,
                                                        rate=format_percent(row.last_rate)), row.id)
        if not rated:
            self._add("　" + TEXT["none"], None)
        self._add(TEXT["boards"].format(count=len(boards)), None, red=bool(boards))
        for board in boards[:3]:
            self._add("　" + TEXT["board_line"].format(name=board.checkpoint,
                                                       description=board.description),
                      board.checkpoint_id)

    def _add(self, text: str, checkpoint_id: str | None, *, red: bool = False) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, checkpoint_id)
        if red:
            item.setForeground(RED)
        self.list.addItem(item)

    def _open(self, item: QListWidgetItem) -> None:
        checkpoint_id = item.data(Qt.ItemDataRole.UserRole)
        if checkpoint_id:
            self.open_checkpoint.emit(checkpoint_id)
