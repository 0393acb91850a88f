"""PDF files with a text layer, through PDFium (pypdfium2).

PDFium gives each page's characters — text, box, baseline, size and font — and the paths
the page draws. Each page is read top to bottom as lines and ruled tables:

- Lines: characters whose tops (an em above the baseline) are within LINE_TOLERANCE em of
  one another, left to right; words part at a space character (the PDF's own or one PDFium
  adds) or at a gap wider than WORD_GAP of the font size. A line whose words stand in two
  columns far apart (the header block: "ỦY BAN NHÂN DÂN" beside "CỘNG HÒA XÃ HỘI…") is two.
- Superscript digits (smaller than the line's text and raised above its baseline) are
  written as superscripts, so a footnote reference reads "tỉnh¹", never "tỉnh1".
- Ruled tables come from the page's rulings (:mod:`pdf_grid`); the characters inside a
  table (their centre inside its box) are left out of the lines, and each cell's text is
  its lines unwrapped, paragraphs joined by "\\n". A slot covered by a merged cell repeats
  its text, with ``merged_from``. A table continued on the next page, with the same number
  of columns, is one table; a repeated header row is dropped, and a merged cell the page
  break cut (its words going on in lower case at the top of the next page) is one again.
- Footnotes — a line starting with a mark printed before, and the lines of the same small
  size under it — are collected into ``footnotes``; page numbers are dropped, and so are
  the running header and footer (the same first or last line on half the pages).
- The remaining lines are joined into paragraphs by the same unwrapping as the text reader
  (:mod:`lines`), measuring how far each line reaches across the page in points.
- ``bold``/``italic`` come from the fonts (name, weight, flags); ``centred`` from the
  line's position. A legacy Vietnamese font (TCVN3 ".VnTime", "VNI-…") is reported.
- A page with images and (almost) no characters is a scan: a PDF made only of such pages is
  refused (gecli does no OCR); a few such pages are reported in ``warnings``.

A hostile file cannot make the work unbounded: a page of more than MAX_PAGE_CHARS
characters, or a document of more than MAX_DOCUMENT_CHARS, is refused, and a page drawing
more than MAX_PAGE_PATHS paths is read without looking for tables.
"""

from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter
from statistics import median

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from gecli.i18n import Message
from gecli.importer.blocks import Cell, Paragraph, Place, SourceDocument, Table
from gecli.importer.readers.errors import ImportProblem
from gecli.importer.readers.lines import SUPERSCRIPT_DIGITS, FootnoteLines, Line, ends_sentence, is_page_number, normalise, paragraphs, wrap_width
from gecli.importer.readers.pdf_grid import Grid, Ruling, find_tables

MIN_CHARS = 20  # fewer characters than this on a page with images: a scanned page
MAX_PAGE_CHARS = 200_000  # a page of a plan has 2 000–5 000
MAX_DOCUMENT_CHARS = 1_000_000  # a plan of 30 pages has 150 000
MAX_PAGE_PATHS = 20_000  # a page of ruled tables draws a few hundred
MAX_PAGE_SEGMENTS = 100_000  # their pieces: four or five each
SUPERSCRIPT_SIZE = 0.85  # a digit this much smaller than its line, and raised: a superscript
# A character's top, in ems above its baseline (as pdfminer measured it): a raised superscript
# stays by its line's top, and of two columns on one line the larger type comes first.
ASCENT = 1.0
LINE_TOLERANCE = 0.3  # ems between the tops of characters on one line
WORD_GAP = 0.2  # a gap wider than this share of the font size parts two words
COLUMN_GAP = 3.0  # a gap wider than three letters' height between words: another column
_FORM_DEPTH = 15  # form XObjects inside form XObjects, as deep as this
_FONT_NAME_BYTES = 256
_FORCE_BOLD = 1 << 18  # PDF font flags
_ITALIC_FLAG = 1 << 6
_BOLD = re.compile(r"bold|black|heavy|semibold|demibold", re.IGNORECASE)
_ITALIC = re.compile(r"italic|oblique", re.IGNORECASE)
_LEGACY_FONT = re.compile(r"(?:^|\+)\.?vn|vni[-_ ]", re.IGNORECASE)
_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
_SPACES = {0x09, 0x20, 0xA0, 0x2002, 0x2003, 0x2009, 0x3000}  # word breaks, not characters


