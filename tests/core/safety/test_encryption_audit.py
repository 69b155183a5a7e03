"""Setting, changing and removing the ledger password leave one audit row each: who and
what, never a password or a key, and the audit chain still verifies."""

from __future__ import annotations

import json

import pytest

from chuangcheng_desktop.core.figures.audit_view import AuditQuery, search_audit
from chuangcheng_desktop.core.safety import encryption
from chuangcheng_desktop.core.safety.integrity import check_database
from chuangcheng_desktop.core.storage import cipher
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from tests.conftest import sample

pytestmark = pytest.mark.usefixtures("no_cipher_keys")


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "data" / "chuangcheng.db"
    with Ledger.open(path) as ledger:
        ledger.set_current_user("王主任")
        ledger.activities.add(sample("activities"))
    return path


def password_rows(path) -> list[dict]:
    conn = cipher.connect(path)
    try:
        rows = conn.execute("SELECT actor, action, old, new FROM audit_log WHERE table_name = "
                            "'settings' AND row_id = 'ledger_password' ORDER BY rowid").fetchall()
    finally:
        conn.close()
    return [{"actor": a, "action": b, "old": json.loads(c), "new": json.loads(d)}
            for a, b, c, d in rows]


def whole_log(path) -> str:
    conn = cipher.connect(path)
    try:
        return "\n".join(" ".join(str(v) for v in row)
                         for row in conn.execute("SELECT * FROM audit_log"))
    finally:
        conn.close()


def test_set_change_remove_are_audited_without_secrets(path):
    recovery_key = encryption.set_password(path, "secret123", actor="张三")
    rows = password_rows(path)
    assert rows == [{"actor": "张三", "action": "update",
                     "old": {"ledger_password": "（未设置）"},
                     "new": {"ledger_password": "（已设置，台账已加密）"}}]
    key = cipher.file_key(path)

    encryption.change_password(path, recovery_key, "newpass99")  # actor: the named user
    rows = password_rows(path)
    assert len(rows) == 2 and rows[1]["actor"] == "王主任"
    assert rows[1]["new"] == {"ledger_password": "（已修改）"}

    encryption.remove_password(path, "newpass99", actor="李四")
    rows = password_rows(path)
    assert [r["actor"] for r in rows] == ["张三", "王主任", "李四"]
    assert rows[2]["new"] == {"ledger_password": "（已取消，台账已解密）"}
    assert not cipher.is_encrypted(path)

    log = whole_log(path)
    for secret in ("secret123", "newpass99", recovery_key, recovery_key.replace("-", ""),
                   key.hex(), key.hex().upper()):
        assert secret not in log
    with Ledger.open(path) as ledger:  # as 操作记录 shows it
        line = search_audit(ledger.db, AuditQuery(limit=1))[0]
    assert (line.actor, line.record) == ("李四", "台账密码（加密）")
    assert line.change == "台账密码（加密）：（已设置） → （已取消，台账已解密）"
    report = check_database(path)
    assert report.ok, report.lines
    assert any("逐条校验通过" in line for line in report.lines)


def test_a_failed_encryption_leaves_no_audit_row_and_the_old_file(path, monkeypatch):
    before = path.read_bytes()

    def broken(_path):
        raise UserFacingError("模拟：引用检查失败")
    monkeypatch.setattr(encryption, "verify_references", broken)
    with pytest.raises(UserFacingError, match="台账没有改动"):
        encryption.set_password(path, "secret123", actor="张三")
    assert path.read_bytes() == before
    assert not cipher.is_encrypted(path) and not cipher.key_file(path).exists()
    assert password_rows(path) == []
    assert sorted(p.name for p in path.parent.iterdir() if "rekey" in p.name) == []


def test_a_wrong_current_password_changes_nothing_and_audits_nothing(path):
    encryption.set_password(path, "secret123", actor="张三")
    key_file = cipher.key_file(path).read_bytes()
    cipher.forget_keys()
    with pytest.raises(UserFacingError):
        encryption.change_password(path, "wrong-one", "newpass99", actor="张三")
    assert cipher.key_file(path).read_bytes() == key_file
    encryption.unlock(path, "secret123")
    assert len(password_rows(path)) == 1


def test_progress_names_the_steps(path):
    steps: list[tuple[int, str]] = []
    encryption.set_password(path, "secret123", progress=lambda p, s: steps.append((p, s)))
    assert [p for p, _ in steps] == sorted(p for p, _ in steps) and len(steps) >= 3
    assert all(step for _, step in steps)
