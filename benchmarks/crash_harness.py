"""Crash harness: writers killed with SIGKILL at random points, invariants checked after each kill.

    .venv/bin/python benchmarks/crash_harness.py [--transactions 1000] [--writers 2] [--seed S]

Not part of the test suite (it runs for a minute or more). One or more writer processes
(``--writer``, the same file) open the ledger through ``Ledger`` and loop over operations;
operation k of writer W is ONE transaction that
- adds an activity titled "W-k" with one service record per volunteer (repositories,
  with their audit rows), and
- updates volunteer number k % VOLUNTEERS: its note becomes "W-k" (an update that reads
  before it writes, with its audit row),
then prints k. The driver kills every writer at a random moment, reopens the ledger as
the app does (start-up check, open, migrations) and checks:
1. integrity_check ok, foreign_key_check empty, the start-up check passes;
2. every operation a writer reported committed is there (no lost commit);
3. every present operation is whole: its activity, all its service records and exactly
   its audit rows (no torn transaction), and each writer's operations are 0..n-1 (no gap);
4. no orphan service records;
5. each volunteer's note is the newest present operation that updated it;
6. the audit log's hash chain is intact over every row (core/storage/audit_chain.py).
It stops after ``--transactions`` committed operations (and at least ``--kills`` kills) and
prints the figures. Exit code 1 on the first violated invariant. ``--password P`` runs the
same on a ledger encrypted with SQLCipher.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chuangcheng_desktop.core.rules.identity import id_check_char  # noqa: E402
from chuangcheng_desktop.core.safety.encryption import (  # noqa: E402
    PASSWORD_ENV,
    set_password,
    unlock,
)
from chuangcheng_desktop.core.safety.recovery import startup_check  # noqa: E402
from chuangcheng_desktop.core.storage.audit_chain import verify_chain  # noqa: E402
from chuangcheng_desktop.core.storage.ledger import Ledger  # noqa: E402

VOLUNTEERS = 5
WRITER_NAMES = "ABCDEFGH"


class Violation(AssertionError):
    """An invariant did not hold."""


# --- the writer process ----------------------------------------------------------------------

def writer(path: str, name: str, first: int) -> int:
    if os.environ.get(PASSWORD_ENV):  # --password: the ledger is encrypted
        unlock(Path(path), os.environ[PASSWORD_ENV])
    with Ledger.open(path, actor=f"崩溃测试{name}") as ledger:
        volunteers = [row[0] for row in ledger.db.execute(
            "SELECT id FROM volunteers ORDER BY name")]
        print("ready", flush=True)
        k = first
        while True:
            tag = f"{name}-{k}"
            with ledger.db.atomic():
                activity = ledger.activities.add({
                    "title": tag, "category": "志愿服务", "date": "2026-05-01",
                    "participant_count": len(volunteers), "content": "崩溃测试" * 40})
                ledger.service_records.add_many([
                    {"activity_id": activity["id"], "volunteer_id": volunteer, "minutes": 60}
                    for volunteer in volunteers])
                ledger.volunteers.update(volunteers[k % len(volunteers)], {"note": tag})
            print(k, flush=True)
            k += 1


# --- the driver ------------------------------------------------------------------------------

def _id_number(n: int) -> str:
    first17 = f"110101199{n % 10}0101{n:03d}"
    return first17 + id_check_char(first17)


def _start(path: Path, name: str, first: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--writer", str(path), name, str(first)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    line = process.stdout.readline().strip()
    if line != "ready":
        raise Violation(f"writer {name} did not start: {line!r}")
    return process


def check(path: Path, names: list[str]) -> dict[str, set[int]]:
    """All invariants; returns the present operations per writer."""
    def expect(condition: bool, message: str) -> None:
        if not condition:
            raise Violation(message)

    expect(startup_check(path, path.parent / "backups").ok, "the start-up check failed")
    with Ledger.open(path) as ledger:
        conn = ledger.db.conn
        expect(conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], "integrity_check")
        expect(conn.execute("PRAGMA foreign_key_check").fetchall() == [], "foreign_key_check")
        present: dict[str, set[int]] = {name: set() for name in names}
        rows = conn.execute(
            "SELECT a.title, a.id, (SELECT count(*) FROM service_records s "
            "WHERE s.activity_id = a.id) FROM activities a").fetchall()
        for title, activity_id, records in rows:
            expect(records == VOLUNTEERS, f"{title}: {records} of {VOLUNTEERS} service records")
            audited = conn.execute("SELECT count(*) FROM audit_log WHERE row_id = ?",
                                   [activity_id]).fetchone()[0]
            expect(audited == 1, f"{title}: {audited} audit rows for its activity")
            name, _, k = title.partition("-")
            present[name].add(int(k))
        total = sum(len(ks) for ks in present.values())
        orphans = conn.execute("SELECT count(*) FROM service_records WHERE activity_id NOT IN "
                               "(SELECT id FROM activities)").fetchone()[0]
        expect(orphans == 0, f"{orphans} orphan service records")
        service_audits = conn.execute("SELECT count(*) FROM audit_log "
                                      "WHERE table_name = 'service_records'").fetchone()[0]
        expect(service_audits == VOLUNTEERS * total, "service-record audit rows do not match")
        updates = conn.execute("SELECT count(*) FROM audit_log WHERE table_name = 'volunteers' "
                               "AND action = 'update'").fetchone()[0]
        expect(updates == total, f"{updates} volunteer updates audited for {total} operations")
        for name, ks in present.items():
            expect(ks == set(range(len(ks))), f"writer {name}: a gap in its operations")
        notes = [row[0] for row in conn.execute("SELECT note FROM volunteers ORDER BY name")]
        for index, note in enumerate(notes):
            if note:  # the newest present operation of its writer that touched it wins
                name, _, k = note.partition("-")
                newer = [j for j in present[name] if j % VOLUNTEERS == index and j > int(k)]
                expect(int(k) in present[name], f"volunteer {index}: note from a missing {note}")
                expect(len(names) > 1 or not newer,
                       f"volunteer {index}: note {note} but {name}-{max(newer or [0])} is newer")
        chain = verify_chain(conn)
        expect(chain.ok, f"audit chain: {chain.message}")
    return present


def run(transactions: int, min_kills: int, writers: int, seed: str, folder: Path,
        password: str = "") -> int:
    rng = random.Random(seed)
    path = folder / "chuangcheng.db"
    names = list(WRITER_NAMES[:writers])
    with Ledger.open(path, actor="崩溃测试") as ledger:
        ledger.volunteers.add_many([
            {"name": f"志愿者{n}", "id_number": _id_number(n), "registered_on": "2026-01-01"}
            for n in range(VOLUNTEERS)])
    if password:  # the same run on an encrypted ledger (SQLCipher)
        set_password(path, password)
        os.environ[PASSWORD_ENV] = password  # for the writers
    reported: dict[str, set[int]] = {name: set() for name in names}
    present: dict[str, set[int]] = {name: set() for name in names}
    kills = unreported = 0
    started = time.monotonic()
    check_seconds = 0.0
    while sum(len(ks) for ks in present.values()) < transactions or kills < min_kills:
        processes = {name: _start(path, name, len(present[name])) for name in names}
        time.sleep(rng.uniform(0.01, 0.6))  # a random point in the writers' work
        for process in processes.values():
            process.send_signal(signal.SIGKILL)
        for name, process in processes.items():
            output, _ = process.communicate()
            if process.returncode != -signal.SIGKILL:
                raise Violation(f"writer {name} ended by itself ({process.returncode})")
            reported[name] |= {int(line) for line in output.split()}
            kills += 1
        t = time.monotonic()
        before = sum(len(ks) for ks in present.values())
        present = check(path, names)
        check_seconds += time.monotonic() - t
        for name in names:
            lost = reported[name] - present[name]
            if lost:
                raise Violation(f"writer {name}: committed operations lost: {sorted(lost)[:5]}")
        unreported += sum(len(present[n] - reported[n]) for n in names)
        reported = {name: set(present[name]) for name in names}  # seen now
        total = sum(len(ks) for ks in present.values())
        print(f"kill round {kills // writers:4d}: {total:6d} operations committed "
              f"(+{total - before}), all invariants hold", flush=True)
    elapsed = time.monotonic() - started
    total = sum(len(ks) for ks in present.values())
    print()
    print(f"ledger:                           {'encrypted (SQLCipher)' if password else 'plain'}")
    print(f"writers at once:                  {writers}")
    print(f"transactions committed and kept:  {total}")
    print(f"SIGKILLs:                         {kills}")
    print(f"commits not yet reported at kill: {unreported} (present, as SQLite promises)")
    print("committed transactions lost:      0")
    print("torn transactions / orphans:      0 / 0")
    print(f"audit rows, chain verified:       {verify_rows(path)}")
    print(f"time: {elapsed:.1f} s, of which invariant checks {check_seconds:.1f} s")
    return 0


def verify_rows(path: Path) -> int:
    with Ledger.open(path) as ledger:
        return verify_chain(ledger.db.conn).rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writer", nargs=3, metavar=("DB", "NAME", "FIRST"), help=argparse.SUPPRESS)
    parser.add_argument("--transactions", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--writers", type=int, default=2, choices=range(1, len(WRITER_NAMES) + 1))
    parser.add_argument("--seed", default="chuangcheng")
    parser.add_argument("--data-dir", type=Path, help="where to build the ledger (default: temp)")
    parser.add_argument("--password", default="", help="encrypt the ledger with this password first")
    args = parser.parse_args(argv)
    if args.writer:
        return writer(args.writer[0], args.writer[1], int(args.writer[2]))
    if not hasattr(signal, "SIGKILL"):
        print("needs SIGKILL (POSIX)")
        return 2
    folder = args.data_dir or Path(tempfile.mkdtemp(prefix="chuangcheng-crash-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return run(args.transactions, args.kills, args.writers, args.seed, folder, args.password)
    except Violation as exc:
        print(f"INVARIANT VIOLATED: {exc}  (ledger kept in {folder})")
        return 1


if __name__ == "__main__":
    sys.exit(main())
