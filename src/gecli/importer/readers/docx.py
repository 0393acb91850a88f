"""Word documents (.docx): paragraphs and tables in document order, with footnotes.

python-docx opens the package (its XML parser resolves no entities); the body is then read
from the XML itself, because python-docx's own views leave things out: paragraphs inside
content controls (``w:sdt``), text of tracked insertions, cells wrapped in row-level
controls.

- Body paragraphs and tables come in document order; content controls and custom-XML
  wrappers are descended into. A run's text counts as printed: tracked insertions and
  field results are kept; deletions, field instructions, hidden text and text boxes are not
  (a text box is reported in ``warnings``).
- Automatic numbering is written in front of the paragraph as Word prints it ("1.", "a)",
  "II.", "-"), since plans number their items that way.
- A paragraph inside a table cell is not a block of its own: the cell's paragraphs are its
  ``Cell.text``, joined by "\\n". Merged cells (``gridSpan``, ``vMerge``) repeat the origin's
  text and say where it is in ``merged_from``. Leading ``tblHeader`` rows are ``header_rows``.
- Every ``w:p`` gets a number in body order, cell paragraphs and empty ones included
  (``Place.paragraph``); a cell's place gives the number of its first paragraph.
- Footnotes are numbered in the order the text refers to them; each reference is written
  into the text as the printed mark ("tỉnh¹") and the note is ``footnotes["¹"]``. Notes are
  found by ``w:type`` and reference order, never by assuming ids (LibreOffice renumbers them).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml

from gecli.i18n import Message
from gecli.importer.blocks import Cell, Paragraph, Place, SourceDocument, Table
from gecli.importer.readers.errors import ImportProblem
from gecli.importer.readers.lines import typed_as_text, normalise, superscript
from gecli.importer.readers.text import read_lines

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def _w(tag: str) -> str:
    return _W + tag


P, TBL, TR, TC, R, T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r"), _w("t")
PPR, RPR, TCPR, TRPR, VAL = _w("pPr"), _w("rPr"), _w("tcPr"), _w("trPr"), _w("val")
SDT, SDT_CONTENT = _w("sdt"), _w("sdtContent")
# Wrappers whose content is shown as if they were not there.
_BLOCK_WRAPPERS = {_w("customXml"), _w("ins"), _w("moveTo")}
_RUN_WRAPPERS = {_w("hyperlink"), _w("smartTag"), _w("ins"), _w("moveTo"), _w("fldSimple"), _w("customXml"), _w("dir"), _w("bdo")}
_SPACE_LIKE = {_w("tab"), _w("br"), _w("cr"), _w("ptab")}
_DRAWINGS = {_w("drawing"), _w("pict"), _w("object"), _MC + "AlternateContent"}
_FALSE = {"0", "false", "off", "none"}

MAX_COLUMNS = 64  # Word allows 63
_NOTE_MARK = None  # the bold/italic flag of a footnote mark: not counted in the paragraph's bold test


@dataclass
class _Text:
    text: str
    bold: bool | None
    centred: bool
    italic: bool | None
    bold_lead: str | None = None
    as_typed: str = ""  # before normalising: tabs kept


def _bold_lead(label: str, segments: list) -> str | None:
    """The bold words the paragraph opens with, when normal text follows them."""
    lead = []
    for segment, bold, _ in segments:
        if bold is _NOTE_MARK or not segment.strip():
            lead.append(segment)
            continue
        if not bold:
            break
        lead.append(segment)
    else:
        return None
    words = normalise("".join(lead))
    return (label + words).strip() if words else None


def read_docx(raw: bytes, shown: str) -> SourceDocument:
    try:
        document = Document(io.BytesIO(raw))
    except Exception as error:  # python-docx raises many kinds on a damaged package
        raise ImportProblem(Message("import_docx_broken", path=shown, reason=_reason(error))) from None
    return _Reader(document, shown).read()


def _reason(error: Exception) -> str:
    text = " ".join(str(error).split())
    return type(error).__name__ + (f": {text[:160]}" if text else "")


def _int(value: str | None, default: int, high: int) -> int:
    try:
        return max(0, min(int(value), high)) if value is not None else default
    except ValueError:
        return default


def _on(element) -> bool | None:
    """A toggle property (``<w:b/>``, ``<w:b w:val="0"/>``): True, False, or None when absent."""
    if element is None:
        return None
    return element.get(VAL, "1").lower() not in _FALSE


def block_elements(parent):
    """``w:p`` and ``w:tbl`` children in order, through content controls and wrappers."""
    for child in parent:
        tag = child.tag
        if tag == P or tag == TBL:
            yield child
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from block_elements(content)
        elif tag in _BLOCK_WRAPPERS:
            yield from block_elements(child)


def paragraph_elements(body):
    """Every ``w:p`` in the order the reader numbers them (`Place.paragraph`): body
    paragraphs, and the paragraphs of each table cell where the table stands, nested tables
    included. `gecli annotate` finds a finding's paragraph by this number."""
    for element in block_elements(body):
        if element.tag == P:
            yield element
        else:
            yield from _cell_paragraphs_of_table(element)


