"""The 志愿者 page's 志愿服务 buttons: 星级标准…, 志愿服务记录证明…, 时长统计与优秀志愿者….

Each calls the core/reports function that the matching subcommand calls (``proof``,
``service-hours``, ``proof-publicity``); files are written on a worker thread that opens
its own ``Ledger`` (``ui.tasks.run_with_progress``) and end with 打开文件 / 打开文件夹.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.rules.formatting import format_number
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage import clock
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.core.volunteers.proofs import earlier_proofs
from chuangcheng_desktop.core.volunteers.service_hours import (
    DEFAULT_MINIMUM_HOURS,
    DEFAULT_SHORTLIST,
    VolunteerHours,
    make_honours,
    shortlist_of,
    volunteer_hours,
)
from chuangcheng_desktop.core.volunteers.stars import set_thresholds, thresholds
from chuangcheng_desktop.reports.proofs.proof_docx import issue_proofs as write_proofs
from chuangcheng_desktop.reports.proofs.publicity import write_publicity
from chuangcheng_desktop.reports.proofs.service_hours_xlsx import export_service_hours
from chuangcheng_desktop.reports.proofs.signin_sheet import default_file_name, write_sheet_for
from chuangcheng_desktop.ui.tasks import LatestOnly, Task, run_with_progress
from chuangcheng_desktop.ui.widgets.export_done import offer_to_open
from chuangcheng_desktop.ui.widgets.period_picker import PeriodPicker

logger = logging.getLogger(__name__)

TEXT = {
    "thresholds_title": "星级标准",
    "thresholds_label": "累计志愿服务时长达到多少小时认定为一星到五星（用“/”分开）：",
    "thresholds_failed": "星级标准没有保存",
    "proof_title": "出具志愿服务记录证明",
    "proof_none": "请先在表格中选择志愿者（可按住 Ctrl 或 Shift 多选）。",
    "proof_period": "证明的服务期间：",
    "proof_full_id": "显示完整身份证号（默认遮盖中间8位）",
    "proof_count": "将为所选的 {count} 名志愿者各出具一份证明，编号按年度顺排，并记入证明登记。",
    "proof_reissue": "注意：{lines}。再次出具将使用新的编号，原编号不会重复使用。",
    "proof_reissue_one": "{name}此前已出具{numbers}",
    "proof_writing": "正在出具证明…",
    "proof_done": "已出具 {count} 份证明：\n{lines}\n保存在：{folder}",
    "proof_earlier": "（此前已出具：{numbers}）",
    "docx": "Word 文档 (*.docx)",
    "xlsx": "Excel 工作簿 (*.xlsx)",
    "failed": "没有完成",
    "saved": "已保存：{path}",
    "hours_title": "志愿服务时长统计与优秀志愿者",
    "hours_period": "统计期间：",
    "hours_size": "推荐人数",
    "hours_minimum": "最低时长（小时）",
    "hours_headers": ["推荐", "姓名", "服务队", "服务次数", "本期时长（小时）", "星级"],
    "hours_export": "导出时长统计…",
    "hours_publicity": "打印证明公示名单…",
    "hours_honours": "把勾选的人记为“年度优秀志愿者”荣誉",
    "hours_empty": "本期间没有达到最低时长的志愿者。",
    "hours_computing": "正在统计…",
    "hours_summary": "{period}共 {count} 名志愿者有服务记录，合计 {hours} 小时；"
                     "按时长推荐的优秀志愿者 {chosen} 人（并列的一并列出）：",
    "honours_question": "为勾选的 {count} 名志愿者各新增一条“{title}”荣誉记录吗？",
    "honours_done": "已新增 {count} 条荣誉记录，可在“荣誉”页查看和修改级别。",
    "sheet_title": "打印活动签到表",
    "sheet_choice": "签到表预填哪个服务队的成员？",
    "sheet_blank": "不预填（空白签到表）",
}


def edit_thresholds(page: Any) -> None:
    """Ask for the five thresholds; every volunteer's level follows at once."""
    ledger: Ledger = page.ledger
    current = "/".join(format_number(h) for h in thresholds(ledger.db))
    text, ok = QInputDialog.getText(page, TEXT["thresholds_title"], TEXT["thresholds_label"],
                                    text=current)
    if not ok or text.strip() == current:
        return
    try:
        set_thresholds(ledger.db, text, actor=ledger.actor)
    except UserFacingError as exc:
        QMessageBox.warning(page, TEXT["thresholds_failed"], exc.message)
        return
    page.refresh()


