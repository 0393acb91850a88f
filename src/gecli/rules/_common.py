"""Helpers shared by several rules."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Iterator

from gecli.model import Plan, Target
from gecli.quantity import NUMBER, Quantity, parse_number, parse_quantity
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

_ROW_LABEL = re.compile(r"^\s*-?\s*chỉ tiêu\s*\d*\s*:\s*", re.IGNORECASE)
_NUMBER = re.compile(NUMBER)


def targets(plan: Plan) -> Iterator[tuple[tuple[str | int, ...], Target]]:
    return plan.targets()


def quantities(base: tuple, target: Target) -> Iterator[tuple[tuple, Quantity]]:
    """Every figure written for a target, with its place."""
    if target.target is not None:
        yield (*base, "target"), target.target
    for mi, milestone in enumerate(target.milestones):
        yield (*base, "milestones", mi, "target"), milestone.target
    if target.baseline is not None:
        yield (*base, "baseline", "value"), target.baseline.value
    if target.appendix is not None and target.appendix.target is not None:
        yield (*base, "appendix", "target"), target.appendix.target
    for ri, row in enumerate(target.breakdown):
        for name in ("result", "target"):
            figure = getattr(row, name)
            if figure is not None:
                yield (*base, "breakdown", ri, name), figure


def without_marks(plan: Plan, text: str | None) -> str | None:
    """``text`` without the plan's footnote marks: "chủ chốt(1) là nữ" holds no figure 1."""
    for note in plan.footnotes:
        if text and note.mark in text:
            text = text.replace(note.mark, " ")
    return text


@lru_cache(maxsize=4096)
def row_quantity(text: str | None) -> Quantity | None:
    """The figure in an appendix row's text ("- Chỉ tiêu 2: … giảm dưới 31,7/100.000"), if
    it holds exactly one (or a "từ … xuống …" pair). Rows repeat across plans: cached."""
    if not text:
        return None
    try:
        return Quantity.model_validate(parse_quantity(_ROW_LABEL.sub("", text)))
    except (PydanticCustomError, ValidationError):
        return None


@lru_cache(maxsize=4096)
def numbers_in(text: str) -> frozenset[Decimal]:
    """Every number written in a sentence."""
    return frozenset(parse_number(match) for match in _NUMBER.findall(text))
