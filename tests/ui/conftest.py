"""UI fixtures: QSettings kept in tmp_path, and helpers that type into record dialogs."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox, QPlainTextEdit


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    """Never read or write the user's real settings."""
    folder = tmp_path / "qsettings"
    folder.mkdir()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))
    return folder


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def answer_yes(monkeypatch):
    """Confirmation questions answered 是; the questions asked are recorded."""
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


@pytest.fixture
def infos(monkeypatch):
    """Information messages recorded instead of shown."""
    shown = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a, **k: shown.append(text))
    return shown


@pytest.fixture
def no_warnings(monkeypatch):
    """Warnings recorded instead of shown (a test can assert there were none)."""
    shown = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a, **k: shown.append(text))
    return shown


@pytest.fixture
def offered(monkeypatch):
    """The end-of-export question (打开文件 / 打开文件夹 / 关闭) answered 关闭; the
    messages shown are recorded."""
    from chuangcheng_desktop.ui.widgets import export_done

    shown = []
    monkeypatch.setattr(export_done, "choose",
                        lambda parent, title, message: shown.append(message) or "")
    return shown


@pytest.fixture
def informed(monkeypatch):
    """Information messages recorded instead of shown."""
    shown = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a, **k: shown.append(text))
    return shown


def type_text(qtbot, widget, text):
    """Type ``text`` like a user: ASCII as key presses, Chinese as an input-method commit
    (QTest cannot press keys that are not on the keyboard; an IME commits them instead)."""
    widget.setFocus()
    for is_ascii, chunk in itertools.groupby(text, key=lambda char: char.isascii()):
        part = "".join(chunk)
        if is_ascii:
            qtbot.keyClicks(widget, part)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(part)
            QApplication.sendEvent(widget, event)


def type_into(qtbot, dialog, values):
    """Type values into a record dialog's inputs like a user (combos by their data)."""
    for name, value in values.items():
        widget = dialog.inputs[name]
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            widget.clear()
            type_text(qtbot, widget, str(value))
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            assert index >= 0, (name, value)
            widget.setCurrentIndex(index)
