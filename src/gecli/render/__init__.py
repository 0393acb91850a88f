"""`gecli render`: a plan file to the DOCX an official prints, signs and stamps.

The content comes from Jinja templates (text, in Vietnamese); the layout is built in code
(`layout`) so templates stay free of it. A target written by the drafter in gecli renders
the body sentence and the appendix row from the same figure; a transcribed plan renders its
published sentences as they are.
"""

from __future__ import annotations

from pathlib import Path

from gecli.catalog import indicators, objectives, units
from gecli.findings import Finding
from gecli.i18n import Message
from gecli.model import Level, Plan, Target
from gecli.names import committee_locality
from gecli.render.context import BLANK, long_date, template_context
from gecli.render.layout import AppendixRow, AppendixTable, Header, Signature, blocks_from_template, build, stable_bytes
from gecli.render.templating import TemplateProblem, render_body
from gecli.validate import read_plan

__all__ = ["NotAPlan", "RenderError", "TemplateProblem", "render_plan"]


class RenderError(Exception):
    """The plan file is not a valid plan: its findings say why."""

    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} findings")
        self.findings = findings


class NotAPlan(Exception):
    """The file is a valid record but no KẾ HOẠCH (the national strategy's indicators)."""

    def __init__(self, message: Message):
        super().__init__(message.key)
        self.message = message


def render_plan(path: str, templates: Path | None = None) -> bytes:
    checked, problems = read_plan(Path(path), Path(path).as_posix())
    if checked is None:
        raise RenderError(problems)
    plan = checked.plan
    if plan.level is Level.QUOC_GIA:
        # The strategy is a Nghị quyết whose figures gecli keeps as data: printing it as a
        # KẾ HOẠCH "Số: 28/NQ-CP" would pretend to be a document that does not exist.
        raise NotAPlan(Message("render_national", path=checked.path))
    text = render_body(template_context(plan), templates, checked.path)
    document = build(
        _header(plan),
        plan.document.title,
        blocks_from_template(text),
        _recipients(plan),
        _signature(plan),
        _appendix(plan) if plan.appendix else None,
        {note.mark: note.text for note in plan.footnotes},
    )
    return stable_bytes(document, plan.document.title, plan.issuer.name)


def _issuer_lines(plan: Plan) -> list[str]:
    if plan.issuer.header:
        return plan.issuer.header
    locality = committee_locality(plan.issuer.name)
    return ["ỦY BAN NHÂN DÂN", locality.upper()] if locality else [plan.issuer.name.upper()]


def _document_number(plan: Plan) -> str:
    number = plan.document.number
    if number and number.isdigit():
        number = f"{int(number):02d}"  # NĐ30: numbers below 10 take a leading zero
    return f"Số: {number or BLANK}/{plan.document.symbol}"


def _header(plan: Plan) -> Header:
    place = plan.document.place or BLANK * 3
    return Header(plan.issuer.parent_body, _issuer_lines(plan), _document_number(plan), f"{place}, {long_date(plan.document.date)}")


def _recipients(plan: Plan) -> list[str]:
    lines = [line if line.startswith("+") else f"- {line}" for line in plan.recipients]
    if not any(line.startswith("- Lưu") for line in lines):
        lines.append("- Lưu: VT.")  # NĐ30: the list ends with the archive line
    return lines


def _signature(plan: Plan) -> Signature:
    signature = plan.signature
    if signature is None:
        return Signature(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], None)
    lines = [line for line in (signature.authority, signature.on_behalf, signature.title) if line]
    return Signature(lines, signature.name)


def _appendix(plan: Plan) -> AppendixTable:
    appendix = plan.appendix
    document = plan.document
    cited = f"{document.number or BLANK}/{document.symbol}"
    reference = appendix.reference_line or f"(Kèm theo Kế hoạch số {cited} {long_date(document.date)} của {plan.issuer.name})"
    targets = [target for _, target in plan.targets()]
    baselines = [t.baseline.year for t in targets if t.baseline]
    rows = []
    for number, heading, group in _groups(plan, targets):
        rows.append(AppendixRow(number, heading, "", "", "", "", kind="objective"))
        for index, target in enumerate(group, start=1):
            rows.append(_target_row(f"{number}.{index}", target))
            rows += _breakdown_rows(target)
    return AppendixTable(
        appendix.heading,
        appendix.title,
        reference,
        appendix.result_year or (max(baselines) if baselines else None),
        appendix.target_year or plan.year,
        rows,
    )


def _groups(plan: Plan, targets: list[Target]) -> list[tuple[str, str, list[Target]]]:
    """The objective rows and the targets under each. As printed when the plan records its
    appendix's rows (a row "2.1" sits under group "2"); else one group per national
    objective, headed as the strategy names it."""
    if plan.appendix.groups:
        groups = [(g.number or "", g.text, []) for g in plan.appendix.groups]
        by_number = {number: members for number, _, members in groups}
        for target in targets:
            row = target.appendix.number if target.appendix and target.appendix.number else ""
            home = by_number.get(row.split(".")[0]) or by_number.get(str(indicators()[target.indicator].objective))
            (home if home is not None else groups[-1][2]).append(target)
        return groups
    groups: dict[int, list[Target]] = {}
    for target in targets:
        groups.setdefault(indicators()[target.indicator].objective, []).append(target)
    return [(str(objective), f"Mục tiêu {objective}: {objectives()[objective]}", members) for objective, members in sorted(groups.items())]


def _breakdown_rows(target: Target) -> list[AppendixRow]:
    """The detail rows under a target; a group ("Cấp tỉnh") is its own row, printed once
    above the rows it heads."""
    rows, group = [], None
    for row in target.breakdown:
        if row.group and row.group != group:
            rows.append(AppendixRow("", row.group, "", "", "", _executor(target), kind="detail"))
        group = row.group
        result = row.result.raw if row.result and row.result.raw else ""
        figure = row.target.raw if row.target and row.target.raw else ""
        rows.append(AppendixRow(row.number or "", row.label, row.unit or "", result, figure, _executor(target), kind="detail"))
    return rows


def _executor(target: Target) -> str:
    """The "Đơn vị thực hiện" cell: as printed for a transcribed row (blank when it is),
    written from the lead and partners for a target drafted in gecli."""
    if target.appendix is not None:
        return target.appendix.executor or ""
    if not target.lead:
        return ""
    partners = f", phối hợp với {', '.join(target.partners)}" if target.partners else ""
    return f"{target.lead} chủ trì{partners} triển khai thực hiện"


def _target_row(number: str, target: Target) -> AppendixRow:
    indicator = indicators()[target.indicator]
    row = target.appendix
    result = (target.baseline.value.raw or "") if target.baseline else ""
    if row is not None:  # transcribed: the published row as it is
        figure = row.target.raw if row.target and row.target.raw else ""
        # A TT cell printed blank stays blank (number ""); one not recorded is numbered.
        printed = row.number if row.number is not None else number
        return AppendixRow(printed, row.text or "", row.unit or "", result, figure, _executor(target))
    # Drafted: the row is written from the same target as the body sentence.
    stated = target.stated()
    unit = units()[stated.unit or indicator.unit].display if stated is not None and stated.value is not None else ""
    figure = (stated.raw or stated.display()) if stated is not None else ""
    return AppendixRow(number, indicator.name, unit.strip(), result, figure, _executor(target))
