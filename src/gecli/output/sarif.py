"""A SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.

One run; the driver lists every rule (the checks in gecli.rules and the built-in ones for
files that cannot be read as a plan), so a viewer can show a rule's documentation next to
its results. Waived findings stay in the log, marked as suppressed in the source, so the
record of what was waived and why travels with the results.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from gecli import __version__
from gecli.findings import BUILTIN_RULES, Finding, Severity
from gecli.i18n import render as say
from gecli.rules import all_rules

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def rule_descriptors(lang: str) -> list[dict[str, Any]]:
    descriptors = []
    for rule in all_rules():
        doc = rule.doc.strip()
        descriptors.append(_descriptor(rule.slug, rule.title, doc, rule.severity))
    for slug in BUILTIN_RULES:
        # Load and schema problems are always errors (see validate.read_plan).
        title = say(f"rule_{slug}", lang)
        descriptors.append(_descriptor(slug, title, title, Severity.ERROR))
    return descriptors


def _descriptor(slug: str, title: str, doc: str, severity: Severity) -> dict[str, Any]:
    return {
        "id": slug,
        "shortDescription": {"text": title},
        "help": {"text": doc, "markdown": doc},  # the rule docs are written in Markdown
        "defaultConfiguration": {"level": severity.value},  # gecli's severities are SARIF's levels
    }


def artifact_location(path: str) -> dict[str, str]:
    """A URI reference for the path as the user gave it. Percent-encoded, because a URI may
    not hold spaces or Vietnamese letters, and a ":" in a relative path would read as a scheme."""
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(path.replace(os.sep, "/"), safe="/"), "uriBaseId": "%SRCROOT%"}


def result(finding: Finding, index: dict[str, int], lang: str) -> dict[str, Any]:
    text = finding.message.text(lang)
    if finding.in_document(lang):  # a document has no line: say where in it
        text = f"{finding.in_document(lang)}: {text}"
    hint = finding.message.hint(lang)
    physical: dict[str, Any] = {"artifactLocation": artifact_location(finding.file)}
    if finding.line is not None:  # None: the file as a whole, which has no region
        physical["region"] = {"startLine": finding.line}
        if finding.column is not None:
            physical["region"]["startColumn"] = finding.column
    record: dict[str, Any] = {"ruleId": finding.rule}
    if finding.rule in index:
        record["ruleIndex"] = index[finding.rule]
    record["level"] = finding.severity.value
    record["message"] = {"text": f"{text} {hint}" if hint else text}
    record["locations"] = [{"physicalLocation": physical}]
    if finding.suppressed is not None:
        record["suppressions"] = [{"kind": "inSource", "justification": finding.suppressed}]
    if finding.indicator:
        record["properties"] = {"indicator": finding.indicator}
    return record


def render(report, lang: str) -> str:
    rules = rule_descriptors(lang)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "gecli", "version": __version__, "rules": rules}},
                # Columns come from PyYAML's marks: positions in the decoded text.
                "columnKind": "unicodeCodePoints",
                "results": [result(f, index, lang) for f in report.findings],
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
