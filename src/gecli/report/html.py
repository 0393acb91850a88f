"""The page of `gecli report`: one self-contained HTML file.

No network: the stylesheet is inline, the charts are inline SVG, there is no script, and a
Content-Security-Policy forbids loading anything (a plan file is untrusted: whatever it
holds is escaped, and even a slip could fetch nothing). Deterministic: same report, same
bytes (no clock, stable order). The page's words come from ``data/messages.yaml``.

Built for thousands of plans: the matrix is a grid of ``div`` rows (ARIA roles table, row,
cell) in blocks the browser lays out only when they come into view (``content-visibility``),
like the charts and each plan's findings; cells and findings are written by Python, the rest
by the Jinja template ``page.html.j2``. Each matrix cell carries one short class that says
the verdict (the stylesheet adds the colour and a symbol, so colour is never the only signal):

    s stronger  e equal  w weaker  m missing  x extra  i incomparable
    n no parent to compare with   o set by neither plan
    wv waived (added to w or m)   na not usually applicable at the plan's level (added to m)
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from gecli import __version__
from gecli.catalog import Indicator, objectives, units
from gecli.compare import Verdict, stated
from gecli.diff import comparison_difference
from gecli.findings import Finding, Severity
from gecli.i18n import catalog, excerpt
from gecli.i18n import render as say
from gecli.i18n import show
from gecli.quantity import Quantity, format_number, with_unit
from gecli.report import Cell, PlanRow, Side, TreeReport, no_cyclic_gc
from gecli.report.chart import Line, Point, scatter

HERE = Path(__file__).parent
VERDICT_CLASS = {
    Verdict.STRONGER: "s",
    Verdict.EQUAL: "e",
    Verdict.WEAKER: "w",
    Verdict.MISSING: "m",
    Verdict.EXTRA: "x",
    Verdict.INCOMPARABLE: "i",
}
NO_PARENT, NEITHER = "n", "o"
# Units as short as a column allows; the column's tooltip gives the full name.
_SHORT_UNIT = {"per_100k_live_births": "/100.000", "per_1000_women": "/1.000", "boys_per_100_girls": "trai/100 gái"}
_MAX_DEPTH_CLASS = 6
_CHART_NAMES = 8  # plan names listed in a chart point's tooltip
BLOCK = 40  # matrix rows laid out together


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(HERE),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(tree: TreeReport, lang: str = "vi") -> bytes:
    """The page, in ``lang`` ("vi" or "en"), as UTF-8 bytes."""
    return b"".join(html_pieces(tree, lang))


def html_pieces(tree: TreeReport, lang: str = "vi") -> Iterator[bytes]:
    """The page as UTF-8 bytes, a piece at a time as the template makes it, so that a
    national page (over a hundred megabytes) is never held whole, as text and as bytes."""
    with no_cyclic_gc():
        page = _Page(tree, lang)
        template = _environment().get_template("page.html.j2")
        css = (HERE / "page.css").read_text(encoding="utf-8")
        pending: list[str] = []
        size = 0
        for text in template.generate(page=page, css=Markup(css), t=page.t):
            pending.append(text)
            size += len(text)
            if size >= _PIECE:
                yield "".join(pending).encode("utf-8")
                pending, size = [], 0
        yield "".join(pending).encode("utf-8")


_PIECE = 1 << 16  # characters: the template yields a great many short strings


def _escape(text: str) -> str:
    """Plan text inside HTML (also inside a double-quoted attribute). The hot paths build
    their markup as strings; this is html.escape, kept apart so it is one call to change."""
    return html.escape(text, quote=True)


def unit_text(unit: str | None) -> str:
    return units()[unit].display if unit else ""


class _Page:
    """What the template shows, as words in one language."""

    def __init__(self, tree: TreeReport, lang: str):
        self.tree, self.lang = tree, lang
        self.version = __version__
        self._said: dict = {}  # memos: the page repeats a parent's figures and the verdicts thousands of times
        self._templates: dict[str, str] = {}
        self._parent_lines: dict = {}
        self._verdict_lines: dict = {}
        self.labels = [row.label.text(lang) for row in tree.rows]
        self.anchors = [f"p{index + 1}" for index in range(len(tree.rows))]
        self.columns = [self._column(indicator, index) for index, indicator in enumerate(tree.indicators)]
        self.objectives = self._objectives()

    def t(self, key: str, **params) -> str:
        return say(key, self.lang, params)

    def f(self, key: str, **params: str) -> str:
        """:meth:`t` for the hot paths, with parameters that are already words."""
        template = self._templates.get(key)
        if template is None:
            entry = catalog()[key]
            template = self._templates[key] = entry.get(self.lang) or entry["vi"]
        return template.format_map(params)

    # --- summary ---------------------------------------------------------------------
    @property
    def scope(self) -> str:
        return self.t("report_scope", paths=" ".join(self.tree.paths))

    @property
    def cards(self) -> list[tuple[str, str, str, str]]:
        """(class, number, label, detail)."""
        tree = self.tree
        weaker, weak_plans = tree.verdict_totals(Verdict.WEAKER)
        missing, missing_plans = tree.verdict_totals(Verdict.MISSING)
        cards = [
            ("plans", len(tree.rows), self.t("report_card_plans"), self.t("report_card_plans_files", files=self._count(tree.files))),
            ("error", tree.counts[Severity.ERROR], self.t("report_card_errors"), ""),
            ("warning", tree.counts[Severity.WARNING], self.t("report_card_warnings"), ""),
            ("note", tree.counts[Severity.NOTE], self.t("report_card_notes"), ""),
            ("clean", tree.clean_plans, self.t("report_card_clean"), ""),
            ("weak", weaker, self.t("report_card_weaker", plans=self._count(weak_plans)), ""),
            ("miss", missing, self.t("report_card_missing", plans=self._count(missing_plans)), ""),
        ]
        if tree.waived:
            cards.append(("waived", tree.waived, self.t("report_card_waived"), ""))
        if tree.unread:
            cards.append(("error", len(tree.unread), self.t("report_card_unread"), ""))
        return [(cls, self._count(number), label, detail) for cls, number, label, detail in cards]

    def _count(self, number: int) -> str:
        return format_number(Decimal(number), self.lang)

    # --- matrix ----------------------------------------------------------------------
    def _column(self, indicator: Indicator, index: int) -> dict:
        unit = indicator.unit
        previous = self.tree.indicators[index - 1] if index else None
        return {
            "id": indicator.id,
            "unit": _SHORT_UNIT.get(unit, unit_text(unit)),
            "title": self.t(
                "report_column_title",
                id=indicator.id,
                name=indicator.name,
                unit=unit_text(unit),
                direction=self.t(f"report_direction_{indicator.direction.value}"),
            ),
            "first": previous is not None and previous.objective != indicator.objective,
        }

    def _objectives(self) -> list[dict]:
        spans: list[dict] = []
        for indicator in self.tree.indicators:
            if spans and spans[-1]["number"] == indicator.objective:
                spans[-1]["span"] += 1
                continue
            number = indicator.objective
            spans.append(
                {
                    "number": number,
                    "span": 1,
                    "short": f"{number}. {self.t(f'report_objective_{number}')}",
                    "title": f"{number}. {objectives().get(number, '')}",
                }
            )
        return spans

    @property
    def objective_borders(self) -> Markup:
        """A rule drawing a line before the first column of each objective (after the plans' column)."""
        children = [f":nth-child({index + 2})" for index, column in enumerate(self.columns) if column["first"]]
        rule = f".matrix :is(.blk .r, .ids) > :is({', '.join(children)}) {{ border-left: 2px solid #8c959f; }}"
        return Markup(rule) if children else Markup("")  # our own words: no plan text in a stylesheet

    @property
    def legend(self) -> list[tuple[str, str, str]]:
        """(class, sample, label)."""
        lang = self.lang
        items = [(VERDICT_CLASS[v], self._sample(v), say(f"verdict_{v.value}", lang)) for v in (
            Verdict.STRONGER, Verdict.EQUAL, Verdict.WEAKER, Verdict.MISSING, Verdict.INCOMPARABLE, Verdict.EXTRA)]
        items += [
            ("m na", "—", self.t("report_not_applicable_mark")),
            ("w wv", "≥ 30", self.t("report_waived_mark")),
            (NO_PARENT, "≥ 60", self.t("report_verdict_none")),
            (NEITHER, "", self.t("report_verdict_absent")),
        ]
        return items

    @staticmethod
    def _sample(verdict: Verdict) -> str:
        return "—" if verdict is Verdict.MISSING else "≥ 60"

    def blocks(self):
        """The rows in blocks of :data:`BLOCK` (the browser lays out only the blocks in view)."""
        rows = list(self.rows())
        return [rows[start : start + BLOCK] for start in range(0, len(rows), BLOCK)]

    def rows(self):
        """Each row as a dict: anchor, row, label, depth, title, bad, counts, cells (HTML)."""
        for index, row in enumerate(self.tree.rows):
            label = self.labels[index]
            counts = row.counts
            bad = any(cell.verdict in (Verdict.WEAKER, Verdict.MISSING) and not cell.waived for cell in row.cells)
            numbers = [counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.NOTE]]
            yield {
                "anchor": self.anchors[index],
                "row": row,
                "label": label,
                "depth": min(row.depth, _MAX_DEPTH_CLASS),
                "title": self._row_title(row, counts),
                "bad": bad,
                "counts": numbers,
                "cells": Markup(self._cells(row)),
            }

    def _row_title(self, row: PlanRow, counts: dict[Severity, int]) -> str:
        lang = self.lang
        level = self.t(f"report_level_{row.level.name.lower()}")
        lines = [self.t("report_row_title", path=row.path, level=level, year=row.year)]
        if row.parent_label is not None:
            lines.append(
                self.t("report_row_parent", parent=row.parent_label.text(lang), parent_path=row.parent_path, via=show(row.via, lang))
            )
        else:
            lines.append(self.t("report_row_no_parent"))
        lines.append(
            self.t("report_row_counts", errors=self._count(counts[Severity.ERROR]), warnings=self._count(counts[Severity.WARNING]), notes=self._count(counts[Severity.NOTE]))
        )
        return "\n".join(lines)

    def _cells(self, row: PlanRow) -> str:
        parent = row.parent_label.text(self.lang) if row.parent_label is not None else "?"
        return "".join([self._cell(row, parent, cell) for cell in row.cells])

    def _cell(self, row: PlanRow, parent: str, cell: Cell) -> str:
        indicator, verdict = cell.indicator, cell.verdict
        if cell.mine is None and cell.parents is None and verdict is None:
            return f'<div class="{NEITHER}" role="cell"></div>'
        classes = VERDICT_CLASS[verdict] if verdict is not None else NO_PARENT
        if cell.waived:
            classes += " wv"
        elif verdict is Verdict.MISSING and not indicator.applies_at(row.level.value):
            classes += " na"
        title = self._cell_title(row, parent, cell)
        return f'<div class="{classes}" role="cell" title="{_escape(title)}">{self._short(cell.mine, indicator)}</div>'

    def _cell_title(self, row: PlanRow, parent: str, cell: Cell) -> str:
        """The figures behind a cell: the plan's, its parent's (with the parent's name), the
        verdict. The plan's name and both files are in the row's own tooltip; here each
        figure says its line (a page holds thousands of these)."""
        indicator = cell.indicator
        mine = f"{indicator.id} · {self._side_line(cell.mine, row.path, indicator, row.year)}"
        if cell.comparison is None:
            return f"{mine}\n{self.f('report_cell_no_parent')}"
        key = (id(cell.parents), row.parent_path, parent, indicator.id, row.year)
        theirs = self._parent_lines.get(key)
        if theirs is None:
            line = self._side_line(cell.parents, row.parent_path, indicator, row.year)
            theirs = self._parent_lines[key] = self.f("report_cell_parent", parent=parent, line=line)
        comparison = cell.comparison
        not_applicable = cell.verdict is Verdict.MISSING and not cell.waived and not indicator.applies_at(row.level.value)
        key = (comparison, not_applicable and row.level)
        verdict = self._verdict_lines.get(key)
        if verdict is None:
            words = say(f"verdict_{comparison.verdict.value}", self.lang)
            difference = comparison_difference(comparison, self.lang)
            if difference:
                words += f" ({difference})"
            if comparison.approximate:
                words += self.t("report_cell_approximate")
            verdict = self.f("report_cell_verdict", verdict=words)
            if not_applicable:
                level = self.t(f"report_level_{row.level.name.lower()}")
                verdict += "\n" + self.f("report_cell_not_applicable", level=level)
            self._verdict_lines[key] = verdict
        if cell.waived:
            verdict += "\n" + self.f("report_cell_waived", reason=excerpt(cell.waived, 200))
        return f"{mine}\n{theirs}\n{verdict}"

    def _side_line(self, side: Side | None, path: str | None, indicator: Indicator, year: int) -> str:
        if side is None:
            return self.f("report_cell_absent")
        place = side.place if type(side.place) is str else show(side.place, self.lang)
        if path is not None and place.startswith(path) and place[len(path) : len(path) + 1] == ":":
            place = self.f("report_line", line=place[len(path) + 1 :])
        if side.quantity is None:
            return self.f("report_cell_no_figure", year=str(year), place=place)
        return self.f("report_cell_figure", figure=self._stated(side.quantity, indicator), place=place)

    @staticmethod
    def _key(quantity: Quantity, indicator: Indicator) -> tuple:
        """What the words for a target depend on: many plans write the same target."""
        raw = quantity.raw if quantity.value is None or quantity.change is not None else None
        return (indicator.id, quantity.comparator, quantity.value, quantity.unit, quantity.change, raw)

    def _stated(self, quantity: Quantity, indicator: Indicator) -> str:
        key = self._key(quantity, indicator)
        words = self._said.get(key)
        if words is None:
            words = self._said[key] = stated(quantity, indicator, self.lang)
        return words

    def _short(self, side: Side | None, indicator: Indicator) -> str:
        """The cell's text, escaped: the bound and the number; the unit only when it is not the column's."""
        if side is None:
            return "—"
        quantity = side.quantity
        if quantity is None:
            return "∅"
        key = ("short", *self._key(quantity, indicator))
        words = self._said.get(key)
        if words is None:
            words = self._said[key] = _escape(self._short_words(quantity, indicator))
        return words

    def _short_words(self, quantity: Quantity, indicator: Indicator) -> str:
        if quantity.value is None:
            return "✓"
        if quantity.change is not None:
            return excerpt(quantity.raw or "", 12)
        number = format_number(quantity.value, self.lang)
        if quantity.unit and quantity.unit != indicator.unit:
            number = with_unit(number, quantity.unit)
        bound = quantity.bound(indicator.direction)
        prefix = "≈" if quantity.comparator is not None and quantity.comparator.value == "about" else bound.symbol if bound else ""
        return f"{prefix} {number}" if prefix else number

    # --- charts ----------------------------------------------------------------------
    def charts(self):
        for column, indicator in enumerate(self.tree.indicators):
            yield self._chart(column, indicator)

    def _chart(self, column: int, indicator: Indicator) -> dict:
        lang = self.lang
        family = units()[indicator.unit].family
        groups: dict[tuple, list[str]] = defaultdict(list)
        sides: dict[tuple, tuple[Side, Side]] = {}
        left = {"missing": 0, "incomparable": 0, "other": 0}
        for index, row in enumerate(self.tree.rows):
            cell = row.cells[column]
            verdict = cell.verdict
            if (cell.mine is None and cell.parents is None) or verdict is None:
                continue  # set by neither, or no parent: nothing to compare
            if verdict is Verdict.MISSING:
                left["missing"] += 1
                continue
            if verdict is Verdict.INCOMPARABLE:
                left["incomparable"] += 1
                continue
            mine, theirs = cell.mine, cell.parents
            drawable = (
                verdict in (Verdict.STRONGER, Verdict.EQUAL, Verdict.WEAKER)
                and cell.comparison.difference is not None
                and mine.quantity is not None and mine.quantity.value is not None
                and theirs.quantity is not None and theirs.quantity.value is not None
                and units()[cell.comparison.unit or indicator.unit].family == family
            )
            if not drawable:
                left["other"] += 1
                continue
            key = (theirs.quantity.value, mine.quantity.value, VERDICT_CLASS[verdict])
            groups[key].append(self.labels[index])
            sides.setdefault(key, (theirs, mine))
        points = []
        order = {"w": 0, "e": 1, "s": 2}
        for key in sorted(groups, key=lambda k: (k[0], k[1], order[k[2]])):
            names = groups[key]
            theirs, mine = sides[key]
            verdict = next(v for v, c in VERDICT_CLASS.items() if c == key[2])
            head = self.t(
                "report_chart_point",
                count=self._count(len(names)),
                parent=self._stated(theirs.quantity, indicator),
                mine=self._stated(mine.quantity, indicator),
                verdict=say(f"verdict_{verdict.value}", lang),
            )
            shown = names[:_CHART_NAMES]
            more = [self.t("report_chart_more", count=self._count(len(names) - len(shown)))] if len(names) > len(shown) else []
            points.append(Point(key[0], key[1], key[2], len(names), "\n".join([head, *shown, *more])))
        lines, captions = self._milestones(indicator, family)
        unit = unit_text(indicator.unit)
        svg = None
        if points:
            svg = Markup(
                scatter(
                    points,
                    lines,
                    indicator.direction,
                    f"{self.t('report_chart_axis_parent')} ({_SHORT_UNIT.get(indicator.unit, unit)})",
                    f"{self.t('report_chart_axis_plan')} ({_SHORT_UNIT.get(indicator.unit, unit)})",
                    lang,
                    f"{indicator.id} {indicator.name}",
                )
            )
        drawn = sum(p.count for p in points)
        notes = [self.t("report_chart_plotted", count=self._count(drawn)) if points else self.t("report_chart_empty")]
        parts = [self.t(f"report_chart_left_{kind}", count=self._count(count)) for kind, count in left.items() if count]
        if parts:
            notes.append(self.t("report_chart_left_out", parts="; ".join(parts)))
        return {
            "id": indicator.id,
            "name": indicator.name,
            "unit": self.t(
                "report_chart_unit", unit=unit, direction=self.t(f"report_direction_{indicator.direction.value}")
            ),
            "svg": svg,
            "milestones": captions,
            "notes": notes,
        }

    def _milestones(self, indicator: Indicator, family: str) -> tuple[list[Line], list[str]]:
        national = self.tree.national
        if national is None:
            return [], [self.t("report_chart_no_national")]
        lines, captions = [], []
        for year in sorted({year for _, year in national.milestones}):
            side = national.milestones.get((indicator.id, year))
            quantity = side.quantity if side is not None else None
            if quantity is None:
                captions.append(self.t("report_chart_national_unconfirmed", year=year, path=national.path))
                continue
            figure = self._stated(quantity, indicator)
            place = show(side.place, self.lang)
            captions.append(self.t("report_chart_national", year=year, figure=figure, place=place))
            if quantity.value is not None and units()[quantity.unit or indicator.unit].family == family:
                label = self.t("report_chart_line_label", year=year)
                lines.append(Line(quantity.value, label, f"{national.label.text(self.lang)}, {year}: {figure} ({place})"))
        if not national.in_tree:
            captions.append(self.t("report_chart_bundled"))
        return lines, captions

    # --- findings --------------------------------------------------------------------
    def plan_findings(self):
        for index, row in enumerate(self.tree.rows):
            counts = row.counts
            said = self.t(
                "report_row_counts",
                errors=self._count(counts[Severity.ERROR]),
                warnings=self._count(counts[Severity.WARNING]),
                notes=self._count(counts[Severity.NOTE]),
            )
            waived = sum(1 for finding in row.findings if finding.suppressed)
            if waived:
                said += self.t("report_row_waived", count=self._count(waived))
            yield {
                "anchor": self.anchors[index],
                "label": self.labels[index],
                "path": row.path,
                "counts": said,
                "findings": self._findings(row.findings),
            }

    def unread(self):
        for path, findings in self.tree.unread.items():
            yield {"path": path, "findings": self._findings(findings)}

    def _findings(self, findings: list[Finding] | tuple[Finding, ...]) -> Markup:
        """A plan's findings as a list: severity, place, rule, indicator, message, the words
        quoted from a document, what to write instead, and a waiver's reason."""
        if not findings:
            return Markup("")
        from gecli.output.text import location

        lang = self.lang
        fix = say("fix_label", lang)
        waived_tag = _escape(say("report_waived_tag", lang))
        items = []
        for finding in findings:
            severity = finding.severity.value
            head = (
                f'<li class="finding {severity}{" waived" if finding.suppressed else ""}">'
                f'<b class="sev">{_escape(say(f"severity_{severity}", lang))}</b> '
                f"<code>{_escape(location(finding, lang))}</code> "
                f'<span class="tag">{_escape(finding.rule)}</span>'
            )
            if finding.indicator:
                head += f' <span class="tag">{_escape(finding.indicator)}</span>'
            if finding.suppressed:
                head += f' <span class="tag waived-tag">{waived_tag}</span>'
            parts = [head]
            parts.append(f'<span class="msg">{_escape(finding.message.text(lang))}</span>')
            if finding.quote:
                parts.append(f'<span class="quote">« {_escape(excerpt(finding.quote, 160))} »</span>')
            hint = finding.message.hint(lang)
            if hint:
                parts.append(f'<span class="hint">→ {_escape(fix)}: {_escape(hint)}</span>')
            if finding.suppressed:
                parts.append(f'<span class="waiver">{_escape(self.t("report_findings_waived", reason=finding.suppressed))}</span>')
            items.append("<br>".join(parts) + "</li>")
        return Markup('<ul class="findings">\n' + "\n".join(items) + "\n</ul>")
