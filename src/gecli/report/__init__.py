"""`gecli report`: a reviewer's picture of a whole tree of plans, as one HTML page.

:func:`build_report` checks the paths (as `gecli validate` does) and returns a
:class:`TreeReport`: every plan in hierarchy order with, for each national indicator, its
target for the plan's year next to its parent's and the verdict `gecli diff` gives
(:func:`gecli.diff.diff_checked`, the same comparison), the plan's findings, and the
national milestones. :func:`gecli.report.html.html_pieces` turns it into the page;
:func:`run` is the command's body (check the output, build, render, write, say so).
"""

from __future__ import annotations

import gc
import sys
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from gecli.catalog import Indicator, indicators
from gecli.compare import Comparison, Figure, Verdict
from gecli.findings import Finding, Severity
from gecli.i18n import Message
from gecli.model import Level
from gecli.quantity import Quantity, format_number

_LEVEL_RANK = {level: rank for rank, level in enumerate(Level)}
# The finding a verdict raises, whose waiver the matrix shows.
_RULE_OF_VERDICT = {Verdict.WEAKER: "weaker-than-parent", Verdict.MISSING: "missing-indicator"}


@dataclass(frozen=True, slots=True)
class Side:
    """One plan's target for an indicator: the bound it sets (None: the plan names the
    indicator but sets no figure for the year) and where it is written ("plans/a.yaml:86")."""

    quantity: Quantity | None
    place: str | Message


@dataclass(frozen=True, slots=True)  # one per plan and indicator: half a million at national size
class Cell:
    """One plan × one national indicator."""

    indicator: Indicator
    mine: Side | None  # None: the plan does not set this indicator
    parents: Side | None  # None: no parent, or the parent does not set it
    comparison: Comparison | None  # None: no parent to compare with
    waived: str | None = None  # the written reason, when the finding this verdict raises is waived
    verdict: Verdict | None = field(init=False)  # the comparison's; None: no parent to compare with

    def __post_init__(self) -> None:
        object.__setattr__(self, "verdict", self.comparison.verdict if self.comparison is not None else None)


@dataclass(frozen=True)
class PlanRow:
    path: str
    label: Message
    level: Level
    year: int
    depth: int  # 0 for a plan whose parent is not among the rows
    parent_path: str | None
    parent_label: Message | None
    via: Message | str  # said when the parent is an ancestor standing in for a cited plan with no file
    cells: tuple[Cell, ...]  # one per national indicator, in catalog order
    findings: tuple[Finding, ...]
    counts: dict[Severity, int] = field(init=False)  # the findings that are not waived, by severity

    def __post_init__(self) -> None:
        counts = dict.fromkeys(Severity, 0)
        for finding in self.findings:
            if not finding.suppressed:
                counts[finding.severity] += 1
        object.__setattr__(self, "counts", counts)


@dataclass(frozen=True)
class National:
    """The national strategy the charts draw milestones from."""

    path: str
    label: Message
    milestones: dict[tuple[str, int], Side | None]  # (indicator, year) -> None: no figure (unconfirmed)
    in_tree: bool  # False: the strategy shipped with gecli, because the paths hold none


@dataclass
class TreeReport:
    paths: list[str]
    files: int
    counts: dict[Severity, int]
    waived: int
    rows: list[PlanRow]
    unread: dict[str, list[Finding]]  # findings of files that could not be read as plans
    national: National | None
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def clean_plans(self) -> int:
        return sum(1 for row in self.rows if not any(row.counts.values()))

    def verdict_totals(self, verdict: Verdict) -> tuple[int, int]:
        """How many cells have ``verdict``, and in how many plans."""
        per_row = [sum(1 for cell in row.cells if cell.verdict is verdict) for row in self.rows]
        return sum(per_row), sum(1 for n in per_row if n)


