"""GitHub Actions annotations: one workflow command per finding, e.g.

    ::error file=plans/a.yaml,line=12,col=7,title=gecli weaker-than-parent::Chỉ tiêu … → Sửa …

GitHub pins each one to the line in the pull request's diff. The output is annotations only,
with no summary line: GitHub keeps a limited number of annotations per step and type, and a
summary without a file would take a notice slot from a real finding; the exit code already
says pass or fail, and `--format text` in another step gives the counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from gecli.findings import Finding, Severity

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def escape_data(text: str) -> str:
    """The message after "::": a newline would end the command, a "%" would start an escape."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


@lru_cache(maxsize=4096)  # a file's findings, a rule's findings: escaped once, not per finding
def escape_property(text: str) -> str:
    """A property value: also ":" and ",", which end the value (paths and messages can hold both)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, lang: str) -> str:
    listed = f"file={escape_property(finding.file)}"
    if finding.line is not None and not finding.in_page:  # the file as a whole, or a place in a document
        listed += f",line={finding.line}" if finding.column is None else f",line={finding.line},col={finding.column}"
    listed += f",title={escape_property(f'gecli {finding.rule}')}"
    text = finding.message.text(lang)
    if finding.in_document(lang):  # a document has no line: say where in it
        text = f"{finding.in_document(lang)}: {text}"
    hint = finding.message.hint(lang)
    if hint:
        text = f"{text} → {hint}"
    return f"::{COMMAND[finding.severity]} {listed}::{escape_data(text)}"


def chunks(report, lang: str) -> Iterator[str]:
    # A waived finding is a decision already taken, not something to fix in this pull request.
    for finding in report.findings:
        if finding.suppressed is None:
            yield annotation(finding, lang) + "\n"


def render(report, lang: str) -> str:
    return "".join(chunks(report, lang))
