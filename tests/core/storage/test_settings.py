"""Ledger settings, default deadlines and the app password."""

from __future__ import annotations

from datetime import date

import pytest

from chuangcheng_desktop.core.safety.password import (
    password_required,
    set_app_password,
    verify_app_password,
)
from chuangcheng_desktop.core.storage.audit import list_audit
from chuangcheng_desktop.core.storage.errors import ValidationError
from chuangcheng_desktop.core.storage.settings import default_deadline, get_setting, set_setting


def test_defaults_validation_and_audit(ledger):
    assert get_setting(ledger.db, "recycle_bin_days") == 30
    assert set_setting(ledger.db, "recycle_bin_days", "60", actor="甲") == 60
    assert get_setting(ledger.db, "recycle_bin_days") == 60
    with pytest.raises(ValidationError, match="回收站保留天数：应在1到3650之间"):
        set_setting(ledger.db, "recycle_bin_days", 0, actor="甲")
    assert get_setting(ledger.db, "recycle_bin_days") == 60
    assert list_audit(ledger.db, table="settings")[0]["new"] == {"recycle_bin_days": 60}


def test_default_deadline_by_source_and_category(ledger):
    found = date(2026, 5, 1)
    assert default_deadline(ledger.db, found, "环境卫生", "上级巡查") == date(2026, 5, 4)
    assert default_deadline(ledger.db, found, "环境卫生", "媒体曝光") == date(2026, 5, 2)
    assert default_deadline(ledger.db, found, "宣传氛围", "自查") == date(2026, 5, 8)
    set_setting(ledger.db, "deadline_days", {"宣传氛围": 10}, actor="甲")
    assert default_deadline(ledger.db, found, "宣传氛围", "自查") == date(2026, 5, 11)
    with pytest.raises(ValidationError, match="不是问题类别"):
        set_setting(ledger.db, "deadline_days", {"卫生": 3}, actor="甲")


def test_app_password(ledger):
    assert not password_required(ledger.db)
    assert verify_app_password(ledger.db, "anything")
    with pytest.raises(ValidationError, match="至少6位"):
        set_app_password(ledger.db, "123", actor="甲")
    set_app_password(ledger.db, "创城2026ok", actor="甲")
    assert password_required(ledger.db)
    assert verify_app_password(ledger.db, "创城2026ok")
    assert not verify_app_password(ledger.db, "创城2026OK")
    stored = ledger.db.execute("SELECT value FROM settings WHERE key = 'app_password_hash'").fetchone()[0]
    assert "创城2026ok" not in stored and "scrypt$" in stored
    assert "创城2026ok" not in str(list_audit(ledger.db, table="settings"))
    set_app_password(ledger.db, None, actor="甲")
    assert not password_required(ledger.db)