@dataclass(frozen=True)
class _Font:
    bold: bool
    italic: bool


class _Char:
    """One printed character, in points from the page's top left."""

    __slots__ = ("text", "x0", "x1", "base", "top", "size", "font", "space_before")

    def __init__(self, text: str, x0: float, x1: float, base: float, size: float, font: _Font, space_before: bool) -> None:
        self.text, self.x0, self.x1, self.base, self.size, self.font = text, x0, x1, base, size, font
        self.top = base - ASCENT * size
        self.space_before = space_before  # a space came before it in the PDF's text


@dataclass
class _PdfLine:
    text: str
    x0: float
    x1: float
    top: float
    size: float
    bold: bool
    italic: bool
    alone: bool = False  # a column of a two-column line (the header block)
    page: int = 0
    number: int = 0  # 1-based among the page's lines outside tables


@dataclass
class _PdfTable:
    page: int
    rows: list[list[tuple[str, tuple[int, int] | None]]]  # (text, merged_from)
    pages: list[int] = field(default_factory=list)  # the page of each row
    header_rows: int = 0

    @property
    def last_page(self) -> int:
        return self.pages[-1] if self.pages else self.page


class _TooManyChars(Exception):
    """More characters than a plan has: the file is refused."""

    def __init__(self, count: int, limit: int):
        super().__init__(count)
        self.count, self.limit = count, limit


def read_pdf(raw: bytes, shown: str, max_pages: int) -> SourceDocument:
    try:
        document = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as error:
        if pdfium_c.FPDF_GetLastError() in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise ImportProblem(Message("import_pdf_encrypted", path=shown)) from None
        raise _problem(error, shown) from None
    try:
        if len(document) > max_pages:
            raise ImportProblem(Message("import_pdf_too_many_pages", path=shown, pages=len(document), limit=max_pages))
        return _Reader(shown).read(document)
    finally:
        document.close()