def _plans_and_parents(paths: list[str]):
    """Everything `gecli report` takes from `gecli validate`, in one place.

    Returns ``(report, pairs, strategy, in_tree)``: the validation report (its ``files`` and
    ``findings``), each plan read as ``(checked, parent, via)`` — ``checked`` a
    :class:`gecli.validate.CheckedPlan` (``.path``, ``.facts``, ``.label()``, ``.figures(year)``,
    ``.place(loc)``: the facts validate keeps of each plan), ``parent`` the plan it is compared with (as in validate's parent rules)
    or None, ``via`` the words saying the parent is an ancestor standing in for a cited plan
    with no file — ``strategy``, the national strategy to take milestones from (the one
    among the plans, else the one shipped with gecli; None if neither can be read), and
    ``in_tree``, whether it is among the plans.

    It relies on ``Report.plans`` holding the plans read (their facts) and on
    :class:`gecli.validate.Lineage` finding parents again.
    """
    from gecli.validate import Lineage, bundled_strategy, read_plan, validate

    report = validate(paths)
    lineage = Lineage(report.plans)
    pairs = []
    for checked in report.plans:
        try:
            subject = lineage.subject(checked)
        except Exception:  # validate reported it as an internal error for this file
            pairs.append((checked, None, ""))
            continue
        pairs.append((checked, subject.parent, subject.via))
    national = sorted((c for c in report.plans if c.facts.level is Level.QUOC_GIA), key=lambda c: c.path)
    strategy = national[0] if national else None
    if strategy is None:
        file = bundled_strategy()
        try:
            strategy, _ = read_plan(file, file.as_posix())
        except Exception:
            strategy = None
    return report, pairs, strategy, bool(national)


