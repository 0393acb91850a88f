"""The human report: one line per finding, `file:line:column`, then how to fix it."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from gecli.findings import Finding, Severity
from gecli.i18n import excerpt
from gecli.i18n import render as say

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.NOTE: "cyan"}


def location(finding: Finding, lang: str = "vi") -> str:
    """"plans/a.yaml:12:5"; in a document, its paragraph or table cell: "du-thao.docx (đoạn 12)"."""
    if finding.place is not None and finding.place.line is None:
        return f"{finding.file} ({finding.place.describe().text(lang)})"
    if finding.line is None:
        return finding.file
    if finding.column is None:
        return f"{finding.file}:{finding.line}"
    return f"{finding.file}:{finding.line}:{finding.column}"


def print_findings(findings: list[Finding], console: Console, lang: str) -> None:
    for finding in findings:
        severity = say(f"severity_{finding.severity.value}", lang)
        style = _STYLE[finding.severity]
        about = f" ({finding.indicator})" if finding.indicator else ""
        console.print(
            f"[bold]{escape(location(finding, lang))}[/]: [{style}]{severity}[/] "
            f"[dim]\\[{escape(finding.rule)}][/]{escape(about)} {escape(finding.message.text(lang))}",
            highlight=False,
        )
        if finding.quote:
            console.print(f"    [dim]« {escape(excerpt(finding.quote, 80))} »[/]", highlight=False)
        hint = finding.message.hint(lang)
        if hint:
            console.print(f"    [green]→ {say('fix_label', lang)}:[/] {escape(hint)}", highlight=False)


def print_report(report, console: Console, lang: str) -> None:
    """Active findings, then a summary; waived findings are only counted (JSON lists them)."""
    print_findings([f for f in report.findings if not f.suppressed], console, lang)
    waived = sum(1 for f in report.findings if f.suppressed)
    waived_text = say("summary_suppressed", lang, {"count": waived}) if waived else ""
    counts = report.counts()
    if not any(counts.values()):
        console.print(f"[green]✔ {escape(say('summary_clean', lang, {'files': report.files}) + waived_text)}[/]", highlight=False)
        return
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
    mark = "[red]✖[/]" if counts[Severity.ERROR] else "[yellow]![/]"
    console.print(f"{mark} {escape(summary + waived_text)}", highlight=False)