def print_signin_sheet(parent: QWidget, ledger: Ledger, activity: dict[str, Any]) -> Path | None:
    """活动签到表 for the activity as typed: blank or a chosen team's members."""
    teams = ledger.teams.list(ListQuery(limit=None))
    choices = [TEXT["sheet_blank"], *(team["name"] for team in teams)]
    choice, ok = QInputDialog.getItem(parent, TEXT["sheet_title"], TEXT["sheet_choice"],
                                      choices, 0, False)
    if not ok:
        return None
    team_id = next((t["id"] for t in teams if t["name"] == choice), None)
    target, _ = QFileDialog.getSaveFileName(
        parent, TEXT["sheet_title"], str(Path.home() / default_file_name(activity)),
        TEXT["docx"])
    if not target:
        return None
    try:
        path = write_sheet_for(ledger, activity, target, team_id=team_id)
    except UserFacingError as exc:
        QMessageBox.warning(parent, TEXT["failed"], exc.message)
        return None
    offer_to_open(parent, TEXT["sheet_title"], TEXT["saved"].format(path=path), path)
    return path


class ProofOptionsDialog(QDialog):
    """Period (全部 = every record) and whether to show the full ID number."""

    def __init__(self, count: int, parent: QWidget | None = None, *,
                 earlier: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(TEXT["proof_title"])
        self.period_picker = PeriodPicker(self, allow_all=True)
        self.full_id = QCheckBox(TEXT["proof_full_id"], self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        note = QLabel(TEXT["proof_count"].format(count=count), self)
        note.setWordWrap(True)
        self.earlier_label = QLabel(earlier, self)
        self.earlier_label.setWordWrap(True)
        self.earlier_label.setStyleSheet("color: #8a5a00;")
        self.earlier_label.setVisible(bool(earlier))
        form = QFormLayout()
        form.addRow(TEXT["proof_period"], self.period_picker)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.earlier_label)
        layout.addLayout(form)
        layout.addWidget(self.full_id)
        layout.addWidget(buttons)


def issue_proofs(page: Any) -> Task | None:
    """Proofs for the volunteers selected on the page, after asking the period and where."""
    ledger: Ledger = page.ledger
    ids = page.selected_ids()
    if not ids:
        QMessageBox.information(page, TEXT["proof_title"], TEXT["proof_none"])
        return None
    reissues = []
    for row_id in ids:
        numbers = [p.number for p in earlier_proofs(ledger.db, row_id)]
        if numbers:
            reissues.append(TEXT["proof_reissue_one"].format(
                name=ledger.volunteers.get(row_id)["name"], numbers="、".join(numbers)))
    options = ProofOptionsDialog(len(ids), page, earlier=TEXT["proof_reissue"].format(
        lines="；".join(reissues)) if reissues else "")
    page.proof_options = options
    if options.exec() != QDialog.DialogCode.Accepted:
        return None
    period, full_id = options.period_picker.period(), options.full_id.isChecked()
    if len(ids) == 1:
        name = ledger.volunteers.get(ids[0])["name"]
        target, _ = QFileDialog.getSaveFileName(
            page, TEXT["proof_title"], str(Path.home() / f"志愿服务记录证明（{name}）.docx"),
            TEXT["docx"])
    else:
        target = QFileDialog.getExistingDirectory(page, TEXT["proof_title"], str(Path.home()))
    if not target:
        return None
    return start_proofs(page, ledger, ids, Path(target), period=period, full_id=full_id)


def start_proofs(parent: QWidget, ledger: Ledger, ids: list[str], target: Path, *,
                 period: Period | None, full_id: bool) -> Task:
    database, actor, today = ledger.path, ledger.actor, clock.today()

    def work(_progress, _is_cancelled):
        with Ledger.open(database, actor=actor) as own:
            return write_proofs(own, ids, target, period=period, issued_on=today,
                                full_id=full_id)

    def done(result) -> None:
        lines = []
        for proof in result.proofs:
            line = f"{proof.number}　{proof.name}　{format_number(proof.hours)}小时"
            if proof.earlier:
                line += TEXT["proof_earlier"].format(
                    numbers="、".join(p.number for p in proof.earlier))
            lines.append(line)
        offer_to_open(parent, TEXT["proof_title"], TEXT["proof_done"].format(
            count=len(result.proofs), lines="\n".join(lines), folder=result.paths[0].parent),
            result.paths[0])

    return run_with_progress(parent, work, done, TEXT["proof_writing"], TEXT["failed"])


class ServiceHoursDialog(QDialog):
    """The period's hours and the 年度优秀志愿者 shortlist; export, 公示, 荣誉."""

    refreshed = Signal()

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.rows: list[VolunteerHours] = []
        self.everyone: list[VolunteerHours] = []
        self._latest = LatestOnly(self)
        self.setWindowTitle(TEXT["hours_title"])
        self.period_picker = PeriodPicker(self, allow_all=False)
        self.period_picker.select_label("全年")
        self.size_spin = QSpinBox(self)
        self.size_spin.setRange(1, 200)
        self.size_spin.setValue(DEFAULT_SHORTLIST)
        self.minimum_spin = QDoubleSpinBox(self)
        self.minimum_spin.setRange(0, 2000)
        self.minimum_spin.setValue(DEFAULT_MINIMUM_HOURS)
        self.table = QTableWidget(self)
        self.table.setColumnCount(len(TEXT["hours_headers"]))
        self.table.setHorizontalHeaderLabels(TEXT["hours_headers"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.empty_label = QLabel(self)
        self.export_button = QPushButton(TEXT["hours_export"], self)
        self.publicity_button = QPushButton(TEXT["hours_publicity"], self)
        self.honours_button = QPushButton(TEXT["hours_honours"], self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)

        self.period_picker.changed.connect(self.refresh)
        self.size_spin.valueChanged.connect(self.show_shortlist)
        self.minimum_spin.valueChanged.connect(self.show_shortlist)
        self.export_button.clicked.connect(self.export)
        self.publicity_button.clicked.connect(self.publicity)
        self.honours_button.clicked.connect(self.make_honours)
        close.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(QLabel(TEXT["hours_period"], self))
        top.addWidget(self.period_picker)
        top.addWidget(QLabel(TEXT["hours_size"], self))
        top.addWidget(self.size_spin)
        top.addWidget(QLabel(TEXT["hours_minimum"], self))
        top.addWidget(self.minimum_spin)
        top.addStretch(1)
        buttons = QHBoxLayout()
        for button in (self.export_button, self.publicity_button, self.honours_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(760, 460)
        self.refresh()

    def period(self) -> Period:
        return self.period_picker.period()

    def refresh(self) -> Task:
        """Read the period's hours on a worker thread (its own connection)."""
        path, period = self.ledger.path, self.period()
        self.empty_label.setText(TEXT["hours_computing"])

        def read() -> list[VolunteerHours]:
            with Ledger.open(path, actor="") as own:
                return volunteer_hours(own.db, period)

        return self._latest.start(read, self._read, lambda message: self.empty_label.setText(
            TEXT["failed"] + "：" + message))

    def _read(self, everyone: list[VolunteerHours]) -> None:
        self.everyone = everyone
        self.show_shortlist()

    def show_shortlist(self) -> None:
        period, everyone = self.period(), self.everyone
        self.rows = shortlist_of(everyone, size=self.size_spin.value(),
                                 minimum_hours=self.minimum_spin.value())
        self.empty_label.setText(TEXT["hours_summary"].format(
            period=period.name, count=len(everyone),
            hours=format_number(round(sum(r.minutes for r in everyone) / 60, 1)),
            chosen=len(self.rows)) if self.rows else TEXT["hours_empty"])
        self.table.setRowCount(len(self.rows))
        for number, row in enumerate(self.rows):
            check = QTableWidgetItem()
            check.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(number, 0, check)
            for column, value in enumerate((row.name, row.team, str(row.records),
                                            format_number(row.hours), row.star), start=1):
                self.table.setItem(number, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.honours_button.setEnabled(bool(self.rows))
        self.refreshed.emit()

    def chosen(self) -> list[VolunteerHours]:
        return [row for number, row in enumerate(self.rows)
                if self.table.item(number, 0).checkState() == Qt.CheckState.Checked]

    def make_honours(self) -> None:
        chosen = self.chosen()
        if not chosen:
            return
        title = f"{self.period().end.year}年度优秀志愿者"
        if QMessageBox.question(self, TEXT["hours_title"], TEXT["honours_question"].format(
                count=len(chosen), title=title)) != QMessageBox.StandardButton.Yes:
            return
        try:
            made = make_honours(self.ledger, chosen, self.period(), on=clock.today())
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["failed"], exc.message)
            return
        QMessageBox.information(self, TEXT["hours_title"],
                                TEXT["honours_done"].format(count=len(made)))

    def export(self) -> None:
        self._write(TEXT["hours_export"], f"志愿服务时长统计（{self.period().name}）.xlsx",
                    TEXT["xlsx"], export_service_hours)

    def publicity(self) -> None:
        self._write(TEXT["hours_publicity"], f"志愿服务记录证明公示（{self.period().name}）.docx",
                    TEXT["docx"], write_publicity)

    def _write(self, title: str, name: str, file_filter: str, function: Any) -> Task | None:
        target, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), file_filter)
        if not target:
            return None
        database, actor, period = self.ledger.path, self.ledger.actor, self.period()

        def work(_progress, _is_cancelled):
            with Ledger.open(database, actor=actor) as own:
                return function(own, period, target)

        return run_with_progress(self, work, lambda path: offer_to_open(
            self, title, TEXT["saved"].format(path=path), path), title, TEXT["failed"])


def service_hours(page: Any) -> ServiceHoursDialog:
    dialog = ServiceHoursDialog(page.ledger, page)
    dialog.open()
    page.service_hours_dialog = dialog
    return dialog

