"""``password set|change|remove`` and CHUANGCHENG_PASSWORD on the command line (privacy)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from chuangcheng_desktop.core.storage.ledger import Ledger, current_user
from tests.conftest import sample


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CHUANGCHENG_")}
    return subprocess.run([sys.executable, "-m", "chuangcheng_desktop", *args],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
                          env={**clean, "QT_QPA_PLATFORM": "offscreen", **env})


def test_set_use_change_and_remove_the_password(tmp_path):
    folder = tmp_path / "d"
    with Ledger.open_in(folder) as ledger:
        ledger.volunteers.add(sample("volunteers"))
    d = ["--data-dir", str(folder)]
    result = run("password", "set", *d, CHUANGCHENG_NEW_PASSWORD="secret123")
    assert result.returncode == 0, result.stderr
    recovery_key = re.search(r"([A-Z2-9]{4}(?:-[A-Z2-9]{4}){7})", result.stdout).group(1)
    assert "只显示这一次" in result.stdout

    locked = run("stats", "--period", "2026", *d)
    assert locked.returncode == 1 and "CHUANGCHENG_PASSWORD" in locked.stderr
    wrong = run("stats", "--period", "2026", *d, CHUANGCHENG_PASSWORD="nope-nope")
    assert wrong.returncode == 1 and "不正确" in wrong.stderr and "Traceback" not in wrong.stderr
    ok = run("stats", "--period", "2026", "--json", *d, CHUANGCHENG_PASSWORD="secret123")
    assert ok.returncode == 0, ok.stderr
    assert run("backup", *d, CHUANGCHENG_PASSWORD=recovery_key).returncode == 0
    assert run("check", *d, CHUANGCHENG_PASSWORD="secret123").returncode == 0

    changed = run("password", "change", *d, CHUANGCHENG_PASSWORD="secret123",
                  CHUANGCHENG_NEW_PASSWORD="newpass99")
    assert changed.returncode == 0, changed.stderr
    assert run("check", *d, CHUANGCHENG_PASSWORD="secret123").returncode == 1
    removed = run("password", "remove", *d, CHUANGCHENG_PASSWORD="newpass99")
    assert removed.returncode == 0, removed.stderr
    assert run("check", *d).returncode == 0
    assert (folder / "chuangcheng.db").read_bytes().startswith(b"SQLite format 3")
    with Ledger.open_in(folder) as ledger:  # each step audited under the login's name
        audited = ledger.db.execute(
            "SELECT actor, new FROM audit_log WHERE row_id = 'ledger_password' ORDER BY rowid"
        ).fetchall()
        log = " ".join(str(row) for row in ledger.db.execute("SELECT * FROM audit_log"))
    assert [actor for actor, _ in audited] == [current_user()] * 3
    assert ["加密" in audited[0][1], "已修改" in audited[1][1], "解密" in audited[2][1]] == [True] * 3
    assert not any(secret in log for secret in ("secret123", "newpass99", recovery_key))
