"""Pydantic validation errors as findings, located in the YAML file and explained."""

from __future__ import annotations

import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from gecli.findings import Finding, Severity
from gecli.catalog import indicators
from gecli.i18n import Message, excerpt
from gecli.model import Plan, indicator_id
from gecli.names import plain_key
from gecli.quantity import ACCEPTED_FORMS
from gecli.source import Source

_TYPE_NAMES = {
    "string_type": "type_str",
    "int_type": "type_int",
    "int_parsing": "type_int",
    "int_from_float": "type_int",
    "float_type": "type_number",
    "float_parsing": "type_number",
    "decimal_type": "type_number",
    "decimal_parsing": "type_number",
    "bool_type": "type_bool",
    "bool_parsing": "type_bool",
    "list_type": "type_list",
    "model_type": "type_mapping",
    "model_attributes_type": "type_mapping",
    "dict_type": "type_mapping",
    "date_type": "type_date",
}
_RANGE_ERRORS = {"greater_than_equal": "≥ {ge}", "less_than_equal": "≤ {le}", "greater_than": "> {gt}", "less_than": "< {lt}"}
_OWN_ERRORS = {
    "quantity_type", "unit_unknown", "indicator_unknown", "date_unparsed", "date_invalid",
    "date_empty", "period_unparsed", "period_order", "quantity_not_finite", "footnote_unparsed",
}  # fmt: skip


def describe_value(value: Any, written: str | None = None) -> Message:
    """What the user wrote, as they wrote it ("yes", not True) when the file is at hand."""
    if written is not None:
        return Message("type_value", value=excerpt(written))
    if value is None:
        return Message("type_null")
    if isinstance(value, list):
        return Message("type_list")
    if isinstance(value, dict):
        return Message("type_mapping")
    return Message("type_value", value=excerpt(str(value)))


def plan_findings(path: str, data: Any, source: Source, error: ValidationError) -> list[Finding]:
    if data is None:
        return [Finding(path, 1, 1, "schema", Severity.ERROR, Message("plan_empty"))]
    if not isinstance(data, dict):
        found = describe_value(data)
        return [Finding(path, 1, 1, "schema", Severity.ERROR, Message("plan_not_mapping", found=found))]
    findings = []
    for item in error.errors(include_url=False):
        # Pydantic may add steps such as "function-after[...]" that are not keys in the file.
        loc = tuple(part for part in item["loc"] if isinstance(part, int) or "[" not in part)
        position = source.position(loc, at_key=item["type"] == "extra_forbidden")
        findings.append(
            Finding(
                path,
                position.line,
                position.column,
                "schema",
                Severity.ERROR,
                _explain(item, loc, source.written(loc)),
                indicator=_indicator_at(data, loc),
            )
        )
    return findings


def _explain(item: dict[str, Any], loc: tuple, written: str | None) -> Message:
    kind, ctx = item["type"], item.get("ctx") or {}
    field = str(loc[-1]) if loc and isinstance(loc[-1], str) else ""
    if kind == "missing":
        return Message("missing", field=field)
    if kind == "extra_forbidden":
        return Message("extra_forbidden", field=field, allowed=sorted(_model_at(loc[:-1]).model_fields))
    if kind == "quantity_unparsed":
        reason = Message("reason_" + ctx.get("reason", "no_number"), numbers=ctx.get("numbers", ""), limit=ctx.get("limit", ""))
        return Message("quantity_unparsed", input=ctx.get("input", ""), reason=reason, forms=list(ACCEPTED_FORMS))
    if kind in _OWN_ERRORS:
        return Message(kind, **ctx)
    if kind in ("enum", "literal_error"):
        typed = written or str(item["input"])
        choices = re.findall(r"'([^']*)'", ctx.get("expected", ""))  # "'quốc gia', 'tỉnh' or 'xã'"
        meant = [choice for choice in choices if plain_key(choice) == plain_key(typed)]
        if len(meant) == 1:  # "tinh" typed without Vietnamese input: say the spelling
            return Message("enum_spelling", input=excerpt(typed), value=meant[0])
        return Message("enum", input=excerpt(typed), expected=choices or ctx.get("expected", ""))
    if kind in _TYPE_NAMES:
        return Message("wrong_type", expected=Message(_TYPE_NAMES[kind]), found=describe_value(item["input"], written))
    if kind in _RANGE_ERRORS:
        return Message("out_of_range", input=excerpt(written or str(item["input"])), limit=_RANGE_ERRORS[kind].format(**ctx))
    if kind == "string_too_short":
        return Message("blank")
    return Message("schema_other", detail=item["msg"])


def _model_at(loc: tuple) -> type[BaseModel]:
    """The model class that validates the mapping at ``loc`` (for listing its fields)."""
    model: type[BaseModel] = Plan
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            break
        inner = _first_model(field.annotation)
        if inner is None:
            break
        model = inner
    return model


def _first_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _first_model(arg)
        if found is not None:
            return found
    return None


def _indicator_at(data: Any, loc: tuple) -> str | None:
    """The indicator id of the target that ``loc`` points into, if any."""
    node, found = data, None
    for before, part in zip((None, *loc), loc):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if before == "targets" and isinstance(node, dict):
            found = node.get("indicator")
    found = None if found is None else str(indicator_id(found))
    return found if found in indicators() else None