def _cell_paragraphs_of_table(tbl):
    for tr in _children(tbl, TR):
        for tc in _children(tr, TC):
            for element in block_elements(tc):
                if element.tag == P:
                    yield element
                else:
                    yield from _cell_paragraphs_of_table(element)


def _children(parent, wanted: str):
    """``wanted`` children in order, through content controls and wrappers (rows in a
    table, cells in a row)."""
    for child in parent:
        if child.tag == wanted:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _children(content, wanted)
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _children(child, wanted)


class _Styles:
    """Run and paragraph properties through style inheritance (basedOn), as Word shows them."""

    def __init__(self, root) -> None:
        self.styles = {}
        self.default_paragraph = None
        for style in root.iterchildren(_w("style")):
            style_id = style.get(_w("styleId"))
            self.styles[style_id] = style
            if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in ("1", "true", "on"):
                self.default_paragraph = style_id
        defaults = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{RPR}")
        self.defaults = defaults

    def chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id not in seen and style_id in self.styles and len(seen) < 32:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            based = style.find(_w("basedOn"))
            style_id = based.get(VAL) if based is not None else None

    def run_flag(self, name: str, rpr, paragraph_style: str | None) -> bool:
        if rpr is not None:
            value = _on(rpr.find(_w(name)))
            if value is not None:
                return value
            run_style = rpr.find(_w("rStyle"))
            if run_style is not None:
                for style in self.chain(run_style.get(VAL)):
                    value = _on(style.find(f"{RPR}/{_w(name)}"))
                    if value is not None:
                        return value
        for style in self.chain(paragraph_style or self.default_paragraph):
            value = _on(style.find(f"{RPR}/{_w(name)}"))
            if value is not None:
                return value
        if self.defaults is not None:
            return bool(_on(self.defaults.find(_w(name))))
        return False

    def paragraph_property(self, ppr, paragraph_style: str | None, path: str):
        if ppr is not None:
            found = ppr.find(path)
            if found is not None:
                return found
        for style in self.chain(paragraph_style or self.default_paragraph):
            found = style.find(f"{PPR}/{path}")
            if found is not None:
                return found
        return None


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
# Bullets drawn from Symbol/Wingdings code points (or Wingdings letters), as printed.
_BULLETS = {
    "\uf0b7": "•", "\uf02d": "-", "\uf0a7": "▪", "\uf0d8": "➢", "\uf076": "❖", "\uf0fc": "✓", "\uf06e": "■",
    "§": "▪", "Ø": "➢", "ü": "✓", "v": "❖", "q": "❑", "n": "■", "l": "●",
}


def _roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


def _letters(number: int) -> str:
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _format(number: int, kind: str) -> str:
    number = max(0, min(number, 3999))
    if kind == "upperRoman":
        return _roman(number)
    if kind == "lowerRoman":
        return _roman(number).lower()
    if kind == "upperLetter":
        return _letters(number).upper()
    if kind == "lowerLetter":
        return _letters(number)
    if kind == "decimalZero":
        return f"{number:02d}"
    if kind == "none":
        return ""
    return str(number)


