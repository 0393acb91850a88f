"""`gecli diff` for people: a Rich table in the terminal, or Markdown for a review comment."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from gecli.compare import Verdict
from gecli.diff import PlanDiff, difference_text, side_text
from gecli.i18n import render as say

_STYLE = {
    Verdict.WEAKER: "bold red",
    Verdict.MISSING: "red",
    Verdict.STRONGER: "green",
    Verdict.EQUAL: "",
    Verdict.EXTRA: "cyan",
    Verdict.INCOMPARABLE: "yellow",
}


def _cells(diff: PlanDiff, lang: str):
    for row in diff.rows:
        yield row, [
            row.indicator.id,
            side_text(row.parent, row.indicator, lang),
            side_text(row.child, row.indicator, lang),
            difference_text(row, lang),
            say(f"verdict_{row.verdict.value}", lang),
        ]


def _title(diff: PlanDiff, lang: str) -> str:
    params = {
        "child": f"{diff.child.label().text(lang)} ({diff.child.path})",
        "parent": f"{diff.parent.label().text(lang)} ({diff.parent.path})",
        "year": diff.child.facts.year,
    }
    return say("diff_title", lang, params)


def _summary(diff: PlanDiff, lang: str) -> str:
    counts = {verdict: 0 for verdict in Verdict}
    for row in diff.rows:
        counts[row.verdict] += 1
    other = counts[Verdict.EXTRA] + counts[Verdict.INCOMPARABLE]
    params = {v.value: counts[v] for v in (Verdict.WEAKER, Verdict.MISSING, Verdict.EQUAL, Verdict.STRONGER)}
    return say("diff_summary", lang, {**params, "other": other})


def print_diff(diff: PlanDiff, console: Console, lang: str) -> None:
    # Every cell and title holds names from the plans: escaped, never read as markup.
    table = Table(title=escape(_title(diff, lang)), title_justify="left")
    headers = say("diff_columns", lang).split("|")
    table.add_column(escape(headers[0]), no_wrap=True)
    table.add_column(escape(f"{headers[1]}\n{diff.parent.label().text(lang)}"))
    table.add_column(escape(f"{headers[2]}\n{diff.child.label().text(lang)}"))
    table.add_column(escape(headers[3]), justify="right")
    table.add_column(escape(headers[4]))
    for row, cells in _cells(diff, lang):
        cells = [escape(cell) for cell in cells]
        table.add_row(*cells[:-1], f"[{_STYLE[row.verdict]}]{cells[-1]}[/]" if _STYLE[row.verdict] else cells[-1])
    console.print(table)
    console.print(_summary(diff, lang), markup=False, highlight=False)


def markdown(diff: PlanDiff, lang: str) -> str:
    headers = say("diff_columns", lang).split("|")
    headers[1] += f": {diff.parent.label().text(lang)}"
    headers[2] += f": {diff.child.label().text(lang)}"
    lines = [f"### {_title(diff, lang)}", "", "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row, cells in _cells(diff, lang):
        if row.verdict in (Verdict.WEAKER, Verdict.MISSING):
            cells[-1] = f"**{cells[-1]}**"
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    lines += ["", _summary(diff, lang), ""]
    return "\n".join(lines)
