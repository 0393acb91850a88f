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
from gecli.importer.blocks import QUOTE_LIMIT, Place, Table
from gecli.importer.meaning import comparable, indicator_of, wording
from gecli.quantity import Quantity, _unit_pattern, unit_id
from gecli.structure import label

if TYPE_CHECKING:
    from gecli.importer.recognise import Line, Recogniser

_YEAR = re.compile(r"năm\s+(\d{4})")


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
                if "executor" in mapping and not texts["executor"].strip():
                    # An extraction's tabs may shift the last cell right: "… chủ trì …" is it.
                    spill = next((c for c in cells[mapping["executor"] :] if "chủ trì" in c.text.lower()), None)
                    if spill is not None:
                        texts["executor"] = spill.text
                if any(texts.values()) and comparable(texts.get("text", "")) not in ("mục tiêu chỉ tiêu", "2"):
                    places = {name: cells[position].place for name, position in mapping.items() if position < len(cells)}
                    rows.append(Row(texts, places))
            return years, rows
    return None


def _year(text: str) -> int | None:
    match = _YEAR.search(text.lower())
    return int(match[1]) if match else None


# --- rows from a flattened table ----------------------------------------------------------

def _executor_pattern() -> re.Pattern[str]:
    """ "<agency> chủ trì, phối hợp với … triển khai thực hiện": the agency starts with a
    word agencies start with (Phòng, Sở, Văn phòng …), so a row's own words are not taken."""
    from gecli.importer.recognise import vocabulary

    starts = "|".join(re.escape(word) for word in sorted(vocabulary()["agency_words"], key=len, reverse=True))
    return re.compile(rf"((?:{starts})\b[^.;:]{{0,80}}?\s+chủ\s+trì,\s+phối\s+hợp\s+với\s+[^.;]{{2,150}}?triển\s+khai\s+thực\s+hiện)")
# A row starts at its TT: "2.1 - Chỉ tiêu 1: …"; a plain number only opens an objective row
# ("3 Mục tiêu 3: …"), else "% 80 Phòng …" would start a row at 80.
_ROW = re.compile(r"(?<![\d.,/])(\d{1,2}\.\d{1,2}|\d{1,2}(?=\s+Mục tiêu))\s+(?=Mục tiêu|-|–|Chỉ tiêu|[A-ZĐ])")
# A unit cell and a figure cell: "% 30", "lần 1,7", "trẻ 32,5/100.000 trẻ", "tin 03tin/quý".
_UNIT_FIGURE = re.compile(r"(?<!\w)(%|lần|tin|trẻ|‰)\s+(\d[\d.,]*(?:/[\d.]+)?(?:\s*(?:trẻ|tin/quý|bé trai/100 bé gái|%))?)(?![\w/])")


def _flat_rows(lines: list["Line"]) -> tuple[dict, list[Row]] | None:
    """Rows of a table the extraction flattened into paragraphs, cells interleaved: the
    executor cells ("… chủ trì, phối hợp với … triển khai thực hiện") are taken out first,
    then the rest is cut at each TT number; in each piece, a unit followed by a figure ("%
    30") closes an indicator's row. What cannot be placed is left to the flags."""
    text = " ".join(line.text for line in lines)
    years = {"result_year": _year_after(text, "kết quả"), "target_year": _year_after(text, "kế hoạch")}
    place = lines[0].place if lines else Place()
    pattern = _executor_pattern()
    executors = [(m.start(), " ".join(m[1].split())) for m in pattern.finditer(text)]
    text = pattern.sub(lambda m: " " * len(m[0]), text)
    rows: list[Row] = []
    starts = [m for m in _ROW.finditer(text)]
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        piece = " ".join(text[match.end() : end].split())
        number = match[1]
        executor = next((e for at, e in reversed(executors) if at < end), "")
        written = label(piece)
        if written and written.kind == "objective":
            # "Mục tiêu 1: … Chỉ tiêu: …": a target row printed without its own TT follows.
            target_at = re.search(r"\s(?=-?\s*Chỉ tiêu\b)", piece)
            heading = piece[: target_at.start()] if target_at else piece
            rows.append(Row({"number": number, "text": heading.strip()}, dict.fromkeys(("number", "text"), place)))
            if not target_at:
                continue
            piece, number = piece[target_at.end() :], ""
        for position, (row_text, unit, figure) in enumerate(_cells(piece)):
            cells = {"number": number if position == 0 else number, "text": row_text, "unit": unit, "target": figure}
            cells["executor"] = executor
            rows.append(Row(cells, dict.fromkeys(cells, place)))
    return (years, rows) if rows else None


def _year_after(text: str, word: str) -> int | None:
    match = re.search(rf"{word}[^0-9]{{0,30}}năm\s+(\d{{4}})", text.lower())
    return int(match[1]) if match else None


def _cells(piece: str) -> list[tuple[str, str, str]]:
    """An indicator row's text, unit and figure, for each indicator row in ``piece``; a
    piece with no unit cell keeps its last figure as the row's figure."""
    found, last = [], 0
    for match in _UNIT_FIGURE.finditer(piece):
        found.append((piece[last : match.start()].strip(" -"), match[1], match[2].strip()))
        last = match.end()
    if found:
        return [(text, unit, figure) for text, unit, figure in found if text]
    written = label(piece.strip(" -"))
    skip = piece.find(written.written) + len(written.written) if written else 0  # not the "2" of "Chỉ tiêu 2:"
    figures = [m for m in _unit_pattern().finditer(piece.lower()) if m.start() >= skip]
    if not figures:
        return [(piece.strip(" -"), "", "")]
    figure = figures[-1]
    return [(piece[: figure.start()].strip(" -"), "", piece[figure.start() : figure.end()].strip())]


