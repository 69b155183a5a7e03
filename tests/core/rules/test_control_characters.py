"""Control characters and bidi overrides are dropped from every value (fault 8)."""

from __future__ import annotations

import pytest
from docx import Document

from chuangcheng_desktop.cli import main
from chuangcheng_desktop.core.rules.validation import clean_prose, normalize_text
from chuangcheng_desktop.core.storage.ledger import Ledger
from tests.conftest import sample

BELL_AND_BIDI = ["青松\x07社区", "青松\u202e社区", "青\x00松\u2066社\u200f区\x1b", "青松\u061c社区\x7f"]


@pytest.mark.parametrize("typed", BELL_AND_BIDI)
def test_single_line_values_lose_controls_and_bidi_overrides(typed):
    assert clean_prose(typed) == "青松社区"
    assert normalize_text(typed) == "青松社区"


def test_a_multi_line_value_keeps_tab_and_line_breaks_only():
    assert clean_prose("第一行\t甲\x08\n第二行\u202d", multiline=True) == "第一行\t甲\n第二行"


def test_a_record_saved_with_controls_is_stored_clean(ledger):
    activity = ledger.activities.add(sample("activities", title="文明\x07交通\u202e劝导",
                                            content="内容\x0c一\n内容二"))
    assert activity["title"] == "文明交通劝导"
    assert "\x0c" not in activity["content"]


def test_profile_with_a_bell_character_still_gives_a_report(tmp_path, capsys):
    folder = tmp_path / "d"
    with Ledger.open_in(folder) as ledger:
        ledger.activities.add(sample("activities"))
    assert main(["profile", "--data-dir", str(folder), "--set", "unit_name=青松\x07社区"]) == 0
    out = tmp_path / "总结.docx"
    assert main(["report", "--data-dir", str(folder), "--period", "2026", "--out", str(out)]) == 0
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "青松社区" in text and "\x07" not in text
