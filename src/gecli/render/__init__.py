"""`gecli render`: a plan file to the DOCX an official prints, signs and stamps.

The content comes from Jinja templates (text, in Vietnamese); the layout is built in code
(`layout`) so templates stay free of it. A target written by the drafter in gecli renders
the body sentence and the appendix row from the same figure; a transcribed plan renders its
published sentences as they are.
"""

from __future__ import annotations

from pathlib import Path

from gecli.catalog import indicators, units
from gecli.findings import Finding
from gecli.model import Plan, Target
from gecli.names import committee_locality
from gecli.render.context import BLANK, long_date, template_context
from gecli.render.layout import AppendixRow, AppendixTable, Header, Signature, blocks_from_template, build, stable_bytes
from gecli.render.templating import TemplateProblem, render_body
from gecli.validate import read_plan

__all__ = ["RenderError", "TemplateProblem", "render_plan"]


class RenderError(Exception):
    """The plan file is not a valid plan: its findings say why."""

    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} findings")
        self.findings = findings


def render_plan(path: str, templates: Path | None = None) -> bytes:
    checked, problems = read_plan(Path(path), Path(path).as_posix())
    if checked is None:
        raise RenderError(problems)
    plan = checked.plan
    text = render_body(template_context(plan), templates, checked.path)
    document = build(
        _header(plan),
        plan.document.title,
        blocks_from_template(text),
        _recipients(plan),
        _signature(plan),
        _appendix(plan) if plan.appendix else None,
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
    place = plan.document.place or BLANK * 2
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
    baselines = [t.baseline.year for _, _, t in plan.targets() if t.baseline]
    rows = []
    for oi, objective in enumerate(plan.objectives, start=1):
        heading = f"{objective.label}: {objective.title}" if objective.label else objective.title
        rows.append(AppendixRow(str(oi), heading, "", "", "", "", kind="objective"))
        for ti, target in enumerate(objective.targets, start=1):
            rows.append(_target_row(f"{oi}.{ti}", target))
            rows += [
                AppendixRow(
                    "",
                    f"{row.group}: {row.label}" if row.group else row.label,
                    row.unit or "",
                    row.result.raw if row.result and row.result.raw else "",
                    row.target.raw if row.target and row.target.raw else "",
                    "",
                    kind="detail",
                )
                for row in target.breakdown
            ]
    return AppendixTable(
        "Phụ lục",
        appendix.title,
        reference,
        appendix.result_year or (max(baselines) if baselines else None),
        appendix.target_year or plan.year,
        rows,
    )


def _target_row(number: str, target: Target) -> AppendixRow:
    indicator = indicators()[target.indicator]
    row = target.appendix
    executor = ""
    if target.lead:
        partners = f", phối hợp với {', '.join(target.partners)}" if target.partners else ""
        executor = f"{target.lead} chủ trì{partners} triển khai thực hiện"
    result = (target.baseline.value.raw or "") if target.baseline else ""
    if row is not None:  # transcribed: the published row as it is
        figure = row.target.raw if row.target and row.target.raw else ""
        return AppendixRow(row.number or number, row.text or "", row.unit or "", result, figure, executor)
    # Authored: the row is written from the same target as the body sentence.
    label = f"{target.label}: " if target.label else ""
    unit = units()[target.target.unit or indicator.unit].display if target.target else ""
    figure = (target.target.raw or target.target.display()) if target.target else ""
    return AppendixRow(number, label + indicator.name, unit.strip(), result, figure, executor)
