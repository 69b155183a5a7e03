"""Render a .docx to PDF with LibreOffice and read back its typeset lines (poppler's
``pdftotext -bbox``), as a reviewer would measure a printed page.

The 公文 font names map to Noto CJK through ``scripts/render/fonts.conf``. Without
``soffice``/``pdftotext`` the tests skip, unless ``CHUANGCHENG_REQUIRE_RENDER`` is set
(``scripts/dev.sh test``, i.e. CI, which installs both): then they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

FONTS_CONF = Path(__file__).resolve().parents[3] / "scripts" / "render" / "fonts.conf"
_WORD = re.compile(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')
_PAGE_NUMBER = re.compile(r"[—\-\s\d]+")
OPENING_MARKS = ("（", "“", "‘", "《", "〔", "【")
_FULL_WIDTH = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’—]+")


def need_renderer() -> None:
    missing = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
    if not missing:
        return
    message = f"rendering needs {' and '.join(missing)} (libreoffice-writer-nogui, poppler-utils)"
    if os.environ.get("CHUANGCHENG_REQUIRE_RENDER"):
        pytest.fail(message)
    pytest.skip(message)


def to_pdf(docx: Path, out_dir: Path) -> Path:
    need_renderer()
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
             "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
            check=True, capture_output=True, timeout=180,
            env={**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)})
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = out_dir / (docx.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice wrote no PDF for {docx.name}"
    return pdf


@dataclass(frozen=True)
class Line:
    top: float
    left: float
    right: float
    text: str

    @property
    def page_number(self) -> bool:
        return bool(_PAGE_NUMBER.fullmatch(self.text))

    @property
    def full_width_only(self) -> bool:
        return bool(_FULL_WIDTH.fullmatch(self.text))


def pdf_pages(pdf: Path) -> list[list[Line]]:
    """Each page's lines (words on one baseline joined), top to bottom."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for page in re.split(r"<page ", xml)[1:]:
        rows: dict[int, list[tuple[float, float, str]]] = defaultdict(list)
        for x_min, y_min, x_max, word in _WORD.findall(page):
            rows[round(float(y_min))].append((float(x_min), float(x_max), word))
        pages.append([Line(top, min(w[0] for w in words), max(w[1] for w in words),
                           "".join(w[2] for w in sorted(words)))
                      for top, words in sorted(rows.items())])
    return pages


def text_lines(page: list[Line]) -> list[Line]:
    return [line for line in page if not line.page_number]


def full_lines(pages: list[list[Line]]) -> list[str]:
    """The text inside the block of each line that runs from the left edge of the text
    block to its right edge and holds full-width characters only (a justified body line
    without digits). A closing mark hung past the right edge (标点悬挂) is not counted."""
    lines = [line for page in pages for line in text_lines(page)]
    left = min(line.left for line in lines)
    right = Counter(round(line.right) for line in lines
                    if line.left < left + 2 and line.right > left + 300).most_common(1)[0][0]
    found = []
    for line, following in zip(lines, [*lines[1:], None], strict=True):
        if following is not None and (following.text.startswith(OPENING_MARKS)
                                      or following.text[:1].isdigit()):
            continue  # an opening mark may not end a line (行尾禁则), nor a number be split:
            # the line is justified a character or two short
        if line.left < left + 2 and line.right > right - 2 and line.full_width_only:
            found.append(line.text[:-1] if line.right > right + 4 else line.text)
    return found
