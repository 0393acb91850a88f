"""The KẾ HOẠCH laid out per Nghị định 30/2020/NĐ-CP, Phụ lục I, with python-docx.

Sizes follow the "14-pair" of the reference note: Quốc hiệu 13, Tiêu ngữ 14, tên cơ quan
13, Số 13, date 14, title 14, body 14, Nơi nhận 12/11, signature 14, page number 14.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from functools import cache

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, Twips
from docx.table import _Cell

from gecli.yamlio import load_data_file

FONT = "Times New Roman"
BODY_SIZE = 14
A4 = (Mm(210), Mm(297))
# NĐ30 minimums, in twips because Word stores twips: Mm(15) would round to 14,99 mm.
MARGINS = {"top": Twips(1134), "bottom": Twips(1134), "left": Twips(1701), "right": Twips(851)}
TEXT_WIDTH = Mm(210 - 30 - 15)
HEADER_COLUMNS = (Cm(6.0), Cm(10.5))  # NĐ30 sample 1.4: about 6,75 + 10,0 cm; the Quốc hiệu needs 9,6
SIGNATURE_COLUMNS = (Cm(6.5), Cm(10.0))
FIRST_LINE_INDENT = Cm(1.27)
LINE_SPACING = 1.15  # between single and 1.5 lines
FIXED_TIME = dt.datetime(2000, 1, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Block:
    """One paragraph of content from the template: a section heading ("part"), a titled
    khoản ("clause"), or body text; each a sequence of (text, bold) runs."""

    kind: str  # "part", "clause", "body"
    runs: tuple[tuple[str, bool], ...]

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.runs)


_MARKERS = (("## ", "clause"), ("# ", "part"))
_BOLD = "**"


def blocks_from_template(text: str) -> list[Block]:
    """One block per line of the template's output. Markers count only where the template
    wrote them: printed values are marked off (see `templating.as_value`), so a value is
    never read as markup."""
    from gecli.render.templating import VALUE_CLOSE, VALUE_OPEN

    found = []
    for line in text.split("\n"):
        line = line.strip()
        kind, skip = next(((k, len(m)) for m, k in _MARKERS if line.startswith(m)), ("body", 0))
        runs: list[tuple[str, bool]] = []
        bold, inside, piece = kind != "body", False, []
        index = skip
        while index < len(line):
            char = line[index]
            if char in (VALUE_OPEN, VALUE_CLOSE):
                inside = char == VALUE_OPEN
            elif not inside and line.startswith(_BOLD, index):
                runs.append(("".join(piece), bold))
                bold, piece = not bold, []
                index += len(_BOLD)
                continue
            else:
                piece.append(char)
            index += 1
        runs.append(("".join(piece), bold))
        runs = [(text, weight) for text, weight in runs if text]
        if runs and "".join(text for text, _ in runs).strip():
            first, weight = runs[0]
            runs[0] = (first.lstrip(), weight)
            last, weight = runs[-1]
            runs[-1] = (last.rstrip(), weight)
            found.append(Block(kind, tuple(runs)))
    return found


class Notes:
    """The plan's footnotes, placed as real Word footnotes where their mark first appears
    in the text ("tỉnh¹"): the mark becomes Word's own numbered reference."""

    def __init__(self, document, notes: dict[str, str]):
        self.document = document
        self.pending = dict(notes)
        marks = sorted(self.pending, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, marks))) if marks else None
        self._footnotes = None

    def write(self, paragraph, text: str, size: float, bold: bool = False, italic: bool = False) -> None:
        """``text`` as runs of ``paragraph``, each pending mark replaced by its footnote."""
        last = 0
        for match in self.pattern.finditer(text) if self.pattern else ():
            note = self.pending.pop(match[0], None)
            if note is None:
                continue
            if match.start() > last:
                _run(paragraph, text[last : match.start()], size, bold, italic)
            self._notes().add(paragraph, note)
            last = match.end()
        if last < len(text) or not text:
            _run(paragraph, text[last:], size, bold, italic)

    def _notes(self):
        if self._footnotes is None:
            from gecli.render.footnotes import Footnotes

            self._footnotes = Footnotes(self.document)
        return self._footnotes


