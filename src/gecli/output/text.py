"""The human report: one line per finding, `file:line:column`, then how to fix it.

In a terminal the lines are coloured, through rich. Written to a file or a pipe (a CI log,
pre-commit) they are the same characters without colour, and rich is not imported: it is a
good part of the start-up time of a short run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TextIO

from gecli.findings import Finding, Severity
from gecli.i18n import excerpt
from gecli.i18n import render as say

Segment = tuple[str, str]  # text, and its rich style ("" for none)
_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.NOTE: "cyan"}


def location(finding: Finding, lang: str = "vi") -> str:
    """"plans/a.yaml:12:5"; in a document, its paragraph, table cell or page: "du-thao.docx (đoạn 12)"."""
    if finding.in_page:  # "du-thao.pdf (trang 2, dòng 4)": a line of a page is not a line of the file
        return f"{finding.file} ({finding.place.describe().text(lang)})"
    if finding.line is None:
        return finding.file
    if finding.column is None:
        return f"{finding.file}:{finding.line}"
    return f"{finding.file}:{finding.line}:{finding.column}"


def finding_lines(finding: Finding, lang: str) -> list[list[Segment]]:
    severity = say(f"severity_{finding.severity.value}", lang)
    about = f" ({finding.indicator})" if finding.indicator else ""
    lines = [
        [
            (location(finding, lang), "bold"),
            (": ", ""),
            (severity, _STYLE[finding.severity]),
            (" ", ""),
            (f"[{finding.rule}]", "dim"),
            (f"{about} {finding.message.text(lang)}", ""),
        ]
    ]
    if finding.quote:
        lines.append([("    ", ""), (f"« {excerpt(finding.quote, 80)} »", "dim")])
    hint = finding.message.hint(lang)
    if hint:
        lines.append([("    ", ""), (f"→ {say('fix_label', lang)}:", "green"), (f" {hint}", "")])
    return lines


def write_lines(lines: Iterable[list[Segment]], stream: TextIO) -> None:
    """Coloured in a terminal (or with FORCE_COLOR), plain otherwise. User text (paths,
    names like "[/b].yaml") is never read as markup. Written as they come: a national
    report is not held in memory twice."""
    if _coloured(stream):
        from rich.console import Console
        from rich.text import Text

        console = Console(file=stream, soft_wrap=True, highlight=False, emoji=False)
        for line in lines:
            console.print(Text.assemble(*line))
    else:
        for line in lines:
            stream.write("".join([text for text, _ in line]) + "\n")
        stream.flush()


def _coloured(stream: TextIO) -> bool:
    try:
        return stream.isatty() or bool(os.environ.get("FORCE_COLOR"))
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


def print_findings(findings: list[Finding], stream: TextIO, lang: str) -> None:
    write_lines([line for finding in findings for line in finding_lines(finding, lang)], stream)


def print_report(report, stream: TextIO, lang: str) -> None:
    """Active findings, then a summary; waived findings are only counted (JSON lists them)."""
    write_lines((line for finding in report.findings if not finding.suppressed for line in finding_lines(finding, lang)), stream)
    lines = []
    waived = sum(1 for f in report.findings if f.suppressed)
    waived_text = say("summary_suppressed", lang, {"count": waived}) if waived else ""
    counts = report.counts()
    if not any(counts.values()):
        lines.append([(f"✔ {say('summary_clean', lang, {'files': report.files})}{waived_text}", "green")])
    else:
        summary = say(
            "summary",
            lang,
            {
                "errors": counts[Severity.ERROR],
                "warnings": counts[Severity.WARNING],
                "notes": counts[Severity.NOTE],
                "files": report.files,
            },
        )
        mark = ("✖", "red") if counts[Severity.ERROR] else ("!", "yellow")
        lines.append([mark, (f" {summary}{waived_text}", "")])
    write_lines(lines, stream)
