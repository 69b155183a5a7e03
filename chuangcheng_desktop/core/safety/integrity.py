"""Integrity check of a ledger database file, read-only: it never changes the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from chuangcheng_desktop.core.storage import cipher
from chuangcheng_desktop.core.storage.audit_chain import verify_chain
from chuangcheng_desktop.core.storage.database import (
    BUSY_TIMEOUT_MS,
    check_is_sqlite,
    check_schema_version,
    describe_sqlite_error,
    read_only_uri,
    roll_back_hot_journal,
)
from chuangcheng_desktop.core.storage.errors import DatabaseError
from chuangcheng_desktop.core.storage.records import RECORD_KINDS


@dataclass
class IntegrityReport:
    ok: bool = True
    lines: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def fail(self, line: str) -> None:
        self.ok = False
        self.lines.append(line)


def check_database(path: Path, *, quick: bool = False) -> IntegrityReport:
    """Run SQLite's integrity_check (or quick_check) and foreign_key_check on ``path``."""
    report = IntegrityReport()
    report.lines.append(f"检查数据库：{path}")
    if not path.exists():
        report.fail("数据库文件不存在。请检查数据文件夹是否正确。")
        return report
    try:
        check_is_sqlite(path)
        roll_back_hot_journal(path)  # restores the last committed state; changes nothing else
        check_schema_version(path)
    except DatabaseError as exc:
        report.fail(exc.message)
        return report
    try:
        conn = cipher.connect(path, uri=read_only_uri(path),
                               timeout=BUSY_TIMEOUT_MS / 1000)
    except cipher.Error as exc:
        report.fail(describe_sqlite_error(exc, path))
        return report
    try:
        pragma = "quick_check" if quick else "integrity_check"
        problems = [row[0] for row in conn.execute(f"PRAGMA {pragma}")]
        if problems != ["ok"]:
            report.fail(f"数据库结构检查发现 {len(problems)} 处问题：" + "；".join(problems[:5]))
        else:
            report.lines.append("数据库结构完好。")
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            report.fail(f"发现 {len(broken)} 条记录引用了不存在的记录（如 {broken[0][0]} 表）。")
        else:
            report.lines.append("记录之间的引用完好。")
        chain = verify_chain(conn)
        if chain.ok:
            report.lines.append(chain.message)
        else:
            report.fail(chain.message)
        for table, kind in RECORD_KINDS.items():
            count = conn.execute(
                f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0]
            report.counts[table] = count
            report.lines.append(f"  {kind.label}：{count}条")
    except cipher.Error as exc:
        report.fail(describe_sqlite_error(exc, path))
    except UnicodeDecodeError:
        report.fail("数据库内容有乱码，文件已损坏。")
    finally:
        conn.close()
    report.lines.append("检查结果：正常" if report.ok else "检查结果：发现问题，请从备份恢复。")
    return report
