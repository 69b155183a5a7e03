"""宣传阵地 on a 点位: 公益广告 placements, 宣传栏, 横幅标语 and LED屏.

Each site is a record (kind, what/where, how many, placed on, removed on); a 宣传栏 also
keeps the date its content last changed, and 首页 flags boards not changed this quarter.
Per period the summary's 宣传 section counts the sites up during it and the boards renewed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

from chuangcheng_desktop.core.rules.periods import Period, quarter_of
from chuangcheng_desktop.core.rules.validation import (
    InvalidValue,
    parse_choice,
    parse_count,
    parse_date,
    parse_optional_text,
)
from chuangcheng_desktop.core.storage.errors import FieldError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.records import FieldSpec, RecordKind
from chuangcheng_desktop.core.storage.repository import ListQuery, Repository

SITE_KINDS = ("公益广告", "宣传栏", "横幅标语", "LED屏")
BOARD = "宣传栏"
SITE_UNITS = {"公益广告": "处", "宣传栏": "块", "横幅标语": "条", "LED屏": "块"}


def _iso(value: Any) -> str:
    return parse_date(value).isoformat()


def _quantity(value: Any) -> int:
    number = parse_count(value)
    if not 1 <= number <= 10000:
        raise InvalidValue("应在1到10000之间")
    return number


def _site_rules(values: dict[str, Any]) -> list[FieldError]:
    errors = []
    placed, removed = values.get("placed_on"), values.get("removed_on")
    if placed and removed and removed < placed:
        errors.append(FieldError("removed_on", "撤除日期", "撤除日期：早于设置日期，请核对"))
    changed = values.get("content_changed_on")
    if placed and changed and changed < placed:
        errors.append(FieldError("content_changed_on", "内容更新日期",
                                 "内容更新日期：早于设置日期，请核对"))
    if values.get("kind") != BOARD:
        values["content_changed_on"] = None
    return errors


PUBLICITY_SITES = RecordKind(
    table="publicity_sites", label="宣传阵地",
    fields=(
        FieldSpec("checkpoint_id", "点位", lambda v: parse_optional_text(v, max_length=36),
                  required=True),
        FieldSpec("kind", "类型", lambda v: parse_choice(v, SITE_KINDS, {"横幅": "横幅标语",
                                                                       "标语": "横幅标语",
                                                                       "LED": "LED屏",
                                                                       "电子屏": "LED屏"}),
                  required=True),
        FieldSpec("description", "内容/位置", lambda v: parse_optional_text(v, max_length=200),
                  searchable=True),
        FieldSpec("quantity", "数量", _quantity, default=1),
        FieldSpec("placed_on", "设置日期", _iso, required=True),
        FieldSpec("removed_on", "撤除日期", _iso, default=None),
        FieldSpec("content_changed_on", "内容更新日期", _iso, default=None),
    ),
    period_field="placed_on", filter_fields=("checkpoint_id", "kind"),
    default_order="kind, placed_on",
    cross_check=_site_rules,
    references={"checkpoint_id": "checkpoints"},
)


def repository(ledger: Ledger) -> Repository:
    return Repository(ledger.db, PUBLICITY_SITES, ledger.actor)


def add_site(ledger: Ledger, values: dict[str, Any]) -> dict[str, Any]:
    return repository(ledger).add(values)


def update_site(ledger: Ledger, site_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    return repository(ledger).update(site_id, changes)


def remove_site(ledger: Ledger, site_id: str) -> None:
    repository(ledger).soft_delete(site_id)


def sites_of(ledger: Ledger, checkpoint_id: str) -> list[dict[str, Any]]:
    return repository(ledger).list(ListQuery(filters={"checkpoint_id": checkpoint_id}, limit=None))


@dataclass
class PublicityFigures:
    """宣传阵地 up during a period, per kind (sites and their quantity)."""

    sites: dict[str, int] = field(default_factory=dict)
    quantity: dict[str, int] = field(default_factory=dict)
    placed_in_period: int = 0
    boards_renewed: int = 0
    checkpoints_with_sites: int = 0


def publicity_figures(db: Database, start: str, end: str) -> PublicityFigures:
    figures = PublicityFigures()
    sites: Counter[str] = Counter()
    quantity: Counter[str] = Counter()
    for kind, count, total in db.execute(
            "SELECT kind, count(*), sum(quantity) FROM publicity_sites WHERE deleted_at IS NULL "
            "AND placed_on <= ? AND (removed_on IS NULL OR removed_on >= ?) GROUP BY kind",
            [end, start]):
        sites[kind], quantity[kind] = count, total
    figures.sites = {k: sites[k] for k in SITE_KINDS if sites[k]}
    figures.quantity = {k: quantity[k] for k in SITE_KINDS if quantity[k]}
    figures.placed_in_period, figures.boards_renewed, figures.checkpoints_with_sites = db.execute(
        "SELECT sum(placed_on BETWEEN :s AND :e), "
        "sum(kind = '宣传栏' AND content_changed_on BETWEEN :s AND :e), "
        "count(DISTINCT checkpoint_id) FROM publicity_sites WHERE deleted_at IS NULL "
        "AND placed_on <= :e AND (removed_on IS NULL OR removed_on >= :s)",
        {"s": start, "e": end}).fetchone()
    figures.placed_in_period = figures.placed_in_period or 0
    figures.boards_renewed = figures.boards_renewed or 0
    return figures


@dataclass(frozen=True)
class StaleBoard:
    site_id: str
    checkpoint_id: str
    checkpoint: str
    description: str
    last_changed: str   # the content change date, or the day it was put up


def stale_boards(db: Database, as_of: date) -> list[StaleBoard]:
    """宣传栏 still up whose content has not changed since this quarter began."""
    quarter_start = Period.quarter(as_of.year, quarter_of(as_of)).start_iso
    return [StaleBoard(*row) for row in db.execute(
        "SELECT s.id, s.checkpoint_id, c.name, s.description, "
        "coalesce(s.content_changed_on, s.placed_on) AS changed FROM publicity_sites s "
        "JOIN checkpoints c ON c.id = s.checkpoint_id "
        "WHERE s.deleted_at IS NULL AND c.deleted_at IS NULL AND c.active = 1 AND s.kind = ? "
        "AND (s.removed_on IS NULL OR s.removed_on > ?) AND changed < ? "
        "ORDER BY changed, c.name", [BOARD, as_of.isoformat(), quarter_start])]
