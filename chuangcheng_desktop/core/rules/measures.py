"""成效数据: the user's own words, and the figures read out of them for statistics.

The user writes what the activity achieved as they like — “清理杂物 2 车；张贴海报 30 张”
or “楼道焕然一新，居民反映良好”. The text is kept exactly as typed
(``activities.measures_text``); every “name number unit” found in it becomes one figure
(``activities.measures``, {key: number}) that the statistics add up. A key is the name
alone when the unit is the one the name usually has (vocab.MEASURE_UNITS), otherwise
“name（unit）”, so different units are never added together. Units are normalised:
平方米, 平米, ㎡, m2 are all m².
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.formatting import format_number
from chuangcheng_desktop.core.rules.validation import InvalidValue, normalize_text, parse_amount

# the spelling a unit is stored under, for the ways people write it
UNIT_SYNONYMS = {
    "平方米": "m²", "平米": "m²", "㎡": "m²", "m2": "m²", "M2": "m²", "m²": "m²",
    "平方": "m²", "米²": "m²",
    "公里": "千米", "km": "千米", "米": "米", "m": "米",
    "吨": "吨", "t": "吨", "公斤": "千克", "kg": "千克", "千克": "千克", "斤": "斤",
    "份": "份", "处": "处", "车": "车", "人次": "人次", "户": "户", "块": "块", "条": "条",
    "幅": "幅", "张": "张", "个": "个", "人": "人", "次": "次", "场": "场", "袋": "袋",
    "棵": "棵", "株": "株", "本": "本", "件": "件", "箱": "箱", "辆": "辆", "面": "面",
    "期": "期", "篇": "篇", "小时": "小时", "天": "天", "家": "家", "栋": "栋", "间": "间",
}
_SEPARATORS = re.compile(r"[；;，,、。\n]+")
# a number (with decimals), then an optional unit: the longest known spelling first,
# otherwise one CJK character (any other unit the user writes: 筐, 盆, 盏)
_KNOWN = "|".join(sorted((re.escape(u) for u in UNIT_SYNONYMS), key=len, reverse=True))
_FIGURE = re.compile(
    rf"(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>{_KNOWN}|[\u4e00-\u9fff])?")
_UNIT_IN_KEY = re.compile(r"(?P<name>.+?)[（(](?P<unit>[^（）()]+)[）)]")
MAX_TEXT = 1000


@dataclass(frozen=True)
class Measure:
    name: str
    number: float
    unit: str

    @property
    def key(self) -> str:
        return measure_key(self.name, self.unit)


def normalise_unit(unit: str) -> str:
    unit = unit.strip()
    return UNIT_SYNONYMS.get(unit, unit)


def measure_key(name: str, unit: str) -> str:
    """“发放宣传资料” for 份 (its usual unit) or no unit; “清理杂物（车）” otherwise."""
    unit = normalise_unit(unit)
    usual = vocab.MEASURE_UNITS.get(name)
    if not unit or unit == usual:
        return name
    return f"{name}（{unit}）"


def extract_measures(text: str) -> list[Measure]:
    """Every “name number unit” in ``text``, in the order written; free text is skipped."""
    found: list[Measure] = []
    for part in _SEPARATORS.split(normalize_text(text)):
        part = part.strip()
        match = _FIGURE.search(part)
        if match is None:
            continue
        name = part[:match.start()].strip(" ：:").strip()
        if not name:  # “2车垃圾”: the words after the figure name it
            name = part[match.end():].strip(" ：:").strip()
        if not name:
            continue
        unit = match["unit"] or ""
        unit_in_name = _UNIT_IN_KEY.fullmatch(name)
        if unit_in_name and not unit:  # “植树（棵） 12”
            name, unit = unit_in_name["name"], unit_in_name["unit"]
        found.append(Measure(name, float(match["number"]), normalise_unit(unit)))
    return found


def measures_from_text(text: str) -> dict[str, float]:
    """{key: number} for the statistics (the same key written twice is added up)."""
    figures: dict[str, float] = {}
    for measure in extract_measures(text):
        figures[measure.key] = figures.get(measure.key, 0.0) + measure.number
    return figures


def parse_measures(value: Any) -> dict[str, float]:
    """Activity figures as {key: number}: from a dict, JSON text, or the user's text (which
    may hold no figure at all: then none are counted)."""
    if isinstance(value, Mapping):
        items = list(value.items())
    else:
        text = normalize_text(value)
        if not text:
            return {}
        if not text.startswith("{"):
            return measures_from_text(text)
        try:
            items = list(json.loads(text).items())
        except (json.JSONDecodeError, AttributeError) as exc:
            raise InvalidValue("格式无法识别，请按“发放宣传资料 200份；清理面积 300m²”填写") from exc
    figures: dict[str, float] = {}
    for name, number in items:
        name = normalize_text(name)
        if not name:
            raise InvalidValue("每一项都要有名称，请按“发放宣传资料 200份”填写")
        unit_in_key = _UNIT_IN_KEY.fullmatch(name)
        if unit_in_key:  # “植树(棵)” and “植树（棵）” are one figure
            name = measure_key(unit_in_key["name"], unit_in_key["unit"])
        try:
            figures[name] = parse_amount(number)
        except InvalidValue as exc:
            raise InvalidValue(f"“{name}”的数量{exc.reason}") from exc
    return figures


def parse_measures_text(value: Any) -> str:
    """The user's text, kept as typed (only trailing spaces and line ends trimmed)."""
    text = "" if value is None else str(value).strip()
    if len(text) > MAX_TEXT:
        raise InvalidValue(f"不能超过{MAX_TEXT}个字（现有{len(text)}个字），请精简")
    return text


def measures_text(figures: Mapping[str, float]) -> str:
    """{"发放宣传资料": 200, "清理杂物（车）": 2} → “发放宣传资料 200份；清理杂物 2车”
    (for records that came with figures only: the demo, old databases)."""
    parts = []
    for key, number in figures.items():
        match = _UNIT_IN_KEY.fullmatch(key)
        name, unit = (match["name"], match["unit"]) if match else (
            key, vocab.MEASURE_UNITS.get(key, ""))
        parts.append(f"{name} {format_number(number)}{unit}")
    return "；".join(parts)