# --- fonts ------------------------------------------------------------------------------


def _set_fonts(r_pr) -> None:
    _only_times(r_pr.get_or_add_rFonts())


def _only_times(fonts) -> None:
    """All four font slots to Times New Roman, theme fonts removed (else Vietnamese letters
    fall back to the theme's font)."""
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _prepare_styles(document) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(r_pr)
    for fonts in styles.iter(qn("w:rFonts")):
        _only_times(fonts)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    _set_fonts(normal.element.get_or_add_rPr())


# Characters XML 1.0 cannot hold (a YAML escape such as "\x0c" can put one in a value).
_NOT_XML = {code: " " for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)}


def xml_text(text: str) -> str:
    return text.translate(_NOT_XML)


def _run(paragraph, text: str, size: float, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(xml_text(text))
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    _set_fonts(run._element.get_or_add_rPr())
    return run


def _paragraph(container, text: str = "", size: float = BODY_SIZE, *, bold=False, italic=False, align=None, before=0, after=0):
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.0
    fmt.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.CENTER
    if text:
        _run(paragraph, text, size, bold, italic)
    return paragraph


# --- rules (the short lines under names and titles) ----------------------------------------


@cache
def _widths() -> dict[str, dict[str, int]]:
    return load_data_file("font-widths.yaml")


def text_width(text: str, size: float, bold: bool) -> int:
    """Width of ``text`` in EMU as Times New Roman draws it."""
    table = _widths()["bold" if bold else "regular"]
    thousandths = 0
    for char in text:
        base = unicodedata.normalize("NFD", char)[0]
        thousandths += table.get(base, table.get(base.lower(), 500))
    return int(thousandths / 1000 * size * 12700)


def _rule(container, width: int, line_width: int, after: float = 0, centred: bool = True):
    """A solid line ``line_width`` long in ``width`` (centred, or from the left): an empty
    paragraph's bottom border between indents."""
    paragraph = _paragraph(container, after=after)
    spare = max(0, width - line_width)
    paragraph.paragraph_format.left_indent = spare // 2 if centred else 0
    paragraph.paragraph_format.right_indent = spare - spare // 2 if centred else spare
    run = _run(paragraph, "", 2)
    run.font.size = Pt(2)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # OOXML fixes the order of paragraph properties; Word refuses a file that breaks it.
    p_pr.insert_element_before(borders, *_AFTER_PBDR)
    return paragraph


_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
    "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
_AFTER_PGNUMTYPE = (
    "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
    "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
)  # fmt: skip
_TRPR_ORDER = ("w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden")


# --- tables -------------------------------------------------------------------------------


def _table(document, widths, borders: str):
    table = document.add_table(rows=0, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _table_borders(table, borders)
    for column, width in zip(table.columns, widths):
        column.width = width  # the grid: LibreOffice lays the table out by it
    return table


def _new_row(table, widths) -> tuple:
    """A row at the end of ``table`` and its empty cells, each ``widths`` wide.

    Built on the XML directly: python-docx's add_row and rows[-1] walk the whole table,
    which makes a long appendix quadratic."""
    tr = OxmlElement("w:tr")
    table._tbl.append(tr)  # rows come last in a table, after its properties and grid
    cells = []
    for width in widths:
        tc = tr.add_tc()
        tc.width = width
        for empty in tc.p_lst:  # each cell gets its own paragraphs
            tc.remove(empty)
        cells.append(_Cell(tc, table))
    return tr, cells


def _table_borders(table, value: str) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    tbl_pr.insert_element_before(borders, *_AFTER_TBLBORDERS)


def _row_flag(tr, tag: str) -> None:
    tr_pr = tr.get_or_add_trPr()
    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    tr_pr.insert_element_before(flag, *_TRPR_ORDER[_TRPR_ORDER.index(tag) + 1 :])


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


# --- page numbers -----------------------------------------------------------------------------


def _page_number_header(section) -> None:
    """A centred PAGE field in the top margin; none on the section's first page."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = _run(paragraph, "", BODY_SIZE)
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._element.append(field)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._element.append(instruction)
        else:
            run.text = text
    section.first_page_header.is_linked_to_previous = False


def _page(section, landscape: bool) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    # Setting the orientation does not swap the sides.
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _restart_numbering(section) -> None:
    sect_pr = section._sectPr
    number_type = sect_pr.find(qn("w:pgNumType"))
    if number_type is None:
        number_type = OxmlElement("w:pgNumType")
        sect_pr.insert_element_before(number_type, *_AFTER_PGNUMTYPE)
    number_type.set(qn("w:start"), "1")


# --- deterministic bytes -------------------------------------------------------------------


def stable_bytes(document, title: str, author: str) -> bytes:
    """The same plan gives the same bytes: fixed document properties and zip timestamps."""
    properties = document.core_properties
    # Word's document properties hold 255 characters; the document itself keeps the whole title.
    properties.title, properties.author, properties.last_modified_by = xml_text(title)[:255], xml_text(author)[:255], "gecli"
    properties.created = properties.modified = properties.last_printed = FIXED_TIME
    properties.revision = 1
    properties.comments = properties.keywords = properties.subject = properties.category = ""
    raw = io.BytesIO()
    document.save(raw)
    stable = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return stable.getvalue()


# --- the document ----------------------------------------------------------------------------


@dataclass
class Header:
    parent_body: str | None
    issuer_lines: list[str]
    number_line: str  # "Số: 956/KH-UBND"
    date_line: str  # "Kon Tum, ngày 24 tháng 3 năm 2025"


@dataclass
class Signature:
    lines: list[str]  # TM. …, KT. …, title
    name: str | None


@dataclass
class AppendixRow:
    number: str
    text: str
    unit: str
    result: str
    target: str
    executor: str
    kind: str = "target"  # "objective" rows group the table, "detail" rows sit under a target


@dataclass
class AppendixTable:
    heading: str  # "Phụ lục"
    title: str
    reference_line: str
    result_year: int | None
    target_year: int
    rows: list[AppendixRow]


def build(
    header: Header,
    title: str,
    blocks: list[Block],
    recipients: list[str],
    signature: Signature,
    appendix: AppendixTable | None,
    footnotes: dict[str, str] | None = None,
) -> Document:
    """The document. ``footnotes`` maps each mark as printed ("¹") to its note."""
    document = Document()
    _prepare_styles(document)
    section = document.sections[0]
    _page(section, landscape=False)
    _page_number_header(section)
    notes = Notes(document, footnotes or {})

    _header_block(document, header)
    _paragraph(document, "KẾ HOẠCH", BODY_SIZE, bold=True, before=12)
    _paragraph(document, title, BODY_SIZE, bold=True)
    _rule(document, TEXT_WIDTH, TEXT_WIDTH * 2 // 5, after=12)
    for block in blocks:
        _content(document, block, notes)
    _signature_block(document, recipients, signature)
    if appendix is not None:
        _appendix(document, appendix, notes)
    return document


def _header_block(document, header: Header) -> None:
    table = _table(document, HEADER_COLUMNS, "nil")
    _, (left, right) = _new_row(table, HEADER_COLUMNS)
    if header.parent_body:
        _paragraph(left, header.parent_body, 13)
    for line in header.issuer_lines:
        _paragraph(left, line, 13, bold=True)
    longest = max((text_width(line, 13, True) for line in header.issuer_lines), default=0)
    _rule(left, HEADER_COLUMNS[0], max(longest * 2 // 5, Cm(1.5)))
    _paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
    motto = "Độc lập - Tự do - Hạnh phúc"
    _paragraph(right, motto, 14, bold=True)
    _rule(right, HEADER_COLUMNS[1], text_width(motto, 14, True))
    _, cells = _new_row(table, HEADER_COLUMNS)
    _paragraph(cells[0], header.number_line, 13, before=6)
    _paragraph(cells[1], header.date_line, 14, italic=True, before=6)


def _content(document, block: Block, notes: Notes) -> None:
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = FIRST_LINE_INDENT
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = LINE_SPACING
    fmt.widow_control = True
    if block.kind != "body":
        fmt.keep_with_next = True
    for text, bold in block.runs:
        notes.write(paragraph, text, BODY_SIZE, bold=bold)


def _signature_block(document, recipients: list[str], signature: Signature) -> None:
    _paragraph(document, after=6)
    table = _table(document, SIGNATURE_COLUMNS, "nil")
    row, (left, right) = _new_row(table, SIGNATURE_COLUMNS)
    _paragraph(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in recipients:
        _paragraph(left, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in signature.lines:
        _paragraph(right, line, BODY_SIZE, bold=True)
    for _ in range(4):  # room for the signature and the seal
        _paragraph(right, "", BODY_SIZE)
    _paragraph(right, signature.name or "", BODY_SIZE, bold=True)
    _row_flag(row, "w:cantSplit")


def _appendix(document, appendix: AppendixTable, notes: Notes) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    _page_number_header(section)
    _restart_numbering(section)  # NĐ30: each Phụ lục is numbered on its own
    width = A4[1] - MARGINS["left"] - MARGINS["right"]
    _paragraph(document, appendix.heading, 14, bold=True)
    _paragraph(document, appendix.title, 14, bold=True)
    _paragraph(document, appendix.reference_line, 14, italic=True)
    _rule(document, width, width // 5, after=6)

    columns = [("TT", Cm(1.3)), ("Mục tiêu/chỉ tiêu", Cm(9.0)), ("Đơn vị tính", Cm(2.0))]
    if appendix.result_year:
        columns.append((f"Kết quả thực hiện năm {appendix.result_year}", Cm(3.2)))
    columns.append((f"Kế hoạch thực hiện năm {appendix.target_year}", Cm(3.2)))
    used = sum(w for _, w in columns)
    columns.append(("Đơn vị thực hiện", width - used))
    widths = [w for _, w in columns]
    table = _table(document, widths, "single")
    header_row, cells = _new_row(table, widths)
    for cell, (label, _) in zip(cells, columns):
        _paragraph(cell, label, 12, bold=True)
    _row_flag(header_row, "w:cantSplit")
    _row_flag(header_row, "w:tblHeader")  # repeated on every page
    merging = None  # the executor cell being merged down, and its text
    for row in appendix.rows:
        values = [row.number, row.text, row.unit] + ([row.result] if appendix.result_year else []) + [row.target, row.executor]
        tr, cells = _new_row(table, widths)
        _row_flag(tr, "w:cantSplit")  # a row never breaks across pages
        last = len(values) - 1
        # One "Đơn vị thực hiện" cell printed across several rows is one merged cell again.
        if row.kind != "objective" and row.executor and merging and merging[1] == row.executor:
            merging[0].vMerge = "restart"
            cells[last]._tc.vMerge = "continue"
            values[last] = ""
        else:
            merging = (cells[last]._tc, row.executor) if row.kind != "objective" and row.executor else None
        for index, (cell, value) in enumerate(zip(cells, values)):
            align = WD_ALIGN_PARAGRAPH.LEFT if index in (1, last) else WD_ALIGN_PARAGRAPH.CENTER
            paragraph = _paragraph(cell, "", 12, align=align, before=2, after=2)
            notes.write(paragraph, value, 12, bold=row.kind == "objective")
            if row.kind == "detail" and index == 1:
                paragraph.paragraph_format.left_indent = Cm(0.4)
            if row.kind == "objective":
                _shade(cell, "E7E6E6")  # objective rows group the targets below them
