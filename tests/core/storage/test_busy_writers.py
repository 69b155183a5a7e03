"""Two processes writing at once wait for each other instead of failing (fault 5)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from chuangcheng_desktop.core.storage.ledger import Ledger
from tests.conftest import sample

WRITER = """
import sys
from chuangcheng_desktop.core.storage.ledger import Ledger
with Ledger.open(sys.argv[1]) as ledger:
    team = sys.argv[2]
    for n in range(int(sys.argv[3])):
        ledger.teams.update(team, {"leader": f"{sys.argv[4]}{n}"})  # reads, then writes
print("done")
"""


def _env() -> dict[str, str]:
    root = str(Path(__file__).resolve().parents[3])
    return {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_two_processes_updating_300_times_each_all_succeed(tmp_path):
    path = tmp_path / "chuangcheng.db"
    with Ledger.open(path) as ledger:
        teams = [ledger.teams.add(sample("teams", name=f"队{n}"))["id"] for n in range(2)]
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), team, "300", f"w{n}-"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=_env())
               for n, team in enumerate(teams)]
    results = [writer.communicate(timeout=300) for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], [err for _, err in results]
    with Ledger.open(path) as ledger:
        audited = ledger.db.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'update'").fetchone()[0]
        assert audited == 600
        assert {ledger.teams.get(t)["leader"] for t in teams} == {"w0-299", "w1-299"}


def test_profile_set_waits_for_another_writer_holding_the_lock(tmp_path):
    folder = tmp_path / "d"
    Ledger.open_in(folder).close()
    holder = sqlite3.connect(folder / "chuangcheng.db", check_same_thread=False)
    holder.isolation_level = None
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE settings SET key = key")
    release = threading.Timer(1.5, holder.commit)
    release.start()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "chuangcheng_desktop", "profile", "--data-dir", str(folder),
             "--set", "unit_name=青松社区"], capture_output=True, text=True, timeout=60, env=_env())
    finally:
        release.join()
        holder.close()
    assert result.returncode == 0, result.stderr
    with Ledger.open_in(folder) as ledger:
        assert ledger.profile()["unit_name"] == "青松社区"
