"""The phrase bank (``resources/report/phrases.json``) and a deterministic chooser.

Every figure kind has several phrasings. A :class:`PhrasePicker` chooses among them from
the draft's seed, never the same phrasing twice in one draft while another is still
unused, so two sections never read the same. Each choice is recorded as a phrase id
("category_count#3") so that redrafting one section can avoid what the others use.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from chuangcheng_desktop.paths import resource_path

_FIELD = re.compile(r"\{(\w+)\}")


class PhraseError(Exception):
    """A phrasing was filled with a missing or empty value (a bug, never shown)."""


@lru_cache(maxsize=1)
def phrase_bank() -> dict[str, Any]:
    with resource_path("report", "phrases.json").open(encoding="utf-8") as handle:
        return json.load(handle)


class PhrasePicker:
    def __init__(self, seed: int, *, used: Iterable[str] = (), offset: int = 0) -> None:
        self.seed = seed
        self.offset = offset
        self.used: set[str] = set(used)
        self.chosen: list[str] = []

    def say(self, kind: str, **values: Any) -> str:
        """One phrasing of ``kind`` filled with ``values`` (already formatted text)."""
        options = phrase_bank()[kind]
        index = self._choose(kind, len(options))
        return fill(options[index], values)

    def cycle(self, kind: str, index: int, **values: Any) -> str:
        """The ``index``-th phrasing of ``kind`` in turn (for items of one list, so that
        neighbouring items are worded differently)."""
        options = phrase_bank()[kind]
        start = zlib.crc32(f"{self.seed}:{kind}".encode()) + self.offset
        return fill(options[(start + index) % len(options)], values)

    def _choose(self, kind: str, count: int) -> int:
        start = (zlib.crc32(f"{self.seed}:{kind}".encode()) + self.offset) % count
        order = [(start + step) % count for step in range(count)]
        free = [i for i in order if f"{kind}#{i}" not in self.used]
        index = free[0] if free else order[0]
        phrase_id = f"{kind}#{index}"
        self.used.add(phrase_id)
        self.chosen.append(phrase_id)
        return index


def fill(template: str, values: dict[str, Any]) -> str:
    """Fill ``{name}`` fields; refuses missing or empty values so no seam is ever printed."""

    def value(match: re.Match[str]) -> str:
        name = match[1]
        if name not in values:
            raise PhraseError(f"phrase field {name!r} missing in {template!r}")
        text = str(values[name])
        if text.strip() in ("", "None", "nan"):
            raise PhraseError(f"phrase field {name!r} is empty in {template!r}")
        return text

    return _FIELD.sub(value, template)


def fixed(kind: str, key: str) -> str:
    """A phrase that depends on a choice rather than on the seed (intro_close by kind)."""
    return phrase_bank()[kind][key]
