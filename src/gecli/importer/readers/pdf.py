"""PDF files with a text layer, through pdfplumber (MIT; see /work/research/import-notes.md §4).

Each page is read top to bottom as lines and ruled tables: the characters inside a table
are left out of the lines (a character belongs to a table when its centre is inside the
table's box) and the table's cells are read from its grid. Then:

- Superscript digits (smaller than the line's text and raised above its baseline) are
  written as superscripts, so a footnote reference reads "tỉnh¹", never "tỉnh1".
- Footnotes — a line starting with a mark printed before, and the lines of the same small
  size under it — are collected into ``footnotes``; page numbers are dropped.
- The remaining lines are joined into paragraphs by the same unwrapping as the text reader
  (:mod:`lines`), measuring how far each line reaches across the page in points.
- A table continued on the next page, with the same columns, is one table; a repeated
  header row is dropped. Cells covered by a merged cell repeat its text, with ``merged_from``.
- ``bold``/``italic`` come from the font names; ``centred`` from the line's position.
- A page with images and (almost) no characters is a scan: a PDF made only of such pages is
  refused (gecli does no OCR); a few such pages are reported in ``warnings``.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

import pdfplumber
from pdfplumber import utils

from gecli.i18n import Message
from gecli.importer.blocks import Cell, Paragraph, Place, SourceDocument, Table
from gecli.importer.readers.errors import ImportProblem
from gecli.importer.readers.lines import SUPERSCRIPT_DIGITS, FootnoteLines, Line, is_page_number, normalise, paragraphs, wrap_width

MIN_CHARS = 20  # fewer characters than this on a page with images: a scanned page
SUPERSCRIPT_SIZE = 0.8  # a digit this much smaller than its line, and raised: a superscript
_BOLD = re.compile(r"bold|black|heavy|semibold|demibold", re.IGNORECASE)
_ITALIC = re.compile(r"italic|oblique", re.IGNORECASE)
_LEGACY_FONT = re.compile(r"(?:^|\+)\.?vn|vni[-_ ]", re.IGNORECASE)
_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)


@dataclass
class _PdfLine:
    text: str
    page: int
    number: int  # 1-based among the page's lines outside tables
    x0: float
    x1: float
    top: float
    size: float
    bold: bool
    italic: bool
    alone: bool = False  # a column of a two-column line (the header block)


@dataclass
class _PdfTable:
    page: int
    rows: list[list[tuple[str, tuple[int, int] | None]]]  # (text, merged_from)
    pages: list[int] = field(default_factory=list)  # the page of each row
    header_rows: int = 0

    @property
    def last_page(self) -> int:
        return self.pages[-1] if self.pages else self.page


def read_pdf(raw: bytes, shown: str, max_pages: int) -> SourceDocument:
    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
    except Exception as error:  # pdfminer raises many kinds on a damaged file
        raise _problem(error, shown) from None
    with pdf:
        try:
            pages = pdf.pages
        except Exception as error:
            raise _problem(error, shown) from None
        if len(pages) > max_pages:
            raise ImportProblem(Message("import_pdf_too_many_pages", path=shown, pages=len(pages), limit=max_pages))
        return _Reader(shown).read(pages)


def _problem(error: Exception, shown: str, page: int | None = None) -> ImportProblem:
    causes = [error, *error.args]
    if any(type(cause).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError") for cause in causes):
        return ImportProblem(Message("import_pdf_encrypted", path=shown))
    text = " ".join(str(error).split())[:160]
    reason = type(error).__name__ + (f": {text}" if text else "")
    if page is not None:
        reason = f"trang {page}: {reason}"
    return ImportProblem(Message("import_pdf_broken", path=shown, reason=reason))


class _Reader:
    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.out = SourceDocument(shown, "pdf")
        self.notes = FootnoteLines()
        self.legacy_font: str | None = None

    def read(self, pages) -> SourceDocument:
        pages_items: list[list[_PdfLine | _PdfTable]] = []
        scanned: list[int] = []
        characters = images = 0
        for number, page in enumerate(pages, 1):
            try:
                chars, page_images = page.chars, page.images
                if len(chars) < MIN_CHARS and page_images:
                    scanned.append(number)
                characters += len(chars)
                images += len(page_images)
                pages_items.append(self._page(page, number, chars))
            except Exception as error:  # pdfminer on a damaged page
                raise _problem(error, self.shown, number) from None
            finally:
                page.close()
        if characters == 0 or len(scanned) == len(pages):
            key = "import_pdf_scanned" if images else "import_pdf_no_text"
            raise ImportProblem(Message(key, path=self.shown, pages=len(pages)))
        if scanned:
            self.out.warnings.append(Message("import_pdf_scanned_pages", path=self.shown, pages=", ".join(map(str, scanned))))
        if self.legacy_font:
            self.out.warnings.append(Message("import_legacy_font", path=self.shown, font=self.legacy_font))
        running = _running_lines(pages_items)
        flow: list[_PdfLine | _PdfTable] = []
        for items in pages_items:
            flow.extend(self._classify([item for item in items if id(item) not in running]))
        self._assemble(_join_tables(flow))
        return self.out

    # --- one page --------------------------------------------------------------------

    def _page(self, page, number: int, chars: list[dict]) -> list[_PdfLine | _PdfTable]:
        """The page's lines (outside tables) and tables, top to bottom."""
        if self.legacy_font is None:
            self.legacy_font = next((c["fontname"] for c in chars if _LEGACY_FONT.search(c.get("fontname", ""))), None)
        tables = page.find_tables()
        boxes = [table.bbox for table in tables]
        outside = [c for c in chars if not any(_centre_in(c, box) for box in boxes)]
        items: list[tuple[float, int, _PdfLine | _PdfTable]] = []
        for index, line in enumerate(_lines(outside), 1):
            items.append((line["top"], 0, _make_line(line, number, index)))
        for table in tables:
            rows = self._cells(table, chars)
            items.append((table.bbox[1], 1, _PdfTable(number, rows, [number] * len(rows))))
        items.sort(key=lambda item: (item[0], item[1]))
        return [item for _, _, item in items]

    def _classify(self, items: list[_PdfLine | _PdfTable]) -> list[_PdfLine | _PdfTable]:
        """A page's items less page numbers and footnotes, which go to ``footnotes``."""
        out: list[_PdfLine | _PdfTable] = []
        note: tuple[str, float, float] | None = None  # (mark, size, top) of the note being read
        for item in items:
            if isinstance(item, _PdfTable):
                note = None
                for row in item.rows:
                    for text, _ in row:
                        self.notes.observe(text)
                out.append(item)
                continue
            if is_page_number(item.text):
                continue
            found = self.notes.match(item.text)
            if found is not None:
                mark, text = found
                if mark in self.out.footnotes:  # numbering restarted on this page: the first note is kept
                    place = f"trang {item.page}, dòng {item.number}"
                    self.out.warnings.append(Message("import_footnote_repeated", path=self.shown, mark=mark, place=place))
                    note = None
                    continue
                self.out.footnotes[mark] = text
                note = (mark, item.size, item.top)
                continue
            if note is not None and item.size <= note[1] + 0.5 and item.top > note[2]:
                self.out.footnotes[note[0]] = f"{self.out.footnotes[note[0]]} {item.text}"
                continue  # the note goes on, in its small type
            note = None
            self.notes.observe(item.text)
            out.append(item)
        return out

    def _cells(self, table, chars: list[dict]) -> list[list[tuple[str, tuple[int, int] | None]]]:
        """The table's grid: text of each cell (its lines unwrapped, paragraphs joined by
        "\\n"), and for a slot covered by a merged cell, that cell's text and (row, column)."""
        grid = [list(row.cells) for row in table.rows]
        where = {cell: (r, c) for r, row in enumerate(grid) for c, cell in enumerate(row) if cell is not None}
        inside = [ch for ch in chars if _centre_in(ch, table.bbox)]
        texts = {cell: _cell_text(cell, [ch for ch in inside if _centre_in(ch, cell)]) for cell in where}
        width = max((len(row) for row in grid), default=0)
        tops = [min((cell[1] for cell in row if cell), default=0.0) for row in grid]
        bottoms = [min((cell[3] for cell in row if cell), default=0.0) for row in grid]
        lefts = [min((row[c][0] for row in grid if c < len(row) and row[c]), default=0.0) for c in range(width)]
        rights = [min((row[c][2] for row in grid if c < len(row) and row[c]), default=0.0) for c in range(width)]
        out = []
        for r, row in enumerate(grid):
            cells = []
            for c in range(width):
                cell = row[c] if c < len(row) else None
                if cell is not None:
                    cells.append((texts[cell], None))
                    continue
                x, y = (lefts[c] + rights[c]) / 2, (tops[r] + bottoms[r]) / 2
                origin = next((box for box in where if box[0] <= x <= box[2] and box[1] <= y <= box[3]), None)
                cells.append((texts[origin], where[origin]) if origin else ("", None))
            out.append(cells)
        return out

    # --- the whole document ----------------------------------------------------------

    def _assemble(self, flow: list[_PdfLine | _PdfTable]) -> None:
        lefts: dict[int, float] = {}
        for item in flow:
            if isinstance(item, _PdfLine):
                lefts[item.page] = min(lefts.get(item.page, item.x0), item.x0)
        # Runs of lines between tables, each line with the PDF line it came from.
        runs: list[list[tuple[Line, _PdfLine]] | _PdfTable] = []
        for item in flow:
            if isinstance(item, _PdfTable):
                runs.append(item)
                continue
            line = Line(item.text, Place(page=item.page, line=item.number), item.x1 - lefts[item.page], item.bold, item.italic, alone=item.alone)
            if runs and isinstance(runs[-1], list):
                runs[-1].append((line, item))
            else:
                runs.append([(line, item)])
        text_runs = [[line for line, _ in run] for run in runs if isinstance(run, list)]
        width = wrap_width(text_runs)
        if width is None:  # too few wrapped lines to tell: the longest lines' reach
            reaches = sorted(line.length for run in text_runs for line in run)
            width = reaches[int(0.9 * (len(reaches) - 1))] if reaches else None
        tables = 0
        for run in runs:
            if isinstance(run, _PdfTable):
                tables += 1
                self.out.blocks.append(_renumber(run, tables))
                continue
            for line, item in run:
                line.centred = _centred(item, lefts[item.page], width)
            for paragraph in paragraphs([line for line, _ in run], width):
                self.out.blocks.append(
                    Paragraph(paragraph.text, paragraph.place, paragraph.all("bold"), paragraph.all("centred"), paragraph.all("italic"))
                )


