"""The JSON report: a public, versioned contract (see README, "JSON output")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gecli.findings import Finding
from gecli.i18n import excerpt
from gecli.output import to_json

FORMAT_VERSION = 1


def finding_record(finding: Finding, lang: str) -> dict[str, Any]:
    place = finding.place
    return {
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "indicator": finding.indicator,
        "message": finding.message.text(lang),
        "hint": finding.message.hint(lang),
        "suppressed": finding.suppressed is not None,
        "waiver_reason": finding.suppressed,
        # In a document checked directly: where, and the words there (null for YAML files).
        "paragraph": place.paragraph if place else None,
        "table": place.table if place else None,
        "row": place.row if place else None,
        "cell": place.column if place else None,
        "page": place.page if place else None,
        "quote": excerpt(finding.quote, 80) if finding.quote else None,
    }


def chunks(report, lang: str) -> Iterator[str]:
    """The report in pieces, a finding at a time: a national report is tens of megabytes.
    The same text as ``json.dumps`` of the whole document (one line; pipe it through jq to
    read it)."""
    yield f'{{"version": {FORMAT_VERSION}, "files": {report.files}, "findings": ['
    for index, finding in enumerate(report.findings):
        yield (", " if index else "") + to_json(finding_record(finding, lang))
    yield "]}\n"


def render(report, lang: str) -> str:
    return "".join(chunks(report, lang))
