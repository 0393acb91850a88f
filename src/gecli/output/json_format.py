"""The JSON report: a public, versioned contract (see README, "JSON output")."""

from __future__ import annotations

import json
from typing import Any

from gecli.findings import Finding
from gecli.i18n import excerpt

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


def render(report, lang: str) -> str:
    document = {
        "version": FORMAT_VERSION,
        "files": report.files,
        "findings": [finding_record(f, lang) for f in report.findings],
    }
    # Compact: the C encoder is several times faster than the indenting one (pipe through jq to read).
    return json.dumps(document, ensure_ascii=False) + "\n"