_DIGITS = re.compile(r"\d+")


def _running_lines(pages: list[list[_PdfLine | _PdfTable]]) -> set[int]:
    """The running header and footer: a first or last line of a page whose text (numbers
    aside: "Trang 3") is the first or last line of at least half the pages, two or more."""
    if len(pages) < 2:
        return set()
    ends: dict[tuple[str, str], list[_PdfLine]] = {}
    for items in pages:
        for end, item in (("first", items[0] if items else None), ("last", items[-1] if items else None)):
            if isinstance(item, _PdfLine) and not is_page_number(item.text):
                ends.setdefault((end, _DIGITS.sub("#", item.text)), []).append(item)
    return {
        id(item)
        for lines in ends.values()
        if len(lines) >= 2 and len(lines) * 2 >= len(pages)
        for item in lines
    }


def _centre_in(obj: dict, box: tuple[float, float, float, float]) -> bool:
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _lines(chars: list[dict]) -> list[dict]:
    """Text lines (pdfplumber's clustering) with superscript digits written as superscripts:
    lines are found once to know each character's line, then again with the lifted digits."""
    if not chars:
        return []
    lines = utils.chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=True)
    lift = {id(char) for line in lines for char in _superscripts(line["chars"])}
    if lift:
        lifted = [{**char, "text": char["text"].translate(_TO_SUPERSCRIPT)} if id(char) in lift else char for char in chars]
        lines = utils.chars_to_textmap(lifted).extract_text_lines(strip=True, return_chars=True)
    return [part for line in lines for part in _columns(line)]


