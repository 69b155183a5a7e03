"""The attendance picker's table: every live volunteer on the roll, those present first.

Rows are volunteer ids; the present ones carry an :class:`AttendanceEntry` (the order of
``present`` is the order of the 签到表, shown as 序号). The 签到/签退 times, the hours (typed
as hours: 2, 2.5, “2小时”, “90分钟”) and the reason for going over the activity's duration
are edited in place; core parses each value and works out the minutes kept.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from chuangcheng_desktop.core.rules.formatting import format_number
from chuangcheng_desktop.core.rules.identity import mask_id_number
from chuangcheng_desktop.core.rules.validation import InvalidValue, normalize_text, parse_time
from chuangcheng_desktop.core.volunteers.attendance import AttendanceEntry
from chuangcheng_desktop.core.volunteers.hours import parse_service_hours, service_minutes

Index = QModelIndex | QPersistentModelIndex
(COL_PRESENT, COL_ROW, COL_NAME, COL_ID, COL_PHONE, COL_SIGN_IN, COL_SIGN_OUT, COL_HOURS,
 COL_CAP) = range(9)
HEADERS = ["到场", "序号", "姓名", "身份证号", "联系电话", "签到", "签退", "时长（小时）", "超时原因"]
EDITABLE = (COL_SIGN_IN, COL_SIGN_OUT, COL_HOURS, COL_CAP)
TEXT = {
    "exited": "{name}（已退出）",
    "capped": "已按活动时长封顶（{hours}小时）；确需超出请在“超时原因”中说明",
    "bad_time": "{name}的{label}：{reason}",
    "bad_hours": "{name}的服务时长：{reason}",
}
CAPPED_COLOUR = QColor("#8a5a00")


def hours_text(minutes: int | None) -> str:
    return "" if not minutes else format_number(round(minutes / 60, 2))


class AttendanceTableModel(QAbstractTableModel):
    changed = Signal()
    rejected = Signal(str)  # a typed value was refused: the message says why

    def __init__(self, activity: dict[str, Any], roll: list[dict[str, Any]],
                 present: list[AttendanceEntry], default_minutes: int, parent: Any = None) -> None:
        super().__init__(parent)
        self.activity = activity
        self.roll = {row["id"]: row for row in roll}
        self._haystacks = {row["id"]: " ".join(str(row.get(k) or "") for k in (
            "name", "phone", "id_number", "volunteer_number", "skills")).lower() for row in roll}
        self.present: dict[str, AttendanceEntry] = {entry.volunteer_id: entry for entry in present}
        self.default_minutes = default_minutes
        self.rows: list[str] = []
        self.search = ""
        self.refilter("")

    # --- rows ------------------------------------------------------------------------------

    def refilter(self, text: str) -> None:
        """Present volunteers first (in 签到表 order), then the rest of the roll by name;
        only rows matching every word of ``text``."""
        self.search = text
        words = [w for w in normalize_text(text).lower().split(" ") if w]
        self.beginResetModel()
        self.rows = [vid for vid in self.present if self._matches(vid, words)]
        self.rows += [vid for vid in self.roll if vid not in self.present
                      and self._matches(vid, words)]
        self.endResetModel()

    def _matches(self, vid: str, words: list[str]) -> bool:
        haystack = self._haystacks.get(vid)
        if haystack is None:
            haystack = self.present[vid].name.lower()
        return all(word in haystack for word in words)

    def set_present(self, vid: str, present: bool) -> None:
        if present and vid not in self.present:
            info = self.roll.get(vid, {})
            self.present[vid] = AttendanceEntry(vid, info.get("name", ""), self.default_minutes)
        elif not present:
            self.present.pop(vid, None)
        else:
            return
        self._all_changed()

    def add_many(self, vids: list[str]) -> int:
        """Tick several volunteers at once, appended in the given order; returns how many."""
        added = 0
        for vid in vids:
            if vid not in self.present and vid in self.roll:
                self.present[vid] = AttendanceEntry(vid, self.roll[vid]["name"],
                                                    self.default_minutes)
                added += 1
        self._all_changed()
        return added

    def clear(self) -> None:
        self.present.clear()
        self._all_changed()

    def _all_changed(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, COL_CAP))
        self.changed.emit()

    def entry_minutes(self, entry: AttendanceEntry):
        return service_minutes(self.activity, minutes=entry.minutes, sign_in=entry.sign_in,
                               sign_out=entry.sign_out, cap_reason=entry.cap_reason)

    def ordered_entries(self) -> list[AttendanceEntry]:
        return list(self.present.values())

    # --- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_PRESENT:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif index.column() in EDITABLE and self.rows[index.row()] in self.present:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        vid = self.rows[index.row()]
        entry = self.present.get(vid)
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == COL_PRESENT:
            return Qt.CheckState.Checked if entry else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.UserRole:
            return vid
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_HOURS and entry:
            return CAPPED_COLOUR if self.entry_minutes(entry).capped else None
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_HOURS and entry:
            kept = self.entry_minutes(entry)
            return TEXT["capped"].format(hours=hours_text(kept.minutes)) if kept.capped else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        info = self.roll.get(vid, {})
        if column == COL_ROW:
            return str(list(self.present).index(vid) + 1) if entry else ""
        if column == COL_NAME:
            name = info.get("name") or (entry.name if entry else "")
            return TEXT["exited"].format(name=name) if info.get("status") == "退出" else name
        if column == COL_ID:
            return mask_id_number(info.get("id_number") or "")
        if column == COL_PHONE:
            return info.get("phone") or ""
        if entry is None:
            return ""
        if column == COL_SIGN_IN:
            return entry.sign_in
        if column == COL_SIGN_OUT:
            return entry.sign_out
        if column == COL_HOURS:
            return hours_text(self.entry_minutes(entry).minutes)
        if column == COL_CAP:
            return entry.cap_reason
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        vid = self.rows[index.row()]
        column = index.column()
        if column == COL_PRESENT and role == Qt.ItemDataRole.CheckStateRole:
            self.set_present(vid, Qt.CheckState(value) == Qt.CheckState.Checked)
            return True
        entry = self.present.get(vid)
        if entry is None or role != Qt.ItemDataRole.EditRole:
            return False
        text = normalize_text(value)
        try:
            if column in (COL_SIGN_IN, COL_SIGN_OUT):
                parsed = parse_time(text) if text else ""
                setattr(entry, "sign_in" if column == COL_SIGN_IN else "sign_out", parsed)
            elif column == COL_HOURS:
                entry.minutes = parse_service_hours(text)
                entry.sign_in = entry.sign_out = ""  # typed hours replace the times
            elif column == COL_CAP:
                entry.cap_reason = text
        except InvalidValue as exc:
            label = HEADERS[column]
            key = "bad_hours" if column == COL_HOURS else "bad_time"
            self.rejected.emit(TEXT[key].format(name=entry.name, label=label, reason=exc.reason))
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), COL_CAP))
        self.changed.emit()
        return True