# --- joining rows to the body's targets -------------------------------------------------------


def _executors_through_merges(rows: list[Row], copy_down: bool) -> dict[int, tuple[str, str]]:
    """Each target row's executor when its own cell is blank, and why. An extraction prints a
    merged cell's text once, on one of the rows it covers: a detail row of the same target
    ("below"), or a target row above in the same objective ("above": copied down only for a
    flattened extraction, where a blank cell cannot be told from a merged one)."""
    filled: dict[int, tuple[str, str]] = {}
    above = ""
    kinds = _kinds(rows)
    for index, row in enumerate(rows):
        if kinds[index] == "objective":
            above = ""
        if kinds[index] != "target":
            continue
        if row.get("executor"):
            above = row.get("executor")
            continue
        below = ""
        for later in range(index + 1, len(rows)):
            if kinds[later] != "detail":
                break
            if rows[later].get("executor"):
                below = rows[later].get("executor")
                break
        if below:
            filled[index] = (below, "below")
        elif above and copy_down:
            filled[index] = (above, "above")
    return filled


def _kinds(rows: list[Row]) -> list[str]:
    """Each row: "objective"; "target" (a "Chỉ tiêu" label, or an indicator of its own with
    figures — "Người gây bạo lực …" after "Người bị bạo lực …"); or "detail" (a row under the
    target above: "Cấp tỉnh", or "1.2 Chính quyền … cấp huyện …" still about indicator 1.1)."""
    kinds, current = [], None
    for row in rows:
        written = label(row.get("text"))
        if written and written.kind == "objective":
            kinds.append("objective")
            current = None
            continue
        match = indicator_of(row.get("text"))
        figures = any(row.get(c) for c in ("unit", "result", "target"))
        fresh = match.indicator is not None and match.indicator != current
        if (written and written.kind == "target") or (fresh and (figures or _looks_like_target(row.get("number")))):
            kinds.append("target")
            current = match.indicator or current
        else:
            kinds.append("detail")
    return kinds


def _join(recogniser: "Recogniser", frame: dict, rows: list[Row], flat_table: bool) -> None:
    """Objective rows become the appendix's groups; each target row joins the body's target
    for the same indicator; detail rows go under the target above them."""
    targets = recogniser.targets()
    kinds = _kinds(rows)
    merged = _executors_through_merges(rows, copy_down=recogniser.document.kind != "docx")
    groups: list[dict] = []
    joined: set[str] = set()
    current: tuple | None = None  # (loc, target) whose detail rows follow
    group_name: str | None = None
    for position, (row, kind) in enumerate(zip(rows, kinds)):
        text, number = row.get("text"), row.get("number")
        if position in merged:
            row.cells["executor"] = merged[position][0]
        if kind == "objective":
            groups.append({"number": number, "text": text} if number else {"text": text})
            current, group_name = None, None
        elif kind == "target":
            indicator = indicator_of(text).indicator
            recogniser.counts["appendix_rows"] += 1
            if indicator not in targets:
                recogniser.flag(("appendix",), "import_row_without_body", indicator=indicator or "?", text=excerpt(text, 60))
                current = None
                continue
            loc, target = targets[indicator]
            joined.add(indicator)
            _row_into(recogniser, loc, target, row, frame, flat_table)
            if position in merged:
                recogniser.flag((*loc, "appendix"), f"import_executor_{merged[position][1]}", indicator=indicator)
            current, group_name = (loc, target), None
        elif current is not None and text:
            if not any(row.get(c) for c in ("unit", "result", "target")):
                group_name = text  # "Cấp tỉnh": heads the detail rows below it
                continue
            loc, target = current
            detail = {"label": text, "number": number or None, "group": group_name}
            detail |= {column: row.get(column) for column in ("unit", "result", "target") if row.get(column)}
            target.setdefault("breakdown", []).append({k: v for k, v in detail.items() if v})
            recogniser.places[(*loc, "breakdown", len(target["breakdown"]) - 1)] = row.places.get("text") or recogniser.places[loc]
    if groups:
        frame["groups"] = groups
    for indicator, (loc, _) in targets.items():
        if indicator not in joined:
            recogniser.flag(loc, "import_no_appendix_row", indicator=indicator)


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
    if "target" not in target and target.get("text") and appendix.get("target"):
        # Several figures in the sentence: the one the appendix plans is the target.
        read = wording(target["text"], target["indicator"], hint=(_figure_of(appendix["target"]), unit_id(row.get("unit") or "")))
        if read.text:
            target["target"] = read.text
            recogniser.flag((*loc, "target"), "import_figure_from_appendix", figure=appendix["target"])
    result = row.get("result")
    if result and frame.get("result_year"):
        if _readable(result):
            target["baseline"] = {"value": result, "year": frame["result_year"]}
        else:
            recogniser.flag((*loc, "appendix"), "import_cell_not_a_figure", text=excerpt(result, 60))
    for column, key in (("text", ("appendix", "text")), ("target", ("appendix", "target")), ("result", ("baseline", "value")), ("executor", ("appendix", "executor"))):
        if column in row.places:
            recogniser.places[(*loc, *key)] = row.places[column]
            recogniser.quotes[(*loc, *key)] = row.get(column)[:QUOTE_LIMIT]
    recogniser.places[(*loc, "appendix")] = row.places.get("text") or recogniser.places[loc]
    if flat:
        recogniser.flag((*loc, "appendix"), "import_flat_row", indicator=target["indicator"])


def _figure_of(cell: str) -> str | None:
    match = _unit_pattern().search(cell.lower())
    return match.group("num") if match else None


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