class _Numbering:
    """Word's automatic numbering, counted in document order and written as printed."""

    def __init__(self, document) -> None:
        self.instances: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.levels: dict[str, dict[int, tuple[int, str, str, str]]] = {}  # abstract -> ilvl -> (start, fmt, text, suffix)
        self.counters: dict[str, list[int | None]] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part, or an unreadable one: no numbers
            return
        for abstract in root.iterchildren(_w("abstractNum")):
            levels = {}
            for level in abstract.iterchildren(_w("lvl")):
                ilvl = _int(level.get(_w("ilvl")), 0, 8)
                start = _int(_val(level.find(_w("start"))), 1, 10_000)
                kind = _val(level.find(_w("numFmt"))) or "decimal"
                text = _val(level.find(_w("lvlText"))) or ""
                suffix = _val(level.find(_w("suff"))) or "tab"
                levels[ilvl] = (start, kind, text, suffix)
            self.levels[abstract.get(_w("abstractNumId"))] = levels
        for num in root.iterchildren(_w("num")):
            abstract = _val(num.find(_w("abstractNumId")))
            overrides = {}
            for override in num.iterchildren(_w("lvlOverride")):
                start = override.find(_w("startOverride"))
                if start is not None:
                    overrides[_int(override.get(_w("ilvl")), 0, 8)] = _int(start.get(VAL), 1, 10_000)
            self.instances[num.get(_w("numId"))] = (abstract, overrides)

    def label(self, num_id: str | None, ilvl: int) -> str:
        if not num_id or num_id == "0" or num_id not in self.instances:
            return ""
        abstract, overrides = self.instances[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [None] * 9)

        def start(level: int) -> int:
            return overrides.get(level, levels.get(level, (1,))[0])

        counters[ilvl] = start(ilvl) if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        _, kind, text, suffix = levels[ilvl]
        if kind == "bullet":
            label = "".join(_BULLETS.get(char, "•" if "\uf000" <= char <= "\uf0ff" else char) for char in text)
        else:
            label = text
            for level in range(9):
                placeholder = f"%{level + 1}"
                if placeholder in label:
                    value = counters[level] if counters[level] is not None else start(level)
                    level_kind = levels.get(level, (1, "decimal"))[1]
                    label = label.replace(placeholder, _format(value, level_kind))
        label = normalise(label)
        return label + (" " if label and suffix != "nothing" else "")


def _val(element) -> str | None:
    return None if element is None else element.get(VAL)


