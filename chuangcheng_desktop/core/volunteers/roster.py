"""Roster fields the 全国志愿服务信息系统 uses: 志愿者编号, 服务类别 (its categories)."""

from __future__ import annotations

from typing import Any

from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.validation import InvalidValue, normalize_text


def parse_service_categories(value: Any) -> str:
    """服务类别 of the 全国志愿服务信息系统, one or several: "社区服务、环境保护"."""
    text = normalize_text(value)
    for mark in (",", "，", ";", "；", "/", " ", "|"):
        text = text.replace(mark, "、")
    chosen = []
    for part in (part for part in text.split("、") if part):
        category = vocab.SERVICE_CATEGORY_SYNONYMS.get(part, part)
        if category not in vocab.SERVICE_CATEGORIES:
            raise InvalidValue(f"“{part}”不是全国志愿服务信息系统的服务类别，可选："
                               + "、".join(vocab.SERVICE_CATEGORIES))
        if category not in chosen:
            chosen.append(category)
    return "、".join(chosen)