def _problem(error: Exception, shown: str, page: int | None = None) -> ImportProblem:
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
        self.fonts: dict[tuple[bytes, int], _Font] = {}
        self.chars_left = MAX_DOCUMENT_CHARS
        self.legacy_font: str | None = None

    def read(self, document: pdfium.PdfDocument) -> SourceDocument:
        pages_items: list[list[_PdfLine | _PdfTable]] = []
        scanned: list[int] = []
        characters = images = 0
        for number in range(1, len(document) + 1):
            try:
                page = document.get_page(number - 1)
                try:
                    chars, grids, page_images = self._content(page)
                    items = self._page(number, chars, grids)
                finally:
                    page.close()
            except _TooManyChars as error:
                message = Message("import_pdf_too_much_text", path=self.shown, page=number, count=error.count, limit=error.limit)
                raise ImportProblem(message) from None
            except Exception as error:  # PDFium, or a page no reading expects
                raise _problem(error, self.shown, number) from None
            if len(chars) < MIN_CHARS and page_images:
                scanned.append(number)
            characters += len(chars)
            images += page_images
            pages_items.append(items)
        if characters == 0 or len(scanned) == len(document):
            key = "import_pdf_scanned" if images else "import_pdf_no_text"
            raise ImportProblem(Message(key, path=self.shown, pages=len(document)))
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

    def _content(self, page: pdfium.PdfPage) -> tuple[list[_Char], list[Grid], int]:
        """The page's characters, ruled tables and number of images, top-down coordinates."""
        top = page.get_bbox()[3]
        textpage = page.get_textpage()
        try:
            chars = self._chars(textpage, top)
        finally:
            textpage.close()
        horizontal, vertical, images = _drawing(page, top)
        return chars, find_tables(horizontal, vertical) if horizontal is not None else [], images

    def _chars(self, textpage: pdfium.PdfTextPage, page_top: float) -> list[_Char]:
        count = textpage.count_chars()
        self.chars_left -= count
        if count > MAX_PAGE_CHARS:
            raise _TooManyChars(count, MAX_PAGE_CHARS)
        if self.chars_left < 0:
            raise _TooManyChars(MAX_DOCUMENT_CHARS - self.chars_left, MAX_DOCUMENT_CHARS)
        handle = textpage.raw
        box, matrix, x, y, flags = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX(), ctypes.c_double(), ctypes.c_double(), ctypes.c_int()
        name = ctypes.create_string_buffer(_FONT_NAME_BYTES)
        # Bound once: this loop runs for every character of the document.
        unicode_of, box_of, origin_of = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetCharOrigin
        font_of, size_of, matrix_of = pdfium_c.FPDFText_GetFontInfo, pdfium_c.FPDFText_GetFontSize, pdfium_c.FPDFText_GetMatrix
        combining, hypot, fonts = unicodedata.combining, math.hypot, self.fonts
        chars: list[_Char] = []
        spaced = False  # a space since the last character: the PDF's own, or one PDFium adds
        for index in range(count):
            code = unicode_of(handle, index)
            if code in _SPACES:
                spaced = True
                continue
            if code < 0x20 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                continue  # line breaks PDFium adds (lines are told by position), controls, halves of a UTF-16 pair
            text = chr(code)
            box_of(handle, index, box)
            if combining(text) and chars:
                # A mark stays with its letter, and the glyph they share (PDFium parts its box).
                chars[-1].text += text
                chars[-1].x1 = max(chars[-1].x1, box.right)
                continue
            origin_of(handle, index, x, y)
            if font_of(handle, index, name, _FONT_NAME_BYTES, flags) > _FONT_NAME_BYTES:
                name.value = b""  # longer than any font's name: PDFium left the buffer as it was
            font = fonts.get((name.value, flags.value)) or self._font(handle, index, name.value, flags.value)
            matrix_of(handle, index, matrix)  # the size is in text space: scaled to the page
            size = round(size_of(handle, index) * hypot(matrix.c, matrix.d), 1)
            chars.append(_Char(text, box.left, box.right, page_top - y.value, size, font, spaced))
            spaced = False
        return chars

    def _font(self, textpage, index: int, raw_name: bytes, flags: int) -> _Font:
        name = raw_name.decode("utf-8", "replace")
        weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
        font = _Font(
            bold=bool(_BOLD.search(name)) or weight >= 600 or bool(flags & _FORCE_BOLD),
            italic=bool(_ITALIC.search(name)) or bool(flags & _ITALIC_FLAG),
        )
        self.fonts[(raw_name, flags)] = font
        if self.legacy_font is None and _LEGACY_FONT.search(name):
            self.legacy_font = name
        return font

    def _page(self, number: int, chars: list[_Char], grids: list[Grid]) -> list[_PdfLine | _PdfTable]:
        """The page's lines (outside tables) and tables, top to bottom."""
        outside: list[_Char] = [] if grids else chars
        inside: list[list[_Char]] = [[] for _ in grids]
        if grids:  # a character is in the table its centre is in
            for char in chars:
                x, y = _centre(char)
                at = next((i for i, grid in enumerate(grids) if _within(x, y, grid.box)), None)
                (outside if at is None else inside[at]).append(char)
        items: list[tuple[float, int, _PdfLine | _PdfTable]] = []
        for index, line in enumerate(_lines(outside), 1):
            line.page, line.number = number, index
            items.append((line.top, 0, line))
        for grid, table_chars in zip(grids, inside):
            rows = _cells(grid, table_chars)
            items.append((grid.box[1], 1, _PdfTable(number, rows, [number] * len(rows))))
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


# --- what the page draws ---------------------------------------------------------------


def _drawing(page: pdfium.PdfPage, page_top: float) -> tuple[list[Ruling] | None, list[Ruling] | None, int]:
    """The page's horizontal (y, x0, x1) and vertical (x, top, bottom) straight path pieces —
    every side of a rectangle, as a table finder counts them — and its number of images.
    No pieces (None) when the page draws more than MAX_PAGE_PATHS paths or
    MAX_PAGE_SEGMENTS pieces of paths: a map or a chart, not a page of tables."""
    horizontal: list[Ruling] = []
    vertical: list[Ruling] = []
    images = paths = 0
    segments_left = MAX_PAGE_SEGMENTS
    matrix = pdfium_c.FS_MATRIX()
    # (container: None for the page, or a form XObject; its matrix to page space; depth)
    stack: list[tuple[object, tuple[float, ...], int]] = [(None, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0)]
    while stack:
        form, outer, depth = stack.pop()
        count = pdfium_c.FPDFPage_CountObjects(page.raw) if form is None else pdfium_c.FPDFFormObj_CountObjects(form)
        for index in range(max(count, 0)):
            obj = pdfium_c.FPDFPage_GetObject(page.raw, index) if form is None else pdfium_c.FPDFFormObj_GetObject(form, index)
            if not obj:
                continue
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                images += 1
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _FORM_DEPTH:
                pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
                stack.append((obj, _compose(outer, matrix), depth + 1))
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                paths += 1
                segments_left -= max(pdfium_c.FPDFPath_CountSegments(obj), 0)
                if paths > MAX_PAGE_PATHS or segments_left < 0:
                    return None, None, images
                _path_pieces(obj, outer, page_top, horizontal, vertical)
    return horizontal, vertical, images


