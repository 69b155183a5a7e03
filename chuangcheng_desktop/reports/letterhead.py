"""The unit's own 文书版头 (设置 → 文书资料 → 文书版头): the content of a .docx the user
chose — red 版头, 发文字号 line, logo — copied to the top of a notice or 工作情况汇报, with
its pictures. Without one (or when it cannot be read) the built-in plain layout stays.
"""

from __future__ import annotations

import copy
import logging
from io import BytesIO
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn

logger = logging.getLogger(__name__)

_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"


def copy_body(source: Path, target: Any) -> bool:
    """Append the paragraphs and tables of ``source`` (a .docx) to ``target``, with their
    pictures; page setup, headers and footers of ``source`` are not taken."""
    try:
        letterhead = Document(str(source))
    except Exception as exc:  # noqa: BLE001 - any unreadable file: the plain layout instead
        logger.warning("letterhead %s not used: %s", source, exc)
        return False
    body = target.element.body
    anchor = body.find(qn("w:sectPr"))
    for element in letterhead.element.body.iterchildren():
        if element.tag not in (qn("w:p"), qn("w:tbl")):
            continue
        if element.tag == qn("w:p") and element.find(f".//{qn('w:sectPr')}") is not None:
            continue
        clone = copy.deepcopy(element)
        for blip in clone.iter(_BLIP):
            old = blip.get(_EMBED)
            part = letterhead.part.related_parts.get(old) if old else None
            if part is None:
                continue
            new_id, _image = target.part.get_or_add_image(BytesIO(part.blob))
            blip.set(_EMBED, new_id)
        anchor.addprevious(clone)
    return True
