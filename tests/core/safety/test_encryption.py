"""Personal data encrypted at rest: the ledger and its backups (SQLCipher), the recovery
key, a wrong password that changes nothing, and plain ledgers that stay as they were."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from chuangcheng_desktop.core.safety import encryption
from chuangcheng_desktop.core.safety.backup import backup_database, record_counts, restore_backup
from chuangcheng_desktop.core.safety.integrity import check_database
from chuangcheng_desktop.core.storage import cipher
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.workbook.ledger_export import export_workbook
from tests.conftest import ID_FEMALE_1985, sample

NAME = "李秀英"


pytestmark = pytest.mark.usefixtures("no_cipher_keys")


@pytest.fixture
def encrypted(tmp_path):
    path = tmp_path / "data" / "chuangcheng.db"
    with Ledger.open(path) as ledger:
        ledger.volunteers.add(sample("volunteers"))
        ledger.activities.add_many([sample("activities", title=f"活动{n}") for n in range(50)])
    recovery_key = encryption.set_password(path, "secret123")
    cipher.forget_keys()  # as in a new process: locked until the password is given
    return path, recovery_key


def _plaintext_in(path) -> bool:
    data = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if p.is_file())
    return any(s.encode("utf-8") in data for s in (NAME, ID_FEMALE_1985, "13812345678"))


def test_the_file_holds_no_plaintext_and_sqlite3_cannot_read_it(encrypted):
    path, _ = encrypted
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert not _plaintext_in(path)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT count(*) FROM volunteers").fetchone()


def test_without_the_password_nothing_opens(encrypted):
    path, _ = encrypted
    with pytest.raises(cipher.PasswordRequiredError, match="已加密"):
        Ledger.open(path)


def test_a_wrong_password_gets_a_clear_message_and_changes_nothing(encrypted):
    path, _ = encrypted
    before = {p.name: p.read_bytes() for p in path.parent.iterdir() if p.is_file()}
    with pytest.raises(UserFacingError, match=r"不正确.*数据没有任何变化"):
        encryption.unlock(path, "wrong-password")
    assert {p.name: p.read_bytes() for p in path.parent.iterdir() if p.is_file()} == before


def test_the_password_and_the_recovery_key_open_it(encrypted):
    path, recovery_key = encrypted
    encryption.unlock(path, "secret123")
    with Ledger.open(path) as ledger:
        assert ledger.volunteers.get(ledger.volunteers.list()[0]["id"])["id_number"] \
            == ID_FEMALE_1985
        ledger.activities.add(sample("activities", title="加密后新增"))
    assert not _plaintext_in(path)
    cipher.forget_keys()
    encryption.unlock(path, recovery_key.lower().replace("-", " "))  # as typed from paper
    assert check_database(path).ok


def test_the_recovery_key_opens_it_even_without_the_key_file(encrypted):
    path, recovery_key = encrypted
    key_file = cipher.key_file(path)
    key_file.rename(path.with_name("elsewhere"))
    with pytest.raises(UserFacingError):  # the password needs the key file
        encryption.unlock(path, "secret123")
    encryption.unlock(path, recovery_key)  # the recovery key does not, and writes a new one
    with Ledger.open(path) as ledger:
        assert ledger.volunteers.count() == 1
    key_file.unlink()
    path.with_name("elsewhere").rename(key_file)
    cipher.key_file(path).write_text("{}", encoding="utf-8")  # damaged key file
    with pytest.raises(UserFacingError, match="恢复密钥"):
        encryption.unlock(path, "secret123")


def test_backups_are_encrypted_and_restore_with_the_key(encrypted, tmp_path):
    path, recovery_key = encrypted
    encryption.unlock(path, "secret123")
    backup = backup_database(path, tmp_path / "backups", now=datetime(2026, 11, 20, 18))
    assert cipher.key_file(backup.path).exists() and not _plaintext_in(backup.path)
    assert backup.counts["activities"] == 50
    with Ledger.open(path) as ledger:
        ledger.activities.add(sample("activities", title="备份之后"))
    restore_backup(backup.path, path, tmp_path / "backups")
    with Ledger.open(path) as ledger:
        assert ledger.activities.count() == 50
    cipher.forget_keys()
    assert record_counts(backup.path) == {}  # no key: nothing readable
    encryption.unlock(backup.path, recovery_key)
    assert record_counts(backup.path)["volunteers"] == 1


def test_exports_work_on_an_encrypted_ledger(encrypted, tmp_path):
    from openpyxl import load_workbook

    from chuangcheng_desktop.core.rules.periods import Period

    path, _ = encrypted
    encryption.unlock(path, "secret123")
    with Ledger.open(path) as ledger:
        export_workbook(ledger, Period.year_of(2026), tmp_path / "台账.xlsx")
    assert load_workbook(tmp_path / "台账.xlsx").sheetnames


def test_change_keeps_the_recovery_key_and_remove_decrypts(encrypted):
    path, recovery_key = encrypted
    with pytest.raises(UserFacingError):
        encryption.change_password(path, "wrong-password", "newpass99")
    encryption.change_password(path, "secret123", "newpass99")
    cipher.forget_keys()
    with pytest.raises(UserFacingError):
        encryption.unlock(path, "secret123")
    encryption.unlock(path, "newpass99")
    cipher.forget_keys()
    encryption.unlock(path, recovery_key)
    encryption.remove_password(path, "newpass99")
    assert path.read_bytes().startswith(b"SQLite format 3")
    assert not cipher.key_file(path).exists()
    cipher.forget_keys()
    with Ledger.open(path) as ledger:
        assert ledger.volunteers.count() == 1 and ledger.activities.count() == 50


def test_a_plain_ledger_is_untouched_by_all_this(tmp_path):
    path = tmp_path / "chuangcheng.db"
    with Ledger.open(path) as ledger:
        ledger.volunteers.add(sample("volunteers"))
        assert isinstance(ledger.db.conn, sqlite3.Connection)  # the standard module, as before
    assert path.read_bytes().startswith(b"SQLite format 3")
    assert not cipher.key_file(path).exists()