def _path_pieces(path, outer: tuple[float, ...], page_top: float, horizontal: list[Ruling], vertical: list[Ruling]) -> None:
    """The horizontal and vertical straight pieces of a path that is stroked or filled."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(path, fill, stroke)
    if fill.value == pdfium_c.FPDF_FILLMODE_NONE and not stroke.value:
        return  # drawn nowhere: a clipping path
    matrix, x, y = pdfium_c.FS_MATRIX(), ctypes.c_float(), ctypes.c_float()
    pdfium_c.FPDFPageObj_GetMatrix(path, matrix)
    a, b, c, d, e, f = _compose(outer, matrix)
    start = current = (0.0, 0.0)
    for number in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, number)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, page_top - (b * x.value + d * y.value + f))
        step = pdfium_c.FPDFPathSegment_GetType(segment)
        if step == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif step == pdfium_c.FPDF_SEGMENT_LINETO:
            _add_piece(current, point, horizontal, vertical)
        current = point  # a curve's pieces are no rulings, but move the pen
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            _add_piece(current, start, horizontal, vertical)
            current = start


def _compose(outer: tuple[float, ...], inner) -> tuple[float, ...]:
    """The matrix applying ``inner`` (an FS_MATRIX) and then ``outer``."""
    A, B, C, D, E, F = outer
    a, b, c, d, e, f = inner.a, inner.b, inner.c, inner.d, inner.e, inner.f
    return (A * a + C * b, B * a + D * b, A * c + C * d, B * c + D * d, A * e + C * f + E, B * e + D * f + F)


def _add_piece(p: tuple[float, float], q: tuple[float, float], horizontal: list[Ruling], vertical: list[Ruling]) -> None:
    """The straight piece from ``p`` to ``q``, if it is horizontal or vertical (within 0.1 pt)."""
    if abs(p[1] - q[1]) < 0.1 and p[0] != q[0]:
        horizontal.append(((p[1] + q[1]) / 2, min(p[0], q[0]), max(p[0], q[0])))
    elif abs(p[0] - q[0]) < 0.1 and p[1] != q[1]:
        vertical.append(((p[0] + q[0]) / 2, min(p[1], q[1]), max(p[1], q[1])))


def _centre(char: _Char) -> tuple[float, float]:
    """The middle of a character: half its width across, 0.3 em above its baseline."""
    return (char.x0 + char.x1) / 2, char.base - 0.3 * char.size


def _within(x: float, y: float, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


# --- lines -----------------------------------------------------------------------------


def _lines(chars: list[_Char]) -> list[_PdfLine]:
    """Text lines top to bottom, superscript digits written as superscripts, a line standing
    in two columns split in two."""
    lines: list[list[_Char]] = []
    for char in sorted(chars, key=attrgetter("top")):
        if not lines or char.top - lines[-1][-1].top > LINE_TOLERANCE * max(char.size, lines[-1][-1].size):
            lines.append([])
        lines[-1].append(char)
    out: list[_PdfLine] = []
    for line in lines:
        line.sort(key=attrgetter("x0"))
        size = _size(line)
        for char in _superscripts(line, size):
            char.text = char.text.translate(_TO_SUPERSCRIPT)
        parts = _columns(line, size)
        out += [_make_line(part, alone=len(parts) > 1) for part in parts]
    return [line for line in out if line.text]


def _size(chars: list[_Char]) -> float:
    """The size most of the characters are set in."""
    return Counter(char.size for char in chars).most_common(1)[0][0]


def _superscripts(line: list[_Char], size: float) -> list[_Char]:
    """The digits of a line set smaller than its text and raised above its baseline."""
    small = [c for c in line if c.size <= SUPERSCRIPT_SIZE * size and c.text.isdigit()]
    if not small:
        return []
    baseline = median(c.base for c in line if c.size == size)
    return [c for c in small if c.base < baseline - 0.15 * size]


def _columns(line: list[_Char], size: float) -> list[list[_Char]]:
    """A line whose words stand in two columns far apart — the header block of a KẾ HOẠCH,
    "ỦY BAN NHÂN DÂN" beside "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" — is two lines."""
    parts = [[line[0]]]
    for before, char in zip(line, line[1:]):
        if char.x0 - before.x1 > COLUMN_GAP * size:
            parts.append([])
        parts[-1].append(char)
    return parts


def _make_line(chars: list[_Char], alone: bool) -> _PdfLine:
    words = [chars[0].text]
    for before, char in zip(chars, chars[1:]):
        if char.space_before or char.x0 - before.x1 > WORD_GAP * max(char.size, before.size):
            words.append(" ")
        words.append(char.text)
    return _PdfLine(
        text=normalise("".join(words)),
        x0=chars[0].x0,
        x1=chars[-1].x1,
        top=min(char.top for char in chars),  # a column's own: the higher column is read first
        size=_size(chars),
        bold=all(char.font.bold for char in chars),
        italic=all(char.font.italic for char in chars),
        alone=alone,
    )


# --- tables ----------------------------------------------------------------------------


def _cells(grid: Grid, chars: list[_Char]) -> list[list[tuple[str, tuple[int, int] | None]]]:
    """The table's rows: text of each cell (its lines unwrapped, paragraphs joined by "\\n"),
    and for a slot covered by a merged cell, that cell's text and (row, column)."""
    inside: dict[object, list[_Char]] = {}
    for char in chars:
        cell = grid.cell_at(*_centre(char))
        if cell is not None:
            inside.setdefault(cell, []).append(char)
    texts: dict[object, str] = {}
    for cell, cell_chars in inside.items():
        lines = [Line(line.text, Place(), line.x1 - cell.box[0]) for line in _lines(cell_chars)]
        inner = cell.box[2] - cell.box[0] - 4  # less the cell padding
        texts[cell] = "\n".join(paragraph.text for paragraph in paragraphs(lines, inner if inner > 0 else None))
    out = []
    for r, row in enumerate(grid.rows):
        cells = []
        for c, cell in enumerate(row):
            if cell is None:
                cells.append(("", None))
            else:
                cells.append((texts.get(cell, ""), None if (cell.row, cell.column) == (r, c) else (cell.row, cell.column)))
        out.append(cells)
    return out


