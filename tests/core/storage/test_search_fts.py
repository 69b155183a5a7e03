"""Search through the FTS5 trigram index finds exactly the Chinese substrings a scan finds,
for words of every length, and stays exact through edits, the recycle bin and purging."""

from __future__ import annotations

import random

import pytest

from chuangcheng_desktop.core.storage import repository
from chuangcheng_desktop.core.storage.repository import ListQuery
from tests.conftest import sample

TITLES = ["文明交通劝导", "垃圾分类宣传", "敬老院慰问演出", "清理小广告", "广场舞展演",
          "中秋诗会", "“我们的节日”端午", 'say "hi" 英文', "鑫源小区议事会", "a"]
WORDS = ["文", "鑫", "淼", "小区", "中秋", "劝导", "垃圾分类", "我们的节日", "“我们", '"hi"',
         "广场 展演", "小 区", "不存在的词", "say", "a", "端午 鑫", "o"]


def _expected(ledger, word: str) -> set[str]:
    terms = repository.search_terms(word)
    return {row[0] for row in ledger.db.execute(
        "SELECT id FROM activities WHERE deleted_at IS NULL").fetchall()
        if all(t in ledger.db.execute("SELECT search_text FROM activities WHERE id = ?",
                                      [row[0]]).fetchone()[0] for t in terms)}


def _found(ledger, word: str) -> set[str]:
    rows = ledger.activities.list(ListQuery(text=word, limit=None))
    assert ledger.activities.count(ListQuery(text=word)) == len(rows)
    return {row["id"] for row in rows}


@pytest.fixture
def varied(ledger):
    rng = random.Random(3)
    ledger.activities.add_many([
        sample("activities", title=rng.choice(TITLES), place=rng.choice(["青松广场", "", "鑫源小区"]),
               content=rng.choice(["", "开展宣传。", "入户走访，发放资料。"]))
        for _ in range(120)])
    return ledger


# rare words through the index, common ones walk the table; budget 0: short words always
# through their trigrams
@pytest.mark.parametrize(("limit", "budget"), [(2000, 3.0), (3, 3.0), (2000, 0.0)])
def test_every_word_length_finds_exactly_the_substring_matches(varied, monkeypatch, limit,
                                                               budget):
    monkeypatch.setattr(repository, "SEARCH_PREFILTER_LIMIT", limit)
    monkeypatch.setattr(repository, "SEARCH_BUDGET_MS", budget)
    for word in WORDS:
        assert _found(varied, word) == _expected(varied, word), word


def test_the_index_follows_edits_the_recycle_bin_and_purging(varied):
    ledger = varied
    target = ledger.activities.list(ListQuery(text="鑫源小区议事会", limit=1))[0] if _found(
        ledger, "鑫源小区议事会") else ledger.activities.list(ListQuery(limit=1))[0]
    ledger.activities.update(target["id"], {"title": "淼淼书屋开放日"})
    for word in ("淼", "淼淼书屋", "书屋开放", "鑫源小区议事会", "鑫"):
        assert _found(ledger, word) == _expected(ledger, word), word
    assert target["id"] in _found(ledger, "淼淼书屋")
    ledger.activities.soft_delete(target["id"])
    assert target["id"] not in _found(ledger, "淼淼书屋")
    ledger.activities.restore(target["id"])
    assert target["id"] in _found(ledger, "淼")
    with ledger.db.atomic():  # purging deletes the row itself: the trigger drops its trigrams
        ledger.db.execute("DELETE FROM activities WHERE id = ?", [target["id"]])
    assert _found(ledger, "淼") == set() == _found(ledger, "淼淼书屋")
    integrity = ledger.db.execute(
        "INSERT INTO activities_fts(activities_fts, rank) VALUES ('integrity-check', 1)")
    assert integrity is not None


def test_a_rare_short_word_is_looked_up_not_scanned(varied):
    statements: list[str] = []
    varied.db.conn.set_trace_callback(statements.append)
    try:
        varied.activities.list(ListQuery(text="淼"))
        varied.activities.count(ListQuery(text="鑫源"))
    finally:
        varied.db.conn.set_trace_callback(None)
    assert any("activities_fts_terms" in s for s in statements)
    assert not any("INDEXED BY activities_live_search" in s for s in statements)


def test_a_bulk_insert_is_indexed_in_one_go_and_the_trigger_comes_back(ledger, monkeypatch):
    monkeypatch.setattr(repository, "BULK_INSERT_ROWS", 5)
    ledger.activities.add(sample("activities", title="之前的鑫源活动"))
    ledger.activities.add_many([sample("activities", title=f"淼淼读书会{n}") for n in range(8)])
    assert len(_found(ledger, "淼淼读书会")) == 8 and len(_found(ledger, "鑫源")) == 1
    triggers = {row[0] for row in ledger.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'activities'")}
    assert "activities_fts_insert" in triggers
    ledger.activities.add(sample("activities", title="之后的鑫源活动"))  # the trigger again
    assert len(_found(ledger, "鑫源")) == 2
    with pytest.raises(repository.ValidationError):  # a failed batch leaves nothing behind
        ledger.activities.add_many([sample("activities")] * 5 + [sample("activities", date="x")])
    assert "activities_fts_insert" in {row[0] for row in ledger.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
