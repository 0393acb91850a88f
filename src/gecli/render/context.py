"""What the templates see: the plan as plain data, its sections as a tree of items, and the
Vietnamese ways of writing dates and numerals."""

from __future__ import annotations

from typing import Any

from gecli.catalog import indicators
from gecli.model import Item, PartialDate, Plan, Target

ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(number: int) -> str:
    if not isinstance(number, int) or not 0 < number < 4000:
        return str(number)
    out = ""
    for value, letters in ROMAN:
        while number >= value:
            out, number = out + letters, number - value
    return out


def day_text(day: int) -> str:
    """NĐ30: days 1-9 take a leading zero."""
    return f"{day:02d}"


def month_text(month: int) -> str:
    """NĐ30: months 1 and 2 take a leading zero, 3-12 do not."""
    return f"{month:02d}" if month < 3 else str(month)


def _date_parts(date: PartialDate | dict | None) -> tuple[Any, Any, Any]:
    """(day, month, year) of a date, as a model or as the plain data templates see."""
    if date is None:
        return None, None, None
    if isinstance(date, dict):
        return date.get("day"), date.get("month"), date.get("year")
    return date.day, date.month, date.year


def short_date(date: PartialDate | dict | None) -> str:
    """"24/3/2025", as documents cite each other."""
    if date is None:
        return "…"
    day, month, year = _date_parts(date)
    parts = [str(day) if day else "…", str(month) if month else "…"]
    return "/".join(parts + ([str(year)] if year else []))


BLANK = "……"  # a blank the văn thư fills in, dotted as in NĐ30's samples ("ngày … tháng … năm …")


def long_date(date: PartialDate | dict | None, with_word: bool = True) -> str:
    """"ngày 05 tháng 01 năm 2025"; blank parts stay blank for the văn thư."""
    day, month, year = _date_parts(date)
    day = day_text(day) if isinstance(day, int) else BLANK
    month = month_text(month) if isinstance(month, int) else BLANK
    year = str(year) if year else BLANK
    return ("ngày " if with_word else "") + f"{day} tháng {month} năm {year}"


def item_view(item: Item, depth: int, year: int) -> dict:
    """An item as the template sees it (plain data): its printed parts, its depth (1 for a
    section), and for a target line drafted in gecli (no published sentence) what to
    write: each target's indicator name and wording."""
    drafted = [] if item.text else [_drafted(target, year) for target in item.targets]
    return {"depth": depth, "number": item.number, "title": item.title, "text": item.text, "drafted": drafted}


def _drafted(target: Target, year: int) -> dict:
    figure = target.milestone(year, year)  # the plan's own target, or its milestone for the year
    wording = (figure.raw or figure.display()) if figure else ""
    return {"name": indicators()[target.indicator].name, "wording": wording}


def template_context(plan: Plan) -> dict:
    """Plain data only (dicts, lists, strings, numbers) and pure helpers: templates are
    code other people write, and a model object would hand them its methods."""
    return {
        "plan": plan.model_dump(mode="json"),
        # Every item in printed order, flat: a template needs no recursion to print a tree.
        "doc": {"outline": [item_view(item, len(loc) // 2, plan.year) for loc, item, _ in plan.walk()]},
        "roman": roman,
    }
