"""`gecli diff`: a parent and a child plan side by side, indicator by indicator."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from gecli.catalog import Indicator, indicators
from gecli.compare import Comparison, Figure, Verdict, compare, stated
from gecli.findings import Finding
from gecli.i18n import Message
from gecli.quantity import format_number, with_unit
from gecli.validate import CheckedPlan, read_plan

FORMAT_VERSION = 1


@dataclass(frozen=True)
class DiffRow:
    indicator: Indicator
    parent: Figure | None
    child: Figure | None
    comparison: Comparison

    @property
    def verdict(self) -> Verdict:
        return self.comparison.verdict


@dataclass(frozen=True)
class PlanDiff:
    parent: CheckedPlan
    child: CheckedPlan
    rows: list[DiffRow]

    @property
    def regressions(self) -> list[DiffRow]:
        return [row for row in self.rows if row.verdict in (Verdict.WEAKER, Verdict.MISSING)]


class DiffError(Exception):
    """One of the two files is not a valid plan: its findings say why."""

    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} findings")
        self.findings = findings


def diff_plans(parent_path: str, child_path: str) -> PlanDiff:
    loaded = []
    for given in (parent_path, child_path):
        checked, problems = read_plan(Path(given), Path(given).as_posix())
        if checked is None:
            raise DiffError(problems)
        loaded.append(checked)
    return diff_checked(*loaded)


def diff_checked(parent: CheckedPlan, child: CheckedPlan) -> PlanDiff:
    """Two plans already read, side by side: the one comparison `gecli diff` and
    `gecli report` make (each indicator's target for the child's year)."""
    year = child.facts.year
    above, below = parent.figures(year), child.figures(year)
    order = list(above) + [i for i in below if i not in above]
    rows = []
    for indicator_id in order:
        indicator = indicators()[indicator_id]
        up, down = above.get(indicator_id), below.get(indicator_id)
        if up is None:
            comparison = Comparison(Verdict.EXTRA)
        elif down is None:
            comparison = Comparison(Verdict.MISSING)
        else:
            comparison = compare(up.quantity, down.quantity, indicator)
        rows.append(DiffRow(indicator, up, down, comparison))
    return PlanDiff(parent, child, rows)


def difference_text(row: DiffRow, lang: str) -> str:
    """"−30 điểm %", "+0,8/100.000 trẻ đẻ sống", or "" when there is no difference to state."""
    return comparison_difference(row.comparison, lang)


def comparison_difference(comparison: Comparison, lang: str) -> str:
    """The difference a comparison found, as :func:`difference_text` says it."""
    if not comparison.difference:  # None, or 0 (the verdict column says "bằng")
        return ""
    value: Decimal = comparison.difference
    sign = "+" if value > 0 else "−"
    number = sign + format_number(abs(value), lang)
    if comparison.unit == "percent":
        return Message("percentage_points", value=number).text(lang)
    return with_unit(number, comparison.unit)


def side_text(figure: Figure | None, indicator: Indicator, lang: str) -> str:
    if figure is None:
        return "—"
    if figure.quantity is None:
        return Message("diff_no_figure").text(lang)
    return stated(figure.quantity, indicator, lang)


def as_json(diff: PlanDiff, lang: str) -> dict:
    return {
        "version": FORMAT_VERSION,
        "parent": diff.parent.path,
        "child": diff.child.path,
        "year": diff.child.facts.year,
        "rows": [
            {
                "indicator": row.indicator.id,
                "parent": _wording(row.parent),
                "child": _wording(row.child),
                "verdict": row.verdict.value,
                "difference": None if row.comparison.difference is None else str(row.comparison.difference),
                "unit": row.comparison.unit,
            }
            for row in diff.rows
        ],
    }


def _wording(figure: Figure | None) -> str | None:
    if figure is None or figure.quantity is None:
        return None
    return figure.quantity.raw or figure.quantity.display()
