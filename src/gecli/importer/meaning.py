"""Identity by meaning: which national indicator a sentence is about (the catalog's phrases,
matched exactly or — for typos and spacing — with rapidfuzz), and which words of it are the
target's wording ("đạt ít nhất 31%"), cut from the sentence verbatim. Never by the local
number: local numbering drifts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from gecli.catalog import indicators, units
from gecli.names import fold
from gecli.quantity import _FRACTION, _WORD, _YEAR, _unit_pattern, parse_number, unit_id, vocabulary

FUZZY_ENOUGH = 92  # rapidfuzz partial_ratio for a phrase written with a typo ("truyển thanh")
_PUNCTUATION = re.compile(r"[^\w%‰ ]+")
_SPACES = re.compile(r"\s+")


def comparable(text: str) -> str:
    """Lower case, new tone placement, "sỹ" as "sĩ", punctuation as spaces."""
    text = fold(text.lower()).replace("sỹ", "sĩ").replace("tỉ ", "tỷ ")
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


@cache
def _phrases() -> list[tuple[str, str]]:
    """(comparable phrase, indicator id), longest first: a phrase that belongs to one
    indicator wins over a shorter, shared one."""
    found = {(comparable(phrase), indicator.id) for indicator in indicators().values() for phrase in indicator.phrases}
    return sorted(found, key=lambda pair: -len(pair[0]))


@dataclass(frozen=True)
class Match:
    indicator: str | None  # None: nothing, or two indicators equally likely
    score: int  # length of the phrase found (longer is surer); 0 for none
    exact: bool


def indicator_of(text: str) -> Match:
    """The indicator ``text`` speaks of, by the longest catalog phrase it holds."""
    plain = f" {comparable(text)} "
    best: dict[str, tuple[int, bool]] = {}
    for phrase, indicator in _phrases():
        if f" {phrase} " in plain:
            best.setdefault(indicator, (len(phrase), True))
        elif len(phrase) >= 12 and fuzz.partial_ratio(phrase, plain) >= FUZZY_ENOUGH:
            best.setdefault(indicator, (len(phrase) - 1, False))
    if not best:
        return Match(None, 0, False)
    ranked = sorted(best.items(), key=lambda pair: -pair[1][0])
    (first, (score, exact)), rest = ranked[0], ranked[1:]
    if rest and rest[0][1][0] == score:
        return Match(None, score, exact)  # a tie: say so rather than choose
    return Match(first, score, exact)


@dataclass(frozen=True)
class Wording:
    text: str | None  # the verbatim words of the target, or None
    problem: str | None = None  # why none: "no_figure", "ambiguous"


def wording(clause: str, indicator: str, hint: tuple[str | None, str | None] | None = None) -> Wording:
    """The smallest verbatim piece of ``clause`` holding the comparison words and the figure
    of ``indicator``'s target ("Tăng tỷ lệ … đạt 50%." -> "đạt 50%"). Several figures that
    could all be it: the one the appendix gives (``hint``: its figure and unit), else none."""
    low = clause.lower()
    if len(low) != len(clause):  # a letter whose lower case changes length: positions would drift
        low = clause
    skipped = [m.span() for m in _YEAR.finditer(low)] + [m.span() for m in _FRACTION.finditer(low)]
    figures = [m for m in _unit_pattern().finditer(low) if not any(a <= m.start() < b for a, b in skipped)]
    if not figures:
        return Wording(None, "no_figure")
    # "giảm từ 70 ca sinh/1.000 phụ nữ xuống 55/1.000 phụ nữ": a start value and the target.
    for first, second in zip(figures, figures[1:]):
        if re.search(r"\btừ\s*$", low[: first.start()]) and re.search(r"\b(?:xuống|lên)\b", low[first.end() : second.start()]):
            start = _phrase_start(low, first.start(), with_from=True)
            return Wording(clause[start : _end(low, second)].strip(" ,;"))
    # One figure is the target even in a unit the indicator is not measured in ("0%" for
    # maternal deaths): that defect is the checker's to report. Among several, the unit and
    # then the appendix's figure decide; if they do not, nothing is guessed.
    fitting = figures if len(figures) == 1 else [m for m in figures if _fits(m, indicator)]
    if len(fitting) > 1 and hint is not None:
        fitting = [m for m in fitting if _same_figure(m, hint)]
    if len(fitting) != 1:
        return Wording(None, "ambiguous")
    figure = fitting[0]
    return Wording(clause[_phrase_start(low, figure.start()) : _end(low, figure)].strip(" ,;"))


def _fits(figure: re.Match, indicator: str) -> bool:
    """A figure whose unit, if written, is one the indicator is measured in."""
    written = figure.group("unit")
    if not written:
        return True
    unit = unit_id(written)
    families = {units()[u].family for u in indicators()[indicator].units}
    return unit is None or units()[unit].family in families


def _same_figure(figure: re.Match, hint: tuple[str | None, str | None]) -> bool:
    value, unit = hint
    if value is None:
        return False
    try:
        same_value = parse_number(figure.group("num")) == parse_number(value)
    except ArithmeticError:
        return False
    written = unit_id(figure.group("unit")) if figure.group("unit") else None
    return same_value and (unit is None or written is None or units()[written].family == units()[unit].family)


def _phrase_start(low: str, at: int, with_from: bool = False) -> int:
    """Where the comparison words before position ``at`` begin ("ít nhất" in "đạt ít nhất
    31%"; "giảm từ" before a start value), including a "giảm"/"tăng" that opens them."""
    words = [(m.group(0), m.start()) for m in _WORD.finditer(low, max(0, at - 80), at)]
    take = 0
    if with_from and words and words[-1][0] == "từ":
        take = 1
    else:
        # "ở mức dưới", "đạt ít nhất": a phrase may follow another; both belong to the wording.
        known = vocabulary().before
        for _ in range(2):
            rest = words[: len(words) - take]
            size = next((n for n in range(min(vocabulary().longest, len(rest)), 0, -1) if tuple(w for w, _ in rest[-n:]) in known), 0)
            if not size:
                break
            take += size
    if take < len(words) and words[len(words) - take - 1][0] in ("giảm", "tăng"):
        take += 1  # "giảm 00‰", "tăng từ …": the verb belongs to the wording
    return words[-take][1] if take else at


def _end(low: str, figure: re.Match) -> int:
    """The end of the figure and its unit, and of a "trở lên" after it."""
    after = re.match(r"\s*trở\s+(?:lên|xuống)\b", low[figure.end() : figure.end() + 20])
    return figure.end() + (after.end() if after else 0)