def _columns(line: dict) -> list[dict]:
    """A line whose words stand in two columns far apart — the header block of a KẾ HOẠCH,
    "ỦY BAN NHÂN DÂN" beside "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" — is two lines."""
    printed = sorted((c for c in line["chars"] if c["text"].strip()), key=lambda c: c["x0"])
    if len(printed) < 2:
        return [line]
    size = median(c["size"] for c in printed)
    parts, current = [], [printed[0]]
    for before, char in zip(printed, printed[1:]):
        if char["x0"] - before["x1"] > COLUMN_GAP * size:
            parts.append(current)
            current = []
        current.append(char)
    parts.append(current)
    if len(parts) == 1:
        return [line]
    split = []
    for part in parts:
        inside = [c for c in line["chars"] if part[0]["x0"] <= c["x0"] <= part[-1]["x0"]]
        split += [{**piece, "alone": True} for piece in utils.chars_to_textmap(inside).extract_text_lines(strip=True, return_chars=True)]
    return split


COLUMN_GAP = 3.0  # a gap wider than three letters' height between words: another column


def _superscripts(chars: list[dict]) -> list[dict]:
    """The digits of a line set smaller than its text and raised above its baseline."""
    printed = [c for c in chars if c["text"].strip()]
    if len(printed) < 2:
        return []
    size = Counter(round(c["size"], 1) for c in printed).most_common(1)[0][0]
    baseline = median(c["bottom"] for c in printed if round(c["size"], 1) == size)
    return [
        c
        for c in printed
        if c["text"].isdigit() and c["size"] <= SUPERSCRIPT_SIZE * size and c["bottom"] < baseline - 0.15 * size
    ]


