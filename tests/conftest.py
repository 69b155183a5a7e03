"""Shared fixtures: a fresh ledger database file per test, and valid sample records."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.storage.ledger import Ledger

# Valid GB 11643 numbers (checksums verified by tests/core/rules/test_validation.py).
ID_MALE_1990 = "110101199003078515"
ID_FEMALE_1985 = "33010219850612028X"


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "data"
    paths.init(folder)
    return folder


@pytest.fixture
def no_cipher_keys():
    """No ledger key remembered in this process before or after the test (SQLCipher)."""
    from chuangcheng_desktop.core.storage import cipher

    cipher.forget_keys()
    yield
    cipher.forget_keys()


@pytest.fixture
def ledger(data_dir):
    with Ledger.open_in(data_dir, actor="测试员") as opened:
        yield opened


def sample(kind: str, **overrides):
    """One valid record of ``kind`` (as a user would type it), with overrides."""
    base = {
        "teams": {"name": "青松环保志愿服务队", "category": "环境保护", "leader": "王建国"},
        "volunteers": {"name": "李秀英", "id_number": ID_FEMALE_1985, "phone": "138 1234 5678",
                       "registered_on": "2026-01-10", "political_status": "党员"},
        "activities": {"title": "文明交通劝导", "category": "志愿服务", "date": "2026年3月5日",
                       "start_time": "8:30", "end_time": "11:30", "place": "青松路口",
                       "organiser": "青松社区", "participant_count": "20",
                       "content": "在路口劝导行人文明过马路"},
        "inspections": {"date": "2026-04-02", "source": "上级巡查", "inspector": "区创城办",
                        "area": "辖区主次干道"},
        "problems": {"source": "上级巡查", "found_on": "2026-04-02", "checkpoint": "农贸市场北门",
                     "category": "环境卫生", "description": "垃圾桶满溢，周边有散落垃圾",
                     "responsible_unit": "物业公司", "responsible_person": "赵强",
                     "deadline": "2026-04-05"},
        "honours": {"title": "优秀志愿者", "level": "市级", "recipient": "李秀英",
                    "date": "2026-05-20"},
    }[kind]
    return {**base, **overrides}
