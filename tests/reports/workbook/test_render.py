"""The community demo workbook printed through LibreOffice, read back from the PDF:
no page holds fewer than 5 rows unless it is the last page of its sheet, every sheet
numbers its pages 1…N by itself, and the body prints at 10 pt (a CJK character 10 pt wide)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from datetime import date

import pytest

from chuangcheng_desktop.core.demo.builder import generate_demo_data
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.workbook.ledger_export import export_workbook
from chuangcheng_desktop.reports.workbook.ledger_sheets import SHEETS

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="needs libreoffice-calc-nogui and poppler-utils (scripts/dev.sh installs them)")

TODAY = date(2026, 11, 30)
WORD = re.compile(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE_NUMBER = re.compile(r"第(\d+)页 共(\d+)页")
CJK_ONLY = re.compile(r"^[\u4e00-\u9fff]{8,}$")


def _pdf(tmp_path):
    data = tmp_path / "data"
    with Ledger.open_in(data, actor="测试员") as ledger:
        generate_demo_data(ledger, data / "attachments", scale="community", today=TODAY)
        out = export_workbook(ledger, Period.year_of(2026), tmp_path / "迎检台账.xlsx", today=TODAY)
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=300)
    return tmp_path / "迎检台账.pdf"


def _pages(pdf):
    text = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = []
    for chunk in text.split("<page ")[1:]:
        words = [(float(a), float(b), float(c), float(d), html.unescape(w))
                 for a, b, c, d, w in WORD.findall(chunk)]
        joined = " ".join(w[4] for w in words)
        number = PAGE_NUMBER.search(joined)
        heads = [w for w in words if w[4] in ("序号", "名次")]
        rows = 0
        if heads:
            left, right = min(h[0] for h in heads) - 4, max(h[2] for h in heads) + 4
            rows = sum(1 for w in words if w[4].isdigit() and left <= w[0] and w[2] <= right)
        pages.append((int(number[1]), int(number[2]), rows, words))
    return pages


def test_demo_workbook_prints_full_pages_numbered_per_sheet_at_10_pt(tmp_path):
    pages = _pages(_pdf(tmp_path))
    # each sheet runs 第1页 … 第N页 共N页
    sheets, current = [], None
    for number, total, rows, _ in pages:
        if number == 1:
            current = []
            sheets.append((total, current))
        current.append((number, rows))
    assert len(sheets) == len(SHEETS)
    for total, numbers in sheets:
        assert [n for n, _ in numbers] == list(range(1, total + 1))
        for number, rows in numbers:
            assert rows >= 5 or number == total, (total, number, rows)
    # the body at 10 pt: a run of Chinese characters is 10 pt per character
    widths = [(w[2] - w[0]) / len(w[4]) for _, _, _, words in pages for w in words
              if CJK_ONLY.match(w[4])]
    assert widths and min(widths) >= 9.8, min(widths)
