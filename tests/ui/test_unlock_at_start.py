"""The window on an encrypted ledger: asked for the password (or recovery key) first; a
wrong one is said plainly and changes nothing; cancel quits (privacy)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from chuangcheng_desktop.core.safety import encryption
from chuangcheng_desktop.core.storage import cipher
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui.dialogs.password import RecoveryKeyDialog, UnlockDialog
from chuangcheng_desktop.ui.startup import StartupFlow
from tests.conftest import sample
from tests.ui.conftest import type_text


@pytest.fixture
def encrypted_folder(tmp_path):
    folder = tmp_path / "data"
    with Ledger.open_in(folder) as ledger:
        ledger.volunteers.add(sample("volunteers"))
    recovery_key = encryption.set_password(folder / "chuangcheng.db", "secret123")
    cipher.forget_keys()
    yield folder, recovery_key
    cipher.forget_keys()


def _flow(folder):
    return StartupFlow(folder, settings=QSettings(str(folder.parent / "s.ini"),
                                                  QSettings.Format.IniFormat))


def test_cancel_at_the_password_quits_without_touching_anything(qtbot, encrypted_folder,
                                                                 monkeypatch):
    folder, _ = encrypted_folder
    before = (folder / "chuangcheng.db").read_bytes()
    monkeypatch.setattr(UnlockDialog, "exec", lambda self: 0)
    assert _flow(folder).open() is None
    assert (folder / "chuangcheng.db").read_bytes() == before
    assert not list(folder.glob("*损坏*"))  # never taken for damage


def test_a_wrong_password_is_said_and_the_recovery_key_opens(qtbot, encrypted_folder,
                                                             monkeypatch):
    folder, recovery_key = encrypted_folder
    messages = []

    def answer(self):
        qtbot.addWidget(self)
        type_text(qtbot, self.password_edit, "wrong-one")
        self.check()
        messages.append(self.error_label.text())
        type_text(qtbot, self.password_edit, recovery_key)
        self.check()
        return self.result()

    monkeypatch.setattr(UnlockDialog, "exec", answer)
    ledger = _flow(folder).open()
    try:
        assert ledger is not None and ledger.volunteers.count() == 1
    finally:
        ledger.close()
    assert "不正确" in messages[0] and "还可以试 4 次" in messages[0]


def test_the_recovery_key_dialog_prints_the_key(qtbot, monkeypatch):
    dialog = RecoveryKeyDialog("ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789")
    qtbot.addWidget(dialog)
    assert "ABCD-EFGH" in dialog.key_label.text()
    assert "ABCD-EFGH-JKLM" in dialog.print_document().toPlainText()


def test_a_backup_under_an_earlier_password_asks_for_that_one(qtbot, encrypted_folder, tmp_path,
                                                              monkeypatch):
    from datetime import datetime

    from chuangcheng_desktop.core.safety.backup import backup_database
    from chuangcheng_desktop.ui.dialogs.password import unlock_file

    folder, _ = encrypted_folder
    database = folder / "chuangcheng.db"
    encryption.unlock(database, "secret123")
    old = backup_database(database, tmp_path / "backups", now=datetime(2026, 11, 20, 18))
    encryption.remove_password(database, "secret123")
    encryption.set_password(database, "another99")  # a new data key
    cipher.forget_keys()
    encryption.unlock(database, "another99")
    prompts = []

    def answer(self, typed):
        qtbot.addWidget(self)
        prompts.append(" ".join(label.text() for label in self.findChildren(type(self.error_label))))
        type_text(qtbot, self.password_edit, typed)
        self.check()
        return self.result()

    monkeypatch.setattr(UnlockDialog, "exec", lambda self: answer(self, "another99") and 0)
    assert not unlock_file(old.path, backup=True)
    monkeypatch.setattr(UnlockDialog, "exec", lambda self: answer(self, "secret123"))
    assert unlock_file(old.path, backup=True)
    assert "另一个密码" in prompts[-1]
    assert unlock_file(database)  # the ledger's own key is still there
