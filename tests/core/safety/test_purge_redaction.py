"""A purged volunteer's personal fields are gone from the audit log too (privacy)."""

from __future__ import annotations

from datetime import datetime, timedelta

from chuangcheng_desktop.core.safety.integrity import check_database
from chuangcheng_desktop.core.safety.recycle import purge_recycle_bin
from chuangcheng_desktop.core.storage.audit import REDACTED
from chuangcheng_desktop.core.storage.audit_chain import verify_chain
from tests.conftest import ID_FEMALE_1985, ID_MALE_1990, sample

LATER = datetime.now() + timedelta(days=31)


def test_purge_redacts_id_phone_and_birth_date_and_the_chain_holds(ledger):
    gone = ledger.volunteers.add(sample("volunteers", birth_date="1985-06-12"))
    ledger.volunteers.update(gone["id"], {"phone": "139 0000 1111"})
    kept = ledger.volunteers.add(sample("volunteers", name="王建国", id_number=ID_MALE_1990,
                                        phone="137 0000 2222"))
    ledger.volunteers.soft_delete(gone["id"])
    result = purge_recycle_bin(ledger.db, now=LATER)
    assert result.deleted["volunteers"] == 1 and result.redacted >= 2
    text = "\n".join(f"{old} {new}" for old, new in ledger.db.execute(
        "SELECT old, new FROM audit_log"))
    for secret in (ID_FEMALE_1985, "13812345678", "13900001111", "1985-06-12"):
        assert secret not in text
    assert ID_MALE_1990 in text  # a live volunteer's log is untouched
    assert REDACTED in text
    marked = ledger.db.execute("SELECT count(*) FROM audit_log WHERE redacted_at IS NOT NULL "
                               "AND row_id = ?", [gone["id"]]).fetchone()[0]
    assert marked >= 2
    assert kept["id"]
    report = verify_chain(ledger.db.conn)
    assert report.ok and report.redacted == marked
    assert check_database(ledger.path).ok


def test_a_redaction_cannot_be_used_to_rewrite_other_columns(ledger):
    import sqlite3

    import pytest

    ledger.volunteers.add(sample("volunteers"))
    conn = sqlite3.connect(ledger.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit_log SET actor = '别人', redacted_at = 'x'")
    conn.close()