class _Reader:
    def __init__(self, document, shown: str) -> None:
        self.document = document
        self.shown = shown
        self.out = SourceDocument(shown, "docx")
        self.paragraphs = 0
        self.tables = 0
        self.styles = _Styles(document.styles.element)
        self.numbering = _Numbering(document)
        self.notes = self._footnotes()
        self.marks: dict[str, str] = {}  # footnote id -> printed mark
        self.reported: set[str] = set()
        self.legacy_font: str | None = None

    # --- document --------------------------------------------------------------------

    def read(self) -> SourceDocument:
        typed: list[tuple[str, Place]] = []
        for element in block_elements(self.document.element.body):
            if element.tag == P:
                number = self._number()
                text = self._paragraph(element, number)
                if text.text:
                    place = Place(paragraph=number)
                    self.out.blocks.append(Paragraph(text.text, place, text.bold, text.centred, text.italic, text.bold_lead))
                    typed.append((text.as_typed, place))
            else:
                self.out.blocks.append(self._table(element))
        if self.legacy_font:
            self.out.warnings.append(Message("import_legacy_font", path=self.shown, font=self.legacy_font))
        if self.tables == 0 and typed_as_text([text for text, _ in typed]):
            # A text extraction pasted into Word: read as the text it is.
            wrapped = read_lines(typed, SourceDocument(self.shown, "docx"))
            wrapped.footnotes = {**self.out.footnotes, **wrapped.footnotes}
            wrapped.warnings = self.out.warnings + wrapped.warnings
            return wrapped
        return self.out

    def _number(self) -> int:
        self.paragraphs += 1
        return self.paragraphs

    def _warn(self, key: str, **params) -> None:
        if key not in self.reported:  # once per kind: the first place is enough to look
            self.reported.add(key)
            self.out.warnings.append(Message(key, path=self.shown, **params))

    # --- footnotes -------------------------------------------------------------------

    def _footnotes(self) -> dict:
        try:
            part = self.document.part.part_related_by(RT.FOOTNOTES)
        except KeyError:
            return {}
        try:
            root = parse_xml(part.blob)
        except Exception as error:  # a damaged footnotes part: the body is still worth reading
            self.out.warnings.append(Message("import_docx_footnotes_broken", path=self.shown, reason=_reason(error)))
            return {}
        return {
            note.get(_w("id")): note
            for note in root.iterchildren(_w("footnote"))
            if note.get(_w("type"), "normal") == "normal"
        }

    def _mark(self, reference, number: int) -> str:
        """The printed mark of a footnote reference, numbering the note on first use."""
        note_id = reference.get(_w("id"))
        if note_id in self.marks:
            return self.marks[note_id]
        note = self.notes.get(note_id)
        if note is None:
            self._warn("import_docx_footnote_missing", place=Place(paragraph=number).describe())
            return ""
        mark = superscript(len(self.marks) + 1)
        self.marks[note_id] = mark
        texts = [self._paragraph(paragraph, number, in_note=True).text for paragraph in block_elements(note) if paragraph.tag == P]
        self.out.footnotes[mark] = " ".join(text for text in texts if text)
        return mark

    # --- paragraphs ------------------------------------------------------------------

    def _paragraph(self, p, number: int, in_note: bool = False) -> _Text:
        ppr = p.find(PPR)
        style_element = ppr.find(_w("pStyle")) if ppr is not None else None
        style = style_element.get(VAL) if style_element is not None else None
        segments: list[tuple[str, bool | None, bool | None]] = []
        for run in self._runs(p):
            self._run(run, style, segments, number, in_note)
        typed = "".join(segment for segment, _, _ in segments)
        text = normalise(typed)
        label = "" if in_note else self._label(ppr, style)  # counted even when empty, as Word does
        alignment = self.styles.paragraph_property(ppr, style, _w("jc"))
        centred = alignment is not None and alignment.get(VAL) == "center"
        if not text:
            return _Text("", None, centred, None)
        printed = [(bold, italic) for segment, bold, italic in segments if segment.strip() and bold is not _NOTE_MARK]
        bold = all(flags[0] for flags in printed) if printed else None
        italic = all(flags[1] for flags in printed) if printed else None
        return _Text(label + text, bold, centred, italic, None if bold else _bold_lead(label, segments), label + typed)

    def _label(self, ppr, style: str | None) -> str:
        numbering = self.styles.paragraph_property(ppr, style, _w("numPr"))
        if numbering is None:
            return ""
        num_id = _val(numbering.find(_w("numId")))
        ilvl = _int(_val(numbering.find(_w("ilvl"))), 0, 8)
        return self.numbering.label(num_id, ilvl)

    def _runs(self, parent):
        """The ``w:r`` a reader sees, in order: through hyperlinks, insertions, fields,
        content controls; not deletions (``w:del``, ``w:moveFrom``)."""
        for child in parent:
            tag = child.tag
            if tag == R:
                yield child
            elif tag in _RUN_WRAPPERS:
                yield from self._runs(child)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    yield from self._runs(content)

    def _run(self, run, style: str | None, segments: list, number: int, in_note: bool) -> None:
        rpr = run.find(RPR)
        if self.styles.run_flag("vanish", rpr, style):
            return  # hidden text is not printed
        bold = self.styles.run_flag("b", rpr, style)
        italic = self.styles.run_flag("i", rpr, style)
        children = list(run)
        for index, child in enumerate(children):
            tag = child.tag
            if tag == T:
                if child.text:
                    segments.append((child.text, bold, italic))
                    self._check_font(rpr)
            elif tag in _SPACE_LIKE:
                segments.append(("\t" if tag == _w("tab") else " ", bold, italic))
            elif tag == _w("noBreakHyphen"):
                segments.append(("-", bold, italic))
            elif tag == _w("footnoteReference") and not in_note:
                if child.get(_w("customMarkFollows"), "0").lower() not in _FALSE:
                    # The mark is the text that follows in the run ("*"): keep it, note it.
                    following = "".join(c.text or "" for c in children[index + 1 :] if c.tag == T).strip()
                    if following and child.get(_w("id")) in self.notes and following not in self.out.footnotes:
                        note = self.notes[child.get(_w("id"))]
                        texts = [self._paragraph(p, number, in_note=True).text for p in block_elements(note) if p.tag == P]
                        text = " ".join(text for text in texts if text)
                        # The note repeats its custom mark in front, as Word shows it.
                        self.out.footnotes[following] = text[len(following) :].strip() if text.startswith(following) else text
                    continue
                mark = self._mark(child, number)
                if mark:
                    segments.append((mark, _NOTE_MARK, _NOTE_MARK))
            elif tag == _w("endnoteReference"):
                self._warn("import_docx_endnotes", place=Place(paragraph=number).describe())
            elif tag in _DRAWINGS:
                if any((t.text or "").strip() for t in child.iter(T)):
                    self._warn("import_docx_text_box", place=Place(paragraph=number).describe())

    def _check_font(self, rpr) -> None:
        if self.legacy_font or rpr is None:
            return
        fonts = rpr.find(_w("rFonts"))
        if fonts is None:
            return
        for attribute in ("ascii", "hAnsi"):
            name = fonts.get(_w(attribute)) or ""
            if name.lower().startswith((".vn", "vni-", "vni ")):
                self.legacy_font = name
                return

    # --- tables ----------------------------------------------------------------------

    def _table(self, tbl) -> Table:
        self.tables += 1
        number = self.tables
        grid = tbl.find(_w("tblGrid"))
        columns = len(grid.findall(_w("gridCol"))) if grid is not None else 0
        # slots[r][c] = (text, origin or None, paragraph number)
        slots: list[dict[int, tuple[str, tuple[int, int] | None, int | None]]] = []
        header_rows, in_header = 0, True
        for r, tr in enumerate(_children(tbl, TR)):
            trpr = tr.find(TRPR)
            if in_header and trpr is not None and _on(trpr.find(_w("tblHeader"))):
                header_rows += 1
            else:
                in_header = False
            before = _int(_val(trpr.find(_w("gridBefore"))) if trpr is not None else None, 0, MAX_COLUMNS)
            after = _int(_val(trpr.find(_w("gridAfter"))) if trpr is not None else None, 0, MAX_COLUMNS)
            row: dict[int, tuple[str, tuple[int, int] | None, int | None]] = {}
            column = before
            for tc in _children(tr, TC):
                tcpr = tc.find(TCPR)
                span = _int(_val(tcpr.find(_w("gridSpan"))) if tcpr is not None else None, 1, MAX_COLUMNS) or 1
                vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                hmerge = tcpr.find(_w("hMerge")) if tcpr is not None else None
                first, text = self._cell(tc, number, r, column)
                origin = None
                if vmerge is not None and vmerge.get(VAL, "continue") == "continue" and r > 0 and column in slots[r - 1]:
                    origin = slots[r - 1][column][1] or (r - 1, column)  # continues the cell above
                elif hmerge is not None and hmerge.get(VAL, "continue") == "continue" and column - 1 in row:
                    origin = row[column - 1][1] or (r, column - 1)  # legacy horizontal merge
                if origin is not None:
                    source = row if origin[0] == r else slots[origin[0]]
                    text, _, first = source[origin[1]]
                for k in range(span):
                    if column + k < MAX_COLUMNS:
                        row[column + k] = (text, origin if origin else ((r, column) if k else None), first)
                column += span
            columns = max(columns, min(column + after, MAX_COLUMNS))
            slots.append(row)
        rows = []
        for r, row in enumerate(slots):
            cells = []
            for c in range(columns):
                text, origin, first = row.get(c, ("", None, None))
                place = Place(paragraph=first, table=number, row=r + 1, column=c + 1)
                cells.append(Cell(text, place, origin))
            rows.append(tuple(cells))
        first_paragraph = next((cell.place.paragraph for row in rows for cell in row if cell.place.paragraph), None)
        return Table(tuple(rows), Place(paragraph=first_paragraph, table=number), header_rows)

    def _cell(self, tc, table: int, row: int, column: int) -> tuple[int | None, str]:
        """The number of the cell's first paragraph and its text: paragraphs joined by "\\n";
        a table nested in the cell gives its cells' paragraphs as lines, in order."""
        first, lines = None, []
        for element in block_elements(tc):
            if element.tag == P:
                number = self._number()
                first = first or number
                text = self._paragraph(element, number).text
                if text:
                    lines.append(text)
            else:
                self._warn("import_docx_nested_table", place=Place(table=table, row=row + 1, column=column + 1).describe())
                for tr in _children(element, TR):
                    for inner in _children(tr, TC):
                        inner_first, inner_text = self._cell(inner, table, row, column)
                        first = first or inner_first
                        if inner_text:
                            lines.append(inner_text)
        return first, "\n".join(lines)
