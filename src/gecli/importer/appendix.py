"""The appendix table (Phụ lục "PHÂN CÔNG THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU …"): its frame,
its objective rows, and each indicator's row joined to the target the body states —
unit, previous-year result, plan-year figure, the "Đơn vị thực hiện" cell (read through
merged cells) and the detail rows under it. A table the extraction flattened into lines is
read row by row too, each row flagged for checking."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from gecli.i18n import excerpt
from gecli.importer.blocks import Place, Table
from gecli.importer.meaning import comparable, indicator_of
from gecli.quantity import Quantity, _unit_pattern
from gecli.structure import label

if TYPE_CHECKING:
    from gecli.importer.recognise import Line, Recogniser

_YEAR = re.compile(r"năm\s+(\d{4})")
_ROW_START = re.compile(r"^(\d{1,2}(?:\.\d{1,2})?)\s+(\S.*)$")
_UNIT_CELL = re.compile(r"(?:^|\s)(%|lần|tin|trẻ|‰)\s*$")


def read_appendix(recogniser: "Recogniser", lines: list["Line"]) -> None:
    from gecli.importer.recognise import vocabulary

    heading = lines[0]
    frame: dict = {"heading": heading.text}
    recogniser.place(("appendix",), heading)
    rest = lines[1:]
    title: list[str] = []
    table: Table | None = None
    flat: list["Line"] = []
    for line in rest:
        if line.table is not None:
            table = line.table if table is None else _continued(table, line.table)
        elif table is None and line.text.startswith("(") and "kèm theo" in line.text.lower():
            frame["reference_line"] = line.text
        elif table is None and not flat and not frame.get("reference_line") and _upper(line.text):
            title.append(line.text)
        elif table is None:
            flat.append(line)
    frame["title"] = " ".join(title) or "?"
    if not title:
        recogniser.flag(("appendix", "title"), "import_no_appendix_title")
    if table is not None:
        rows = _table_rows(table, vocabulary())
    else:
        rows = _flat_rows(flat)
        if rows:
            recogniser.flag(("appendix",), "import_flat_table", rows=len(rows))
    if rows is None:
        recogniser.flag(("appendix",), "import_no_appendix_table")
        recogniser.data["appendix"] = frame
        return
    years, rows = rows
    frame.update({key: value for key, value in years.items() if value})
    recogniser.data["appendix"] = frame
    _join(recogniser, frame, rows, flat_table=table is None)


def _continued(table: Table, more: Table) -> Table:
    """A table broken by a page (or by a footnote the extraction put between its rows) is
    one table: its rows follow on, without the header row repeated on the new page."""
    rows = list(more.rows)
    if rows and [comparable(c.text) for c in rows[0]] == [comparable(c.text) for c in table.rows[0]]:
        rows = rows[1:]
    return Table(table.rows + tuple(rows), table.place, table.header_rows)


def _upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


# --- rows from a real table ----------------------------------------------------------------


class Row:
    def __init__(self, cells: dict[str, str], places: dict[str, Place]):
        self.cells = cells
        self.places = places

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()


def _table_rows(table: Table, vocabulary: dict) -> tuple[dict, list[Row]] | None:
    columns = vocabulary["appendix_columns"]
    for index, row in enumerate(table.rows[:4]):
        mapping = {}
        for position, cell in enumerate(row):
            words = comparable(cell.text)
            for name in ("number", "result", "target", "executor", "unit", "text"):
                if name not in mapping and any(words == comparable(w) or words.startswith(comparable(w)) for w in columns[name]):
                    mapping[name] = position
                    break
        if {"text", "target"} <= set(mapping):
            years = {
                "result_year": _year(row[mapping["result"]].text) if "result" in mapping else None,
                "target_year": _year(row[mapping["target"]].text),
            }
            rows = []
            for cells in table.rows[index + 1 :]:
                texts = {name: cells[position].text if position < len(cells) else "" for name, position in mapping.items()}
                if any(texts.values()) and comparable(texts.get("text", "")) not in ("mục tiêu chỉ tiêu", "2"):
                    places = {name: cells[position].place for name, position in mapping.items() if position < len(cells)}
                    rows.append(Row(texts, places))
            return years, rows
    return None


def _year(text: str) -> int | None:
    match = _YEAR.search(text.lower())
    return int(match[1]) if match else None


# --- rows from a flattened table ----------------------------------------------------------


def _flat_rows(lines: list["Line"]) -> tuple[dict, list[Row]] | None:
    """Rows of a table the extraction wrapped into lines: a row starts at its TT number;
    its figure is the last quantity in it, its unit the unit word just before."""
    header = " ".join(line.text for line in lines[:6]).lower()
    years = {"result_year": None, "target_year": None}
    match = re.search(r"kết quả[^0-9]{0,30}năm\s+(\d{4})", header)
    years["result_year"] = int(match[1]) if match else None
    match = re.search(r"kế hoạch[^0-9]{0,30}năm\s+(\d{4})", header)
    years["target_year"] = int(match[1]) if match else None
    rows: list[Row] = []
    current: list[str] = []
    place: Place | None = None
    for line in lines:
        start = _ROW_START.match(line.text)
        if start and (label(start[2]) or indicator_of(start[2]).indicator or rows or current):
            if current:
                rows.append(_flat_row(current, place))
            current, place = [line.text], line.place
        elif current:
            current.append(line.text)
    if current:
        rows.append(_flat_row(current, place))
    return (years, rows) if rows else None


def _flat_row(parts: list[str], place: Place) -> Row:
    text = " ".join(parts)
    start = _ROW_START.match(text)
    number, body = (start[1], start[2]) if start else ("", text)
    executor = re.search(r"(\S[^.;]{0,80}?\bchủ\s+trì,\s+phối hợp với\b[^.;]{0,120}?triển khai\s+thực\s+hiện)", body)
    executor_text = executor[1] if executor else ""
    if executor:
        body = body.replace(executor_text, " ")
    figures = list(_unit_pattern().finditer(body.lower()))
    cells = {"number": number, "text": body.strip(), "executor": executor_text}
    if figures:
        last = figures[-1]
        before = body[: last.start()]
        unit = _UNIT_CELL.search(before)
        cells["target"] = body[last.start() : last.end()].strip()
        cells["text"] = before[: unit.start()].strip() if unit else before.strip()
        if unit:
            cells["unit"] = unit[1]
    return Row(cells, dict.fromkeys(cells, place))


# --- joining rows to the body's targets -------------------------------------------------------


def _join(recogniser: "Recogniser", frame: dict, rows: list[Row], flat_table: bool) -> None:
    targets = recogniser.targets()
    groups: list[dict] = []
    joined: set[str] = set()
    current: dict | None = None  # the target whose detail rows follow
    group_name: str | None = None
    for row in rows:
        text, number = row.get("text"), row.get("number")
        written = label(text)
        if written and written.kind == "objective":
            groups.append({"number": number, "text": text} if number else {"text": text})
            current, group_name = None, None
            continue
        match = indicator_of(text)
        figures = [row.get(c) for c in ("unit", "result", "target") if row.get(c)]
        # A row about an indicator already read, with no "Chỉ tiêu" label of its own, is a
        # detail under it ("Cấp xã có lãnh đạo chủ chốt là nữ …" under 1.1).
        again = match.indicator in joined and not written
        if match.indicator and not again and (written or figures or _looks_like_target(number)):
            recogniser.counts["appendix_rows"] += 1
            if match.indicator not in targets:
                recogniser.flag(("appendix",), "import_row_without_body", indicator=match.indicator, text=excerpt(text, 60))
                current = None
                continue
            loc, target = targets[match.indicator]
            joined.add(match.indicator)
            _row_into(recogniser, loc, target, row, frame, flat_table)
            current, group_name = (loc, target), None
            continue
        if current is None or not text:
            continue
        loc, target = current
        if not figures:
            group_name = text  # "Cấp tỉnh": heads the detail rows below it
            continue
        detail: dict = {"label": text}
        if number:
            detail["number"] = number
        if group_name:
            detail["group"] = group_name
        for column, key in (("unit", "unit"), ("result", "result"), ("target", "target")):
            if row.get(column):
                detail[key] = row.get(column)
        target.setdefault("breakdown", []).append(detail)
        recogniser.places[(*loc, "breakdown", len(target["breakdown"]) - 1)] = row.places.get("text") or recogniser.places[loc]
    if groups:
        frame["groups"] = groups


def _looks_like_target(number: str) -> bool:
    return bool(re.fullmatch(r"\d{1,2}\.\d{1,2}", number))


def _row_into(recogniser: "Recogniser", loc: tuple, target: dict, row: Row, frame: dict, flat: bool) -> None:
    appendix: dict = {"number": row.get("number"), "text": row.get("text")}
    if row.get("unit"):
        appendix["unit"] = row.get("unit")
    if row.get("target"):
        if _readable(row.get("target")):
            appendix["target"] = row.get("target")
        else:
            recogniser.flag((*loc, "appendix"), "import_cell_not_a_figure", text=excerpt(row.get("target"), 60))
    if row.get("executor"):
        appendix["executor"] = row.get("executor")
        lead, partners = _executor(row.get("executor"))
        if lead:
            target["lead"] = lead
            if partners:
                target["partners"] = partners
    target["appendix"] = appendix
    result = row.get("result")
    if result and frame.get("result_year"):
        if _readable(result):
            target["baseline"] = {"value": result, "year": frame["result_year"]}
        else:
            recogniser.flag((*loc, "appendix"), "import_cell_not_a_figure", text=excerpt(result, 60))
    for column, key in (("text", ("appendix", "text")), ("target", ("appendix", "target")), ("result", ("baseline", "value")), ("executor", ("appendix", "executor"))):
        if column in row.places:
            recogniser.places[(*loc, *key)] = row.places[column]
            recogniser.quotes[(*loc, *key)] = excerpt(row.get(column), 80)
    recogniser.places[(*loc, "appendix")] = row.places.get("text") or recogniser.places[loc]
    if flat:
        recogniser.flag((*loc, "appendix"), "import_flat_row", indicator=target["indicator"])


def _readable(cell: str) -> bool:
    try:
        Quantity.model_validate(cell)
    except (ValidationError, PydanticCustomError):
        return False
    return True


def _executor(cell: str) -> tuple[str | None, list[str]]:
    """"Sở Nội vụ chủ trì, phối hợp với các địa phương, đơn vị có liên quan triển khai thực
    hiện" -> ("Sở Nội vụ", ["các địa phương, đơn vị có liên quan"])."""
    text = " ".join(cell.split())
    match = re.match(r"^(.{2,120}?)\s+chủ trì(?:,?\s+phối hợp với\s+(.{2,200}?))?(?:\s+(?:triển khai\s+)?thực hiện)?\.?$", text)
    if not match:
        return None, []
    return match[1].strip(" ,"), [match[2].strip(" ,")] if match[2] else []
