"""How ambitious one target is next to another, for the same indicator.

Used by the `weaker-than-parent` rule and by `gecli diff`: one definition of "weaker".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from gecli.catalog import Direction, Indicator, units
from gecli.model import Plan, Target
from gecli.quantity import Comparator, Quantity
from gecli.records import sent_by_fields


class Verdict(str, Enum):
    STRONGER = "stronger"
    EQUAL = "equal"
    WEAKER = "weaker"
    MISSING = "missing"  # in the parent, not in the child
    EXTRA = "extra"  # in the child only
    INCOMPARABLE = "incomparable"  # units differ, or no figure on one side


@sent_by_fields
@dataclass(frozen=True, slots=True)
class Figure:
    """An indicator's target in one plan for one year, and where it is written."""

    quantity: Quantity | None
    loc: tuple[str | int, ...]


def figures(plan: Plan, year: int) -> dict[str, Figure]:
    """Each indicator's target for ``year``: the milestone of that year, else the latest
    earlier one; a target with none for that year has ``quantity`` None."""
    found: dict[str, Figure] = {}
    for base, target in plan.targets():
        if target.indicator in found:
            continue
        earlier = [w for w in _written(plan, base, target) if w[0] <= year]
        if earlier:
            _, quantity, loc = max(earlier, key=lambda w: w[0])
            found[target.indicator] = Figure(quantity, loc)
        else:
            found[target.indicator] = Figure(None, (*base, "target") if target.text else base)
    return found


def figure_years(plan: Plan) -> list[int]:
    """The years at which a plan's figures change: its milestones' and its own. Between two
    of them, `figures` gives the same answer."""
    return sorted({year for base, target in plan.targets() for year, _, _ in _written(plan, base, target)})


def _written(plan: Plan, base: tuple, target: Target) -> list[tuple[int, Quantity, tuple]]:
    written = [(m.year, m.target, (*base, "milestones", mi, "target")) for mi, m in enumerate(target.milestones)]
    stated = target.stated()
    if stated is not None:
        written.append((plan.year, stated, (*base, "target") if target.target is not None else (*base, "text")))
    return written


@dataclass(frozen=True, slots=True)
class Comparison:
    verdict: Verdict
    difference: Decimal | None = None  # child - parent, in the unit below
    unit: str | None = None
    approximate: bool = False  # one side says "khoảng": compared as a bound, said so


def _family(unit: str | None) -> str | None:
    return units()[unit].family if unit else None


def compare(parent: Quantity | None, child: Quantity | None, indicator: Indicator) -> Comparison:
    """Is ``child`` at least as ambitious as ``parent`` in the indicator's direction?

    Strictness counts at equality: "trên 90%" is stronger than "đạt 90%".
    """
    if parent is None and child is None:
        return Comparison(Verdict.INCOMPARABLE)
    if child is None:
        return Comparison(Verdict.MISSING if parent is not None else Verdict.INCOMPARABLE)
    if parent is None:
        return Comparison(Verdict.INCOMPARABLE)
    achieved = (parent.comparator is Comparator.ACHIEVED, child.comparator is Comparator.ACHIEVED)
    if any(achieved):
        return _compare_achieved(parent, child, achieved)
    if parent.value is None or child.value is None or child.change is not None:
        return Comparison(Verdict.INCOMPARABLE)
    unit = parent.unit or child.unit or indicator.unit
    if _family(parent.unit or indicator.unit) != _family(child.unit or indicator.unit):
        return Comparison(Verdict.INCOMPARABLE)
    lower_is_better = indicator.direction is Direction.LOWER
    parent_bound, child_bound = parent.bound(indicator.direction), child.bound(indicator.direction)
    upper = {Comparator.AT_MOST, Comparator.LESS_THAN}
    # A bound pointing the wrong way ("dưới 30%" for a higher-is-better share) cannot be ranked.
    if (parent_bound in upper) != lower_is_better or (child_bound in upper) != lower_is_better:
        if not (parent_bound is Comparator.AT and child_bound is Comparator.AT):
            return Comparison(Verdict.INCOMPARABLE)
    difference = child.value - parent.value
    approximate = Comparator.ABOUT in (parent.comparator, child.comparator)
    better = -difference if lower_is_better else difference
    if better == 0:
        strict = {Comparator.MORE_THAN, Comparator.LESS_THAN}
        better = (child_bound in strict) - (parent_bound in strict)
    verdict = Verdict.STRONGER if better > 0 else Verdict.WEAKER if better < 0 else Verdict.EQUAL
    return Comparison(verdict, difference, unit, approximate)


def _compare_achieved(parent: Quantity, child: Quantity, achieved: tuple[bool, bool]) -> Comparison:
    """A yes/no target next to "hoàn thành" or "100%"."""
    other = child if achieved[0] else parent
    if all(achieved) or (other.unit in (None, "percent") and other.value == 100):
        return Comparison(Verdict.EQUAL)
    if achieved[0] and other.value is not None and other.unit in (None, "percent"):
        return Comparison(Verdict.WEAKER, other.value - 100, "percent")
    return Comparison(Verdict.INCOMPARABLE)


@dataclass(frozen=True)
class Stated:
    """A target as the bound it sets, shown in the reader's language when a message is printed."""

    quantity: Quantity | None
    indicator: Indicator

    def text(self, lang: str) -> str:
        return stated(self.quantity, self.indicator, lang)


def stated(quantity: Quantity | None, indicator: Indicator, lang: str = "vi") -> str:
    """The bound a target sets, e.g. "≥ 30%", "< 31,7/100.000 trẻ đẻ sống", "hoàn thành"."""
    if quantity is None:
        return "—"
    if quantity.value is None:
        return quantity.raw or "✓"
    shown = quantity.with_unit(indicator.unit).display(lang)
    if quantity.change is not None:
        return quantity.raw or shown
    bound = quantity.bound(indicator.direction)
    prefix = "≈ " if quantity.comparator is Comparator.ABOUT else f"{bound.symbol} " if bound else ""
    return prefix + shown
