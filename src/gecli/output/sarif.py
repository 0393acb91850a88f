"""A SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.

One run; the driver lists every rule (the checks in gecli.rules and the built-in ones for
files that cannot be read as a plan), with the rule's page as help, so a viewer can show a
rule's documentation next to its results. Waived findings stay in the log, marked as
suppressed in the source, so the record of what was waived and why travels with the results.

The log passes Microsoft's SARIF validator with GitHub's ingestion rules
(`sarif-multitool validate --rule-kind "Gh;Sarif"`): every rule has a short and a full
description and plain-text help, and every result a region.

Paths: GitHub reads a relative URI as relative to the root of the repository analysed.
That root (%SRCROOT%) is the repository holding the current folder: the nearest folder at
or above it holding `.git`, as git finds it — in CI, the checkout. A file inside it gets a
URI relative to it, whatever path the user typed ("../x/plans/a.yaml", an absolute path);
a file outside it, or any file when gecli runs outside a repository, an absolute `file:`
URI. Symbolic links are resolved first, as GitHub asks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from gecli import HOMEPAGE, __version__
from gecli.findings import Finding
from gecli.i18n import excerpt
from gecli.output import string, to_json
from gecli.rules import Rule, documented_rules

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FULL_DESCRIPTION_LIMIT = 1024  # GitHub truncates a rule's full description beyond this

# Inline Markdown of the rule pages, and what it stands for in plain text.
_MARKUP = re.compile(r"\*\*(.+?)\*\*|(?<![\w*])\*(\S.*?)\*(?![\w*])|`([^`]*)`", re.DOTALL)


def rule_descriptors(lang: str) -> list[dict[str, Any]]:
    return [_descriptor(rule, lang) for rule in documented_rules()]


def _descriptor(rule: Rule, lang: str) -> dict[str, Any]:
    page = rule.page(lang)
    return {
        "id": rule.slug,
        "name": rule.name,
        "shortDescription": {"text": rule.title_in(lang)},
        "fullDescription": {"text": full_description(page)},  # shown at the top of a GitHub alert
        "help": {"text": plain_text(page), "markdown": page},
        "defaultConfiguration": {"level": rule.severity.value},  # gecli's severities are SARIF's levels
    }


def full_description(page: str) -> str:
    """What the rule reports: the page's paragraphs before "**Vì sao.**" ("**Why.**"), in
    plain text, as many whole paragraphs as GitHub shows (at least a shortened first one)."""
    _, _, body = page.partition("\n")
    blocks = body.strip().split("\n\n")
    end = next((i for i, block in enumerate(blocks) if block.startswith("**")), len(blocks))
    text = ""
    for paragraph in map(plain_text, blocks[:end]):
        joined = f"{text}\n\n{paragraph}" if text else paragraph
        if len(joined) > FULL_DESCRIPTION_LIMIT:
            break
        text = joined
    return text or excerpt(plain_text(blocks[0]), FULL_DESCRIPTION_LIMIT)


def plain_text(markdown: str) -> str:
    """A rule page as plain text: no emphasis or code marks, each paragraph and list item on
    one line (the pages are wrapped at 92 columns for their source, not for a viewer)."""
    blocks = []
    for block in markdown.strip().split("\n\n"):
        items = re.split(r"\n(?=- )", block)  # a list item starts a line; its continuation is indented
        blocks.append("\n".join(" ".join(item.split()) for item in items))
    return _MARKUP.sub(lambda m: next(g for g in m.groups() if g is not None), "\n\n".join(blocks))


def source_root(start: Path | None = None) -> Path | None:
    """The repository holding ``start`` (the current folder): the nearest folder at or above
    it with a `.git` (a folder, or a file in a worktree or submodule). None outside one."""
    here = (start or Path.cwd()).resolve()
    return next((folder for folder in (here, *here.parents) if (folder / ".git").exists()), None)


@lru_cache(maxsize=4096)  # a file's findings all point at it: written once, not per finding
def artifact_location(path: str, root: Path | None, resolved: Path | None = None) -> str:
    """A URI reference for ``path`` (``resolved``: where it is, if already known), as JSON:
    relative to ``root`` when the file is inside it, absolute otherwise. Percent-encoded,
    because a URI may not hold spaces or Vietnamese letters, and a ":" in a relative path
    would read as a scheme."""
    resolved = resolved or Path(path).resolve()
    if root is not None and resolved.is_relative_to(root):
        return to_json({"uri": quote(resolved.relative_to(root).as_posix(), safe="/"), "uriBaseId": SRCROOT})
    return to_json({"uri": resolved.as_uri()})


def region(finding: Finding) -> str:
    """Where in the file, as JSON. A finding about the whole file (it could not be read), or
    at a place in a Word or PDF document (a paragraph, a table cell, a line of a page: the
    message says which), has no line of the file: it points at the first line, as GitHub
    needs one."""
    if finding.line is None or finding.in_page:
        return '{"startLine": 1}'
    if finding.column is None:
        return f'{{"startLine": {finding.line}}}'
    return f'{{"startLine": {finding.line}, "startColumn": {finding.column}}}'


def document_place(finding: Finding) -> dict[str, Any]:
    """The place in a document, with the same keys as the JSON report (none for YAML files)."""
    place = finding.place
    if place is None:
        return {}
    fields = {"paragraph": place.paragraph, "table": place.table, "row": place.row, "cell": place.column, "page": place.page}
    if finding.in_page and place.line is not None:
        fields["line"] = place.line  # of the page
    fields = {name: value for name, value in fields.items() if value is not None}
    if finding.quote:
        fields["quote"] = excerpt(finding.quote, 80)
    return fields


def result(finding: Finding, index: dict[str, int], lang: str, root: Path | None = None, resolved: Path | None = None) -> str:
    """One result, as ``json.dumps`` writes it (written as text: see gecli.output.scalar)."""
    text = finding.message.text(lang)
    where = finding.in_document(lang)
    if where:  # a document has no line: say where in it
        text = f"{where}: {text}"
    hint = finding.message.hint(lang)
    if hint:
        text = f"{text} {hint}"
    rule = finding.rule
    numbered = f'"ruleIndex": {index[rule]}, ' if rule in index else ""
    waived = "" if finding.suppressed is None else f', "suppressions": [{{"kind": "inSource", "justification": {string(finding.suppressed)}}}]'
    return (
        f'{{"ruleId": {string(rule)}, {numbered}"level": "{finding.severity.value}", "message": {{"text": {string(text)}}}, '
        f'"locations": [{{"physicalLocation": {{"artifactLocation": {artifact_location(finding.file, root, resolved)}, '
        f'"region": {region(finding)}}}}}]{waived}{properties(finding)}}}'
    )  # fmt: skip


def properties(finding: Finding) -> str:
    """The indicator and the place in a document, as the JSON report has them ("" if none)."""
    if finding.place is None:  # most findings: in a YAML plan, about an indicator
        return f', "properties": {{"indicator": {string(finding.indicator)}}}' if finding.indicator else ""
    fields = document_place(finding)
    if finding.indicator:
        fields = {"indicator": finding.indicator, **fields}
    return f', "properties": {to_json(fields)}' if fields else ""


def chunks(report, lang: str) -> Iterator[str]:
    """The log in pieces, a result at a time: a national tree's log is tens of megabytes."""
    rules = rule_descriptors(lang)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    root = source_root()
    run: dict[str, Any] = {
        "tool": {
            "driver": {"name": "gecli", "version": __version__, "informationUri": HOMEPAGE, "rules": rules}
        },
    }
    if root is not None:  # where %SRCROOT% was, for viewers other than GitHub (which uses its checkout)
        run["originalUriBaseIds"] = {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}}
    # Columns come from PyYAML's marks: positions in the decoded text.
    run["columnKind"] = "unicodeCodePoints"
    run["results"] = []  # last: written a result at a time after the rest of the log
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    # Compact: the C encoder is several times faster than the indenting one, and a national
    # tree's log is tens of megabytes (pipe it through jq to read it).
    before, _, after = json.dumps(log, ensure_ascii=False).rpartition("[]")  # the results' place
    yield before + "["
    located = {checked.path: checked.file for checked in report.plans}  # each read plan, resolved
    for number, finding in enumerate(report.findings):
        yield (", " if number else "") + result(finding, index, lang, root, located.get(finding.file))
    yield "]" + after + "\n"
    artifact_location.cache_clear()  # the working folder may differ next time


def render(report, lang: str) -> str:
    return "".join(chunks(report, lang))
