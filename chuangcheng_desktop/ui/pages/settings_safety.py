"""设置 → 数据安全: backups and restore, database check, recycle bin days, app password,
and the audit viewer (操作记录).

Everything here calls core: ``core.safety`` (backup folder, backup + rotation, restore in
place), ``core.integrity`` (检查数据库), ``core.settings`` and ``core.password``. Backups and
the check run on a worker thread through ``ui.tasks.run_task``; the password group is
settings_password.py (its re-encryption on a worker too, shaped like a restore). When the
window has an automatic backup (``window.auto_backup``), a backup or restore waits for it to finish.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.safety.backup import BackupInfo
from chuangcheng_desktop.core.safety.integrity import IntegrityReport, check_database
from chuangcheng_desktop.core.safety.safety import (
    BackupResult,
    CountChange,
    backups_dir_for,
    default_backups_dir,
    restore_files,
    restore_preview,
    take_backup,
)
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.settings import get_setting, set_setting
from chuangcheng_desktop.ui.dialogs.password import unlock_file
from chuangcheng_desktop.ui.pages.audit_viewer import AuditViewer
from chuangcheng_desktop.ui.pages.settings_password import PasswordBox
from chuangcheng_desktop.ui.tasks import Task, run_task
from chuangcheng_desktop.ui.widgets.backup_list import BackupListTable, remember_counts

logger = logging.getLogger(__name__)

TEXT = {
    "tab": "数据安全",
    "backup_box": "备份与恢复",
    "folder": "备份文件夹",
    "choose": "选择…",
    "default": "用默认位置",
    "open": "打开",
    "interval": "自动备份间隔",
    "minutes": " 分钟",
    "auto_hint": "有改动时按此间隔自动备份，关闭程序时也会备份。保留今天全部、最近7天每天1份、"
                 "之前4周每周1份、之前12个月每月1份。",
    "backup_now": "立即备份",
    "restore": "恢复所选备份…",
    "no_backups": "还没有备份。",
    "choose_title": "选择备份文件夹（可以是第二块硬盘或U盘）",
    "backing_up": "正在备份…",
    "restoring": "正在恢复（先为当前数据做一份备份）…",
    "comparing": "正在比较备份与当前台账…",
    "backed_up": "备份完成：{name}",
    "backup_failed": "备份没有成功",
    "busy": "正在自动备份，请稍候再试。",
    "pick_backup": "请先在列表中选择要恢复的备份。",
    "restore_title": "从备份恢复",
    "restore_question": ("将用 {when} 的备份替换当前台账：\n\n{changes}\n\n"
                         "恢复前会先把当前数据另存为一份备份，如有需要可以再恢复回来。确定恢复吗？"),
    "restore_same": "（各类记录条数相同，但内容可能不同）",
    "change_line": "{label}：现在 {now} 条 → 恢复后 {after} 条",
    "restored": "已恢复到 {when} 的备份。\n恢复前的数据已另存为：{safety}",
    "restore_failed": "没有恢复",
    "check_box": "数据库检查",
    "check": "检查数据库",
    "checking": "正在检查数据库（数据多时需要几秒）…",
    "check_title": "检查结果",
    "recycle_box": "回收站",
    "recycle_days": "回收站保留",
    "days": " 天",
    "recycle_hint": "删除的记录在回收站里保留这么多天，之后在程序启动时彻底删除。",
    "audit_box": "操作记录（谁、什么时候、改了什么）",
    "saved": "已保存。",
    "not_saved": "没有保存",
}
GREY = "color: #7f8c8d;"

class SafetyTab(QWidget):
    """The 数据安全 tab of 设置. ``restored`` after a backup replaced the ledger."""

    restored = Signal()
    backup_finished = Signal(bool)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.data_dir = ledger.path.parent
        self.task: Task | None = None
        self.backups: list[BackupInfo] = []
        # create
        self.folder_edit = QLineEdit(self)
        self.choose_button = QPushButton(TEXT["choose"], self)
        self.default_button = QPushButton(TEXT["default"], self)
        self.open_button = QPushButton(TEXT["open"], self)
        self.interval_spin = QSpinBox(self)
        self.backup_button = QPushButton(TEXT["backup_now"], self)
        self.restore_button = QPushButton(TEXT["restore"], self)
        self.progress = QProgressBar(self)
        self.status_label = QLabel(self)
        self.backup_table = BackupListTable(self)
        self.check_button = QPushButton(TEXT["check"], self)
        self.check_label = QLabel(self)
        self.recycle_spin = QSpinBox(self)
        self.password_box = PasswordBox(self)
        self.audit = AuditViewer(ledger, self)
        # configure
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setObjectName("backupFolderEdit")
        self.interval_spin.setRange(5, 1440)
        self.interval_spin.setSuffix(TEXT["minutes"])
        self.recycle_spin.setRange(1, 3650)
        self.recycle_spin.setSuffix(TEXT["days"])
        for spin in (self.interval_spin, self.recycle_spin):
            spin.setMaximumWidth(spin.fontMetrics().horizontalAdvance("0000 分钟") + 48)
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.status_label.setWordWrap(True)
        self.check_label.setWordWrap(True)
        self.check_label.setStyleSheet(GREY)
        # connect
        self.choose_button.clicked.connect(self.choose_folder)
        self.default_button.clicked.connect(lambda: self.set_folder(""))
        self.open_button.clicked.connect(self.open_folder)
        self.interval_spin.editingFinished.connect(
            lambda: self._save("backup_interval_minutes", self.interval_spin.value()))
        self.recycle_spin.editingFinished.connect(
            lambda: self._save("recycle_bin_days", self.recycle_spin.value()))
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.backup_table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.check_button.clicked.connect(self.check)
        # assemble
        self._assemble()
        self.load()

    def _assemble(self) -> None:
        folder_row = QHBoxLayout()
        for widget in (self.folder_edit, self.choose_button, self.default_button,
                       self.open_button):
            folder_row.addWidget(widget, 1 if widget is self.folder_edit else 0)
        backup_form = QFormLayout()
        backup_form.addRow(TEXT["folder"], folder_row)
        backup_form.addRow(TEXT["interval"], self.interval_spin)
        auto_hint = QLabel(TEXT["auto_hint"], self)
        auto_hint.setWordWrap(True)
        auto_hint.setStyleSheet(GREY)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.progress, 1)
        backup_box = QGroupBox(TEXT["backup_box"], self)
        backup_layout = QVBoxLayout(backup_box)
        backup_layout.addLayout(backup_form)
        backup_layout.addWidget(auto_hint)
        backup_layout.addLayout(buttons)
        backup_layout.addWidget(self.status_label)
        backup_layout.addWidget(self.backup_table, 1)

        check_box = QGroupBox(TEXT["check_box"], self)
        check_layout = QVBoxLayout(check_box)
        check_layout.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignLeft)
        check_layout.addWidget(self.check_label)
        recycle_box = QGroupBox(TEXT["recycle_box"], self)
        recycle_layout = QFormLayout(recycle_box)
        recycle_layout.addRow(TEXT["recycle_days"], self.recycle_spin)
        recycle_hint = QLabel(TEXT["recycle_hint"], self)
        recycle_hint.setWordWrap(True)
        recycle_hint.setStyleSheet(GREY)
        recycle_layout.addRow(recycle_hint)
        side = QVBoxLayout()
        for box in (check_box, recycle_box, self.password_box):
            side.addWidget(box)
        side.addStretch(1)

        top = QHBoxLayout()
        top.addWidget(backup_box, 3)
        top.addLayout(side, 2)
        audit_box = QGroupBox(TEXT["audit_box"], self)
        QVBoxLayout(audit_box).addWidget(self.audit)

        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.addLayout(top)
        content_layout.addWidget(audit_box, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    # --- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        folder = self.backups_dir()
        chosen = get_setting(self.ledger.db, "backup_dir")
        self.folder_edit.setText(str(folder))
        self.default_button.setEnabled(bool(chosen))
        self.interval_spin.setValue(int(get_setting(self.ledger.db, "backup_interval_minutes")))
        self.recycle_spin.setValue(int(get_setting(self.ledger.db, "recycle_bin_days")))
        self.password_box.load()
        self.load_backups()

    def refresh(self) -> None:
        self.load()
        self.audit.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.load_backups()  # automatic backups may have been taken meanwhile

    def backups_dir(self) -> Path:
        return backups_dir_for(self.ledger.db, self.data_dir)

    def load_backups(self) -> None:
        self.backups = self.backup_table.load(self.backups_dir())
        self.restore_button.setEnabled(bool(self.backups) and self.task is None)
        if not self.backups and not self.status_label.text():
            self.status_label.setText(TEXT["no_backups"])

    # --- settings --------------------------------------------------------------------------

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, TEXT["choose_title"],
                                                  str(self.backups_dir()))
        if chosen:
            self.set_folder(chosen)

    def set_folder(self, folder: str) -> None:
        if folder and Path(folder).resolve() == default_backups_dir(self.data_dir).resolve():
            folder = ""
        if self._save("backup_dir", folder):
            self.load()

    def open_folder(self) -> None:
        folder = self.backups_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _save(self, key: str, value: Any) -> bool:
        if get_setting(self.ledger.db, key) == value:
            return True
        try:
            set_setting(self.ledger.db, key, value, actor=self.ledger.actor)
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["not_saved"], exc.message)
            self.load()
            return False
        auto = self._auto_backup()
        if auto is not None and key == "backup_interval_minutes":
            auto.apply_interval()
        self.status_label.setText(TEXT["saved"])
        self.audit.reload()
        return True

    # --- backup, restore, check ------------------------------------------------------------

    def backup_now(self) -> Task | None:
        if self._busy():
            return None
        database, folder = self.ledger.path, self.backups_dir()
        attachments = paths.attachments_dir(self.data_dir)

        def work(progress, _cancelled) -> BackupResult:
            return take_backup(database, folder, attachments_dir=attachments, progress=progress)

        self._start(work, TEXT["backing_up"], self._backup_done, self._backup_failed)
        return self.task

    def _backup_done(self, result: BackupResult) -> None:
        self.status_label.setStyleSheet("")
        self.status_label.setText(TEXT["backed_up"].format(name=result.info.path))
        remember_counts(result.info)
        self.load_backups()
        self.backup_finished.emit(True)

    def _backup_failed(self, message: str) -> None:
        self.status_label.setStyleSheet("color: #c0392b;")
        self.status_label.setText(message)
        QMessageBox.warning(self, TEXT["backup_failed"], message)
        self.backup_finished.emit(False)

    def selected_backup(self) -> BackupInfo | None:
        return self.backup_table.selected()

    def restore_selected(self) -> bool:
        """Compare the chosen backup with the ledger on a worker thread (two files counted:
        ~100 ms at street scale), then ask; True when the comparison started."""
        info = self.selected_backup()
        if info is None:
            QMessageBox.information(self, TEXT["restore_title"], TEXT["pick_backup"])
            return False
        if self._busy() or not unlock_file(info.path, self, backup=True):  # its password, if another
            return False
        database = self.ledger.path

        def compare(_progress, _cancelled) -> list[CountChange]:
            return restore_preview(database, info.path)

        self._start(compare, TEXT["comparing"], lambda preview: self._ask_restore(info, preview),
                    lambda message: QMessageBox.warning(self, TEXT["restore_failed"], message))
        return True

    def _ask_restore(self, info: BackupInfo, preview: list[CountChange]) -> bool:
        self.status_label.setText("")
        when = f"{format_date_cn(info.taken_at.date())} {info.taken_at:%H:%M}"
        changes = [TEXT["change_line"].format(label=c.label, now=c.now, after=c.after)
                   for c in preview if c.now or c.after]
        if all(c.now == c.after for c in preview):
            changes.append(TEXT["restore_same"])
        answer = QMessageBox.question(
            self, TEXT["restore_title"],
            TEXT["restore_question"].format(when=when, changes="\n".join(changes)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes or self._busy():
            return False
        # The file swap (and the safety backup before it: seconds at street scale) runs on a
        # worker thread; meanwhile the window is disabled, since its ledger is closed.
        database, backups = self.ledger.path, self.backups_dir()
        attachments = paths.attachments_dir(self.data_dir)
        self._hold_window(True)
        self.ledger.close()

        def work(progress, _cancelled) -> BackupInfo | None:
            progress(5, TEXT["restoring"])
            return restore_files(database, info.path, backups, attachments_dir=attachments)

        def reopen() -> None:
            self.ledger.reconnect()
            self._hold_window(False)

        def done(safety: BackupInfo | None) -> None:
            reopen()
            self.refresh()
            self.restored.emit()
            QMessageBox.information(self, TEXT["restore_title"], TEXT["restored"].format(
                when=when, safety=safety.path if safety else "—"))

        def failed(message: str) -> None:
            reopen()
            QMessageBox.warning(self, TEXT["restore_failed"], message)

        self._start(work, TEXT["restoring"], done, failed)
        return True

    def _hold_window(self, hold: bool) -> None:
        """Keep the user away from pages whose ledger is closed during a restore."""
        window = self.window()
        central = window.centralWidget() if hasattr(window, "centralWidget") else None
        for widget in (central, self.restore_button, self.backup_button):
            if widget is not None:
                widget.setEnabled(not hold)
        auto = self._auto_backup()
        if auto is not None:
            (auto.timer.stop if hold else auto.timer.start)()

    def check(self) -> Task | None:
        if self.task is not None:
            return None
        database = self.ledger.path

        def work(progress, _cancelled) -> IntegrityReport:
            progress(10, TEXT["checking"])
            return check_database(database)

        self._start(work, TEXT["checking"], self._check_done,
                    lambda message: self.check_label.setText(message))
        return self.task

    def _check_done(self, report: IntegrityReport) -> None:
        self.check_label.setStyleSheet(GREY if report.ok else "color: #c0392b;")
        self.check_label.setText("\n".join(report.lines[1:3] + report.lines[-1:]))
        box = QMessageBox.information if report.ok else QMessageBox.warning
        box(self, TEXT["check_title"], "\n".join(report.lines))

    def _start(self, work, step: str, done, failed) -> None:
        self.status_label.setStyleSheet("")
        self.status_label.setText(step)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        for button in (self.backup_button, self.restore_button, self.check_button):
            button.setEnabled(False)
        task = self.task = run_task(work, self)
        task.progress.connect(lambda percent, _step: self.progress.setValue(percent))
        # the tab is idle again before the result is handled (a handler may start more);
        # each completion is tied to its own task, so a late ``finished`` of this task can
        # never end the task a handler started
        task.succeeded.connect(lambda result: (self._finished(task), done(result)))
        task.failed.connect(lambda message: (self._finished(task), failed(message)))
        task.finished.connect(lambda: self._finished(task))

    def _finished(self, task: Task) -> None:
        if task is not self.task:
            return
        self.progress.setVisible(False)
        for button in (self.backup_button, self.check_button):
            button.setEnabled(True)
        self.restore_button.setEnabled(bool(self.backups))
        self.task.deleteLater()
        self.task = None

    def _auto_backup(self) -> Any:
        return getattr(self.window(), "auto_backup", None)

    def _busy(self) -> bool:
        auto = self._auto_backup()
        if (self.task is not None or self.password_box.running
                or (auto is not None and auto.running)):
            QMessageBox.information(self, TEXT["tab"], TEXT["busy"])
            return True
        return False
