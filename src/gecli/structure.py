"""The words a plan uses for its own parts (``data/structure.yaml``): the labels that open
an item ("Mục tiêu 2:", "Chỉ tiêu 3:")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from gecli.names import remembered
from gecli.yamlio import load_data_file


@dataclass(frozen=True)
class Label:
    kind: str  # "objective" or "target"
    number: int | None  # None: "Chỉ tiêu:" with no number
    written: str  # "Chỉ tiêu 1:" as printed, colon included


@cache
def _label_pattern() -> re.Pattern[str]:
    kinds = load_data_file("structure.yaml")["labels"]
    words = "|".join(f"(?P<{kind}>{'|'.join(map(re.escape, spellings))})" for kind, spellings in kinds.items())
    return re.compile(rf"\s*(?:{words})(?:\s+(?P<number>\d{{1,3}}))?\s*:", re.IGNORECASE)


@remembered
def label(text: str | None) -> Label | None:
    """The label that opens ``text`` ("Chỉ tiêu 1: Tăng tỷ lệ …" -> target 1), if any."""
    match = _label_pattern().match(text or "")
    if not match:
        return None
    kind = next(name for name, value in match.groupdict().items() if value and name != "number")
    number = int(match["number"]) if match["number"] else None
    return Label(kind, number, match[0].strip())