def _make_line(line: dict, page: int, number: int) -> _PdfLine:
    printed = [c for c in line["chars"] if c["text"].strip()] or line["chars"]
    size = Counter(round(c["size"], 1) for c in printed).most_common(1)[0][0] if printed else 0.0
    return _PdfLine(
        text=normalise(line["text"]),
        page=page,
        number=number,
        x0=line["x0"],
        x1=line["x1"],
        top=line["top"],
        size=size,
        bold=bool(printed) and all(_BOLD.search(c.get("fontname", "")) for c in printed),
        italic=bool(printed) and all(_ITALIC.search(c.get("fontname", "")) for c in printed),
        alone=line.get("alone", False),
    )


def _cell_text(box: tuple[float, float, float, float], chars: list[dict]) -> str:
    lines = [
        Line(normalise(line["text"]), Place(), line["x1"] - box[0])
        for line in _lines(chars)
    ]
    inner = box[2] - box[0] - 4  # less the cell padding
    return "\n".join(paragraph.text for paragraph in paragraphs(lines, inner if inner > 0 else None))


def _centred(line: _PdfLine, left: float, width: float | None) -> bool:
    """Set in the middle of the text block, and not reaching its sides."""
    if width is None or width <= 0:
        return False
    middle = (line.x0 + line.x1) / 2
    return abs(middle - (left + width / 2)) <= 0.03 * width and line.x0 - left > 0.05 * width


def _join_tables(flow: list[_PdfLine | _PdfTable]) -> list[_PdfLine | _PdfTable]:
    """A table that goes on at the top of the next page, with the same number of columns, is
    one table; the header row repeated on the new page is dropped."""
    out: list[_PdfLine | _PdfTable] = []
    for item in flow:
        previous = out[-1] if out else None
        if (
            isinstance(item, _PdfTable)
            and isinstance(previous, _PdfTable)
            and item.page == previous.last_page + 1
            and item.rows
            and previous.rows
            and len(item.rows[0]) == len(previous.rows[0])
        ):
            rows = item.rows
            if [text for text, _ in rows[0]] == [text for text, _ in previous.rows[0]]:
                rows = rows[1:]  # the header, repeated on the new page
                previous.header_rows = 1
            offset = len(previous.rows) - (len(item.rows) - len(rows))
            for row in rows:
                previous.rows.append([(text, (origin[0] + offset, origin[1]) if origin else None) for text, origin in row])
                previous.pages.append(item.page)
            continue
        out.append(item)
    return out


def _renumber(table: _PdfTable, number: int) -> Table:
    rows = tuple(
        tuple(
            Cell(text, Place(page=page, table=number, row=r, column=c), origin)
            for c, (text, origin) in enumerate(row, 1)
        )
        for r, (row, page) in enumerate(zip(table.rows, table.pages), 1)
    )
    return Table(rows, Place(page=table.page, table=number), table.header_rows)
