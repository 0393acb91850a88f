"""The JSON report: a public, versioned contract (see README, "JSON output")."""

from __future__ import annotations

from collections.abc import Iterator

from gecli.findings import Finding
from gecli.i18n import excerpt
from gecli.output import scalar, string

FORMAT_VERSION = 1


def finding_record(finding: Finding, lang: str) -> str:
    """One finding, as ``json.dumps`` writes its record: the keys the README lists, in that
    order, with null for what does not apply."""
    place = finding.place
    reason = finding.suppressed
    where = _NOWHERE if place is None else (
        f'"paragraph": {scalar(place.paragraph)}, "table": {scalar(place.table)}, "row": {scalar(place.row)}, '
        f'"cell": {scalar(place.column)}, "page": {scalar(place.page)}, '
        f'"quote": {string(excerpt(finding.quote, 80)) if finding.quote else "null"}'
    )  # fmt: skip
    return (
        f'{{"file": {string(finding.file)}, "line": {scalar(finding.line)}, "column": {scalar(finding.column)}, '
        f'"rule": {string(finding.rule)}, "severity": "{finding.severity.value}", "indicator": {scalar(finding.indicator)}, '
        f'"message": {string(finding.message.text(lang))}, "hint": {scalar(finding.message.hint(lang))}, '
        f'"suppressed": {"false" if reason is None else "true"}, "waiver_reason": {scalar(reason)}, {where}}}'
    )  # fmt: skip


# A finding in a YAML file: no place in a document (where, and the words there).
_NOWHERE = ", ".join(f'"{name}": null' for name in ("paragraph", "table", "row", "cell", "page", "quote"))


def chunks(report, lang: str) -> Iterator[str]:
    """The report in pieces, a finding at a time: a national report is tens of megabytes.
    The same text as ``json.dumps`` of the whole document (one line; pipe it through jq to
    read it)."""
    yield f'{{"version": {FORMAT_VERSION}, "files": {report.files}, "findings": ['
    for index, finding in enumerate(report.findings):
        yield (", " if index else "") + finding_record(finding, lang)
    yield "]}\n"


def render(report, lang: str) -> str:
    return "".join(chunks(report, lang))