@contextmanager
def no_cyclic_gc():
    """Plans hold no reference cycles; as in validate, the cyclic collector is paused so it
    does not rescan thousands of plans each time a few hundred objects are made."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def build_report(paths: list[str]) -> TreeReport:
    """Check ``paths`` and gather what the page shows. Language-neutral: texts are
    :class:`Message` objects, turned into words by the renderer."""
    with no_cyclic_gc():
        return _build_report(paths)


def _build_report(paths: list[str]) -> TreeReport:
    from gecli.diff import diff_checked

    report, pairs, strategy, in_tree = _plans_and_parents(paths)
    catalog = list(indicators().values())
    by_file: dict[str, list[Finding]] = defaultdict(list)
    waivers: dict[tuple[str, str, str | None], str] = {}  # a weaker or missing target's waiver, from its finding
    for finding in report.findings:
        by_file[finding.file].append(finding)
        if finding.suppressed and finding.rule in _RULE_OF_VERDICT.values():
            waivers.setdefault((finding.file, finding.rule, finding.indicator), finding.suppressed)
    parent_sides: dict[tuple, Side | None] = {}  # siblings share their parent's figures

    # A plan compared with nothing (the national strategy) is shown for the year its
    # children are compared at, so its row reads against theirs (2025, not 2030).
    child_years: dict = defaultdict(Counter)
    for checked, parent, _ in pairs:
        if parent is not None:
            child_years[parent.file][checked.facts.year] += 1

    entries = []
    for checked, parent, via in pairs:
        year = checked.facts.year
        if parent is None and child_years.get(checked.file):
            year = max(child_years[checked.file].items(), key=lambda item: (item[1], item[0]))[0]
        cells = []
        if parent is not None:
            rows = {row.indicator.id: row for row in diff_checked(parent, checked).rows}
        else:
            rows = {}
            mine = checked.figures(year)
        for indicator in catalog:
            if parent is not None:
                row = rows.get(indicator.id)
                if row is None:
                    cells.append(Cell(indicator, None, None, None))
                    continue
                comparison = row.comparison
                rule = _RULE_OF_VERDICT.get(comparison.verdict)
                reason = waivers.get((checked.path, rule, indicator.id)) if rule else None
                key = (parent.file, year, indicator.id)
                if key not in parent_sides:
                    parent_sides[key] = _side(parent, row.parent)
                cells.append(Cell(indicator, _side(checked, row.child), parent_sides[key], comparison, reason))
            else:
                cells.append(Cell(indicator, _side(checked, mine.get(indicator.id)), None, None))
        entries.append((checked, parent, via, tuple(cells), year))

    rows = _in_hierarchy(entries, by_file)
    shown = {row.path for row in rows}
    unread = {file: found for file, found in sorted(by_file.items()) if file not in shown}
    waived = sum(1 for finding in report.findings if finding.suppressed)
    years = sorted({row.year for row in rows if row.parent_path is not None} or {row.year for row in rows})
    return TreeReport(
        paths=list(paths),
        files=report.files,
        counts=report.counts(),
        waived=waived,
        rows=rows,
        unread=unread,
        national=_national(strategy, in_tree, catalog, years),
        indicators=catalog,
    )


def _side(checked, figure: Figure | None) -> Side | None:
    if figure is None:
        return None
    return Side(figure.quantity, checked.place(figure.loc))


def _national(strategy, in_tree: bool, catalog: list[Indicator], years: list[int]) -> National | None:
    if strategy is None:
        return None
    milestones = {}
    for year in years:
        found = strategy.figures(year)
        for indicator in catalog:
            figure = found.get(indicator.id)
            milestones[indicator.id, year] = (
                None if figure is None or figure.quantity is None else _side(strategy, figure)
            )
    return National(strategy.path, strategy.label(), milestones, in_tree)


def _in_hierarchy(entries, by_file: dict[str, list[Finding]]) -> list[PlanRow]:
    """Rows in reading order: each plan followed by the plans whose parent it is, siblings
    by level then path, depth by the parent links (a loop of citations is cut where it is
    first entered)."""
    own = {checked.file: checked for checked, *_ in entries}
    children: dict = defaultdict(list)
    roots = []

    def order(entry):
        checked = entry[0]
        return (_LEVEL_RANK[checked.facts.level], checked.path)

    for entry in sorted(entries, key=order):
        checked, parent = entry[0], entry[1]
        if parent is not None and parent.file in own and parent.file != checked.file:
            children[parent.file].append(entry)
        else:
            roots.append(entry)
    rows: list[PlanRow] = []
    seen: set = set()

    def visit(entry, depth: int) -> None:
        # Iterative: a chain of plans may be deeper than Python's recursion limit.
        stack = [(entry, depth)]
        while stack:
            (checked, parent, via, cells, year), level = stack.pop()
            if checked.file in seen:
                continue
            seen.add(checked.file)
            rows.append(
                PlanRow(
                    path=checked.path,
                    label=checked.label(),
                    level=checked.facts.level,
                    year=year,
                    depth=level,
                    parent_path=parent.path if parent is not None else None,
                    parent_label=parent.label() if parent is not None else None,
                    via=via,
                    cells=cells,
                    findings=tuple(by_file.get(checked.path, ())),
                )
            )
            stack.extend((child, level + 1) for child in reversed(children.get(checked.file, [])))

    for entry in roots:
        visit(entry, 0)
    for entry in sorted(entries, key=order):  # plans in a loop of parents: no root reaches them
        if entry[0].file not in seen:
            visit(entry, 0)
    return rows


def run(paths: list[str], output: Path, force: bool = False, lang: str = "vi", err: TextIO | None = None) -> int:
    """The body of `gecli report`: 0 written (whatever the plans' findings: the page shows
    them), 2 nothing to report (a path that does not exist, no plan file) or the output
    cannot be written. Messages go to ``err`` (stderr)."""
    from gecli.files import OutputProblem, check_target, write_atomic
    from gecli.report.html import html_pieces

    err = err or sys.stderr

    def tell(message: Message) -> None:
        err.write(message.text(lang) + "\n")
        hint = message.hint(lang)
        if hint:
            err.write(f"→ {Message('fix_label').text(lang)}: {hint}\n")

    try:
        check_target(output, force)
    except OutputProblem as problem:
        tell(problem.message)
        return 2
    missing = [given for given in paths if not Path(given).exists()]
    for given in missing:
        tell(Message("file_missing", path=given))
    if missing:
        return 2
    with no_cyclic_gc():
        tree = build_report(paths)
        if tree.files == 0:
            tell(Message("report_no_plans", paths=" ".join(paths)))
            return 2
        try:
            write_atomic(output, html_pieces(tree, lang), force=force)
        except OutputProblem as problem:
            tell(problem.message)
            return 2
        # The command ends here: set what was built aside from the collector, so turning it
        # back on does not rescan thousands of plans (1.4 s at 10,000) just before exiting.
        gc.freeze()
    weaker, _ = tree.verdict_totals(Verdict.WEAKER)
    numbers = {
        "size": max(1, round(output.stat().st_size / 1024)),
        "plans": len(tree.rows),
        "errors": tree.counts[Severity.ERROR],
        "warnings": tree.counts[Severity.WARNING],
        "notes": tree.counts[Severity.NOTE],
        "weaker": weaker,
        "unread": len(tree.unread),
    }
    said = {name: format_number(Decimal(value), lang) for name, value in numbers.items()}
    tell(Message("report_written", path=output.as_posix(), **said))
    return 0
