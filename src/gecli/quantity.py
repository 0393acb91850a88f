"""Targets as officials write them: "dưới 31,7/100.000 trẻ đẻ sống", "ít nhất 27%",
"giảm từ 73 xuống 55/1.000", "03 tin/quý", "55% (11/20)" — parsed into a comparator, a
value and a unit.

Numbers are Vietnamese: decimal comma, thousands dot ("1.000" is 1000, "99,75" is 99.75).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import cache, lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from gecli.catalog import Direction, units
from gecli.yamlio import load_data_file


class Comparator(str, Enum):
    """Cách so sánh: giá trị là cận dưới, cận trên, mức cần giữ hay chỉ cần đạt."""

    AT_LEAST = "at_least"  # đạt, có, ít nhất, không dưới  (≥)
    MORE_THAN = "more_than"  # trên  (>)
    AT_MOST = "at_most"  # còn, giảm còn, xuống còn, không quá  (≤)
    LESS_THAN = "less_than"  # dưới, xuống dưới  (<)
    AT = "at"  # ở mức, duy trì: a level to hold
    ABOUT = "about"  # khoảng: compared as ≥ (or ≤ for lower-is-better)
    ACHIEVED = "achieved"  # hoàn thành: no figure, a yes/no target

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]


_SYMBOLS = {
    Comparator.AT_LEAST: "≥",
    Comparator.MORE_THAN: ">",
    Comparator.AT_MOST: "≤",
    Comparator.LESS_THAN: "<",
    Comparator.AT: "=",
    Comparator.ABOUT: "≈",
    Comparator.ACHIEVED: "✓",
}

# A number as officials write it; a minus sign counts only where a number starts ("-5%"),
# not between two numbers ("50-60%").
NUMBER = r"(?:(?<![^\s(])[-−])?(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)"
_YEAR = re.compile(
    r"(?:(?:vào|đến|từ|trong|cuối|đến cuối|đến hết)\s+)?năm\s+\d{4}(?:\s+trở\s+đi)?", re.IGNORECASE
)
# "(11/20 cơ quan)": the noun may not hold another parenthesis, so every attempt stops at
# the next one and the search stays linear in the length of the text.
_FRACTION = re.compile(r"\(\s*(\d{1,12})\s*/\s*(\d{1,12})\s*([^()]*)\)")
_SPACES = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_WORD = re.compile(r"[^\W\d_]+")
MAX_WORDING = 1_000  # characters: a target is a phrase, not a page


@dataclass(frozen=True)
class _Vocabulary:
    """``data/comparators.yaml``, as word tuples."""

    before: dict[tuple[str, ...], Comparator]
    after: dict[tuple[str, ...], Comparator]
    longest: int
    negations: frozenset[str]
    uncertain: frozenset[str]
    achieved: frozenset[str]


@cache
def vocabulary() -> _Vocabulary:
    data = load_data_file("comparators.yaml")

    def phrases(section: dict) -> dict[tuple[str, ...], Comparator]:
        return {tuple(phrase.split()): Comparator(name) for name, listed in section.items() for phrase in listed}

    before = phrases(data["before"])
    return _Vocabulary(
        before,
        phrases(data["after"]),
        max(map(len, before)),
        frozenset(data["negations"]),
        frozenset(data["uncertain"]),
        frozenset(data["achieved"]),
    )


class _Refused(Exception):
    def __init__(self, reason: str):
        self.reason = reason


def comparator_before(text: str) -> Comparator | None:
    """The comparison the words just before a figure make ("phấn đấu đạt trên" -> more
    than), None for none. Raises :class:`_Refused` for a negation or an unclear word."""
    words = _WORD.findall(text)
    vocabulary_ = vocabulary()
    for size in range(min(vocabulary_.longest, len(words)), 0, -1):
        found = vocabulary_.before.get(tuple(words[-size:]))
        if found is not None:
            if len(words) > size and words[-size - 1] in vocabulary_.negations:
                raise _Refused("negated")  # "không đạt 50%": not a target
            return found
    if any(word in vocabulary_.negations for word in words[-2:]):
        raise _Refused("negated")  # "không 50%", "chưa tới 50%"
    if words and words[-1] in vocabulary_.uncertain:
        raise _Refused("unclear")
    return None


def _comparator_after(text: str) -> Comparator | None:
    words = tuple(_WORD.findall(text[:40]))
    return next((c for phrase, c in vocabulary().after.items() if words[: len(phrase)] == phrase), None)


# Accepted forms, shown when a target cannot be read.
ACCEPTED_FORMS = (
    '"đạt 60%"',
    '"ít nhất 27%"',
    '"trên 90%"',
    '"dưới 31,7/100.000 trẻ đẻ sống"',
    '"giảm còn 42/100.000"',
    '"giảm từ 73 xuống 55/1.000"',
    '"ở mức 111 bé trai/100 bé gái"',
    '"duy trì 100%"',
    '"khoảng 60%"',
    '"1,7 lần"',
    '"03 tin/quý"',
    '"55% (11/20)"',
    '"hoàn thành"',
)


def parse_number(text: str) -> Decimal:
    """'99,75' -> 99.75; '1.000' -> 1000; '32,5' -> 32.5; '03' -> 3; '1.7' -> 1.7; '-5' -> -5."""
    text = text.replace("−", "-")
    if re.fullmatch(r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        return Decimal(text.replace(".", "").replace(",", "."))
    return Decimal(text.replace(",", "."))


def format_number(value: Decimal, lang: str = "vi") -> str:
    """Vietnamese by default: 99.75 -> '99,75', 100000 -> '100.000'. Exact: every digit
    written is shown (no rounding to Decimal's 28-digit context)."""
    sign = "-" if value < 0 else ""
    integer, _, fraction = f"{value.copy_abs():f}".partition(".")
    fraction = fraction.rstrip("0")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    thousands, decimal = (".", ",") if lang == "vi" else (",", ".")
    return sign + thousands.join(groups) + (decimal + fraction if fraction else "")


@cache
def _unit_pattern() -> re.Pattern[str]:
    spellings = sorted(
        ((s.lower(), uid) for uid, unit in units().items() for s in unit.spellings),
        key=lambda pair: -len(pair[0]),
    )
    alternatives = "|".join(re.escape(s).replace(r"\ ", r"\s*") for s, _ in spellings)
    return re.compile(rf"(?P<num>{NUMBER})(?:\s*(?P<unit>{alternatives}))?", re.IGNORECASE)


@cache
def _unit_lookup() -> dict[str, str]:
    return {
        _SPACES.sub("", s.lower()): uid for uid, unit in units().items() for s in unit.spellings
    }


def with_unit(number: str, unit: str | None) -> str:
    """ "30" and percent -> "30%"; "31,7" and per_100k -> "31,7/100.000 trẻ đẻ sống"; "1,7 lần"."""
    if unit is None:
        return number
    shown = units()[unit].display
    return number + shown if shown.startswith(("%", "/", "‰")) else f"{number} {shown}"


def unit_id(spelling: str) -> str | None:
    """The unit id for a written unit ("/100.000 trẻ", "lần", "%"), or None."""
    return _unit_lookup().get(_SPACES.sub("", normalize(spelling).lower()))


def normalize(text: str) -> str:
    """NFC, one plain space between words, no invisible characters (a zero-width space
    after "đạt" must not hide the word)."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return _SPACES.sub(" ", text.replace("’", "'")).strip()


class Fraction(BaseModel):
    """Phân số đi kèm tỷ lệ: "(11/20 cơ quan)"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    numerator: int = Field(description="Tử số (số đạt).")
    denominator: int = Field(gt=0, description="Mẫu số (tổng số).")
    noun: str | None = Field(None, description='Danh từ đi kèm, ví dụ "cơ quan", "đơn vị".')


class Quantity(BaseModel):
    """Chỉ tiêu hoặc số liệu: cách so sánh, giá trị, đơn vị và cách viết gốc."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    raw: str | None = Field(None, description="Cách viết gốc, ví dụ \"dưới 31,7/100.000\".")
    comparator: Comparator | None = Field(
        None,
        description="Cách so sánh: at_least (đạt, ít nhất), more_than (trên), at_most (còn), "
        "less_than (dưới), at (ở mức, duy trì), about (khoảng), achieved (hoàn thành). "
        "Để trống khi văn bản chỉ ghi con số.",
    )
    value: Decimal | None = Field(None, description="Giá trị số (dấu chấm thập phân trong dạng có cấu trúc).")
    unit: str | None = Field(None, description="Mã đơn vị: percent, times, per_100k_live_births, ...")
    baseline: Decimal | None = Field(None, description='Giá trị xuất phát trong "giảm từ 73 xuống 55".')
    change: Literal["decrease", "increase"] | None = Field(
        None, description='"giảm"/"tăng" đứng ngay trước con số mà không nói tới mức nào.'
    )
    fraction: Fraction | None = Field(None, description='Phân số kèm theo: "55% (11/20 cơ quan)".')

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        structured = handler(core_schema)
        # What the schema can say of what gecli accepts: a wording holds a figure (or is a
        # yes/no wording), a unit is a known one, a number given as text is a number.
        properties = structured.get("properties", {})
        number = {"type": "string", "pattern": r"^\s*-?\d+(\.\d+)?\s*$"}
        for name in ("value", "baseline"):
            if name in properties:
                properties[name]["anyOf"] = [{"type": "number"}, number, {"type": "null"}]
        if "unit" in properties:
            properties["unit"]["anyOf"] = [{"type": "string", "enum": list(units())}, {"type": "null"}]
        achieved = "|".join(re.escape(words) for words in sorted(vocabulary().achieved))
        wording = {"type": "string", "minLength": 1, "maxLength": MAX_WORDING, "pattern": rf"\d|^\s*(?:{achieved})\s*\.?\s*$"}
        return {
            "description": "Chỉ tiêu viết như trong văn bản (\"đạt 60%\", \"dưới 31,7/100.000 trẻ đẻ sống\", "
            "\"giảm từ 73 xuống 55/1.000\", \"55% (11/20)\") hoặc dạng có cấu trúc {comparator, value, unit}.",
            "anyOf": [wording, {"type": "number"}, structured],
        }

    @model_validator(mode="before")
    @classmethod
    def _read_wording(cls, data: Any) -> Any:
        if isinstance(data, bool):
            raise PydanticCustomError("quantity_type", "expected a target wording", {"input": data})
        if isinstance(data, (int, float, Decimal)):
            return {"value": Decimal(str(data))}
        if isinstance(data, str):
            return parse_quantity(data)
        return data

    @model_validator(mode="after")
    def _check_unit(self) -> "Quantity":
        if self.unit is not None and self.unit not in units():
            raise PydanticCustomError(
                "unit_unknown", "unknown unit {unit}", {"unit": self.unit, "known": ", ".join(units())}
            )
        if self.value is not None and not self.value.is_finite():
            raise PydanticCustomError("quantity_not_finite", "not a finite number", {"input": str(self.value)})
        if self.value is None and self.comparator is not Comparator.ACHIEVED:
            raise PydanticCustomError("quantity_unparsed", "no figure", {"input": self.raw or "", "reason": "no_number"})
        return self

    def bound(self, direction: Direction) -> Comparator | None:
        """The comparator this target means for an indicator of ``direction``.

        A bare figure, "ở mức" or "khoảng" bounds the result the way the indicator improves.
        """
        if self.comparator not in (None, Comparator.AT, Comparator.ABOUT):
            return self.comparator
        if direction is Direction.LOWER:
            return Comparator.AT_MOST
        if direction is Direction.KEEP and self.comparator is not Comparator.ABOUT:
            return Comparator.AT
        return Comparator.AT_LEAST

    def with_unit(self, unit: str | None) -> "Quantity":
        return self if self.unit or not unit else self.model_copy(update={"unit": unit})

    def display(self, lang: str = "vi") -> str:
        """The figure with its unit, e.g. "30%", "31,7/100.000 trẻ đẻ sống"."""
        if self.value is None:
            return self.raw or "hoàn thành"
        return with_unit(format_number(self.value, lang), self.unit)

    def __str__(self) -> str:
        return self.raw or self.display()


def parse_quantity(text: str) -> dict[str, Any]:
    """Read one target wording into the fields of :class:`Quantity`.

    Raises ``PydanticCustomError('quantity_unparsed')`` with the reason when the wording
    holds no figure, more than one where one is expected, or words that make it no target
    ("không đạt 50%") or leave its meaning unclear.
    """
    if len(text) > MAX_WORDING:
        raise _unparsed(normalize(text[:MAX_WORDING]), "too_long", limit=MAX_WORDING)
    # Child plans copy their parents' wordings: most strings were read before.
    return dict(_parse_quantity(text))


def _unparsed(raw: str, reason: str, **extra: Any) -> PydanticCustomError:
    shown = raw if len(raw) <= 80 else raw[:79] + "…"
    return PydanticCustomError("quantity_unparsed", "cannot read target", {"input": shown, "reason": reason, **extra})


@lru_cache(maxsize=8192)
def _parse_quantity(text: str) -> dict[str, Any]:
    raw = normalize(text)
    low = raw.lower()
    result: dict[str, Any] = {"raw": raw}
    if not low:
        raise _unparsed(raw, "empty")

    # Years ("vào năm 2025", "từ năm 2025 trở đi") are not the figure.
    low = _YEAR.sub(" ", low)
    fraction = _FRACTION.search(low)
    if fraction:
        result["fraction"] = {
            "numerator": int(fraction.group(1)),
            "denominator": int(fraction.group(2)),
            "noun": fraction.group(3).strip() or None,
        }
        low = low[: fraction.start()] + " " + low[fraction.end() :]

    figures = list(_unit_pattern().finditer(low))
    if not figures:
        if low.strip(" .") in vocabulary().achieved:
            result["comparator"] = Comparator.ACHIEVED
            return result
        raise _unparsed(raw, "no_number")
    try:
        # "giảm từ 73 ca sinh/1.000 phụ nữ xuống 55/1.000": a start value and a target.
        if len(figures) == 2:
            between = low[figures[0].end() : figures[1].start()]
            moves = re.search(r"\b(xuống|lên)\b", between)
            if re.search(r"\btừ\s*$", low[: figures[0].start()]) and moves:
                start, target = figures
                result["baseline"] = parse_number(start.group("num"))
                return _read_figure(result, target, between[moves.start() :], low, unit_fallback=start.group("unit"))
        if len(figures) > 1:
            raise _Refused("several_numbers")
        return _read_figure(result, figures[0], low[: figures[0].start()], low, unit_fallback=None)
    except _Refused as refusal:
        numbers = ", ".join(f.group("num") for f in figures[:5]) + (", …" if len(figures) > 5 else "")
        raise _unparsed(raw, refusal.reason, numbers=numbers) from None


def _read_figure(
    result: dict[str, Any], figure: re.Match[str], before: str, low: str, unit_fallback: str | None
) -> dict[str, Any]:
    result["value"] = parse_number(figure.group("num"))
    spelled_unit = figure.group("unit") or unit_fallback
    if spelled_unit:
        result["unit"] = unit_id(spelled_unit)
    leading = comparator_before(before)
    if leading is None:
        # "giảm 00‰", "tăng 5%": a change with no level named.
        verb = re.search(r"\b(giảm|tăng)\s*$", before)
        if verb:
            result["change"] = "decrease" if verb.group(1) == "giảm" else "increase"
    trailing = _comparator_after(low[figure.end() :])
    if trailing is not None and leading is not None and _side(leading) not in (None, _side(trailing)):
        raise _Refused("contradictory")  # "dưới 30% trở lên"
    comparator = trailing or leading
    if comparator is not None:
        result["comparator"] = comparator
    return result


def _side(comparator: Comparator) -> str | None:
    """Which way a bound points: up (≥, >), down (≤, <), or neither."""
    if comparator in (Comparator.AT_LEAST, Comparator.MORE_THAN):
        return "up"
    if comparator in (Comparator.AT_MOST, Comparator.LESS_THAN):
        return "down"
    return None