# --- the document ----------------------------------------------------------------------

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
            first = len(previous.rows)
            for row in rows:
                previous.rows.append([(text, (origin[0] + offset, origin[1]) if origin else None) for text, origin in row])
                previous.pages.append(item.page)
            if len(previous.rows) > first:
                _rejoin_split_cells(previous, first)
            continue
        out.append(item)
    return out


def _rejoin_split_cells(table: _PdfTable, first: int) -> None:
    """A merged cell cut by the page break goes on in the first row of the next page, in lower
    case ("Sở Y tế chủ trì, phối hợp …" / "triển khai thực hiện"): one cell again, its text
    whole, the rows below it on both pages merged from it."""
    for column, (text, _) in enumerate(table.rows[first]):
        above, above_origin = table.rows[first - 1][column]
        if not (text[:1].islower() and above and not ends_sentence(above)):
            continue
        origin = above_origin or (first - 1, column)
        joined = f"{above} {text}"
        for r, row in enumerate(table.rows):
            cell_text, cell_origin = row[column]
            here = (r, column)
            if here == origin:
                row[column] = (joined, None)
            elif cell_origin == origin or here == (first, column) or cell_origin == (first, column):
                row[column] = (joined, origin)


def _renumber(table: _PdfTable, number: int) -> Table:
    rows = tuple(
        tuple(
            Cell(text, Place(page=page, table=number, row=r, column=c), origin)
            for c, (text, origin) in enumerate(row, 1)
        )
        for r, (row, page) in enumerate(zip(table.rows, table.pages), 1)
    )
    return Table(rows, Place(page=table.page, table=number), table.header_rows)
