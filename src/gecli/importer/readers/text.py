"""Plain-text extractions of a plan (.txt): lines into paragraphs and tables.

What such a file looks like (the seeds in tests/sources are real ones): paragraphs wrapped
at the page width, sometimes with a blank line after every line; page numbers on lines of
their own; footnotes where the page ended ("¹ Theo đề nghị…", "(1) Cấp huyện…"), between
two halves of a paragraph; tables as tab-separated rows; and formatting marks from the
converter (``*nghiêng*``, ``<i>…</i>``).

- Formatting marks are dropped, the words kept.
- A line of only 1–3 digits is a page number and is dropped.
- A footnote line is collected into ``footnotes`` (mark → text) and leaves the flow, so the
  paragraph it interrupted is joined again.
- Consecutive tab-separated lines (blank lines, page numbers and footnotes between them do
  not count) are one :class:`Table`, one row per line, empty cells kept.
- The other lines are joined into paragraphs by :func:`lines.paragraphs`; blank lines are
  not paragraph breaks by themselves.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import replace

from gecli.i18n import Message
from gecli.importer.blocks import Cell, Paragraph, Place, SourceDocument, Table
from gecli.importer.readers.errors import ImportProblem
from gecli.importer.readers.lines import FootnoteLines, Line, is_page_number, normalise, paragraphs, starts_item, wrap_width

# "*nghiêng*" → "nghiêng": the class excludes the closing star, so each attempt stops at the
# next star (linear). "<i>", "</i>" (and b, u, em, strong) are removed.
_STARS = re.compile(r"\*([^*\n]*+)\*")
_TAGS = re.compile(r"</?(?:i|b|u|em|strong)>", re.IGNORECASE)


def drop_marks(line: str) -> str:
    return _TAGS.sub("", _STARS.sub(r"\1", line))


def decode(raw: bytes, shown: str) -> str:
    """UTF-8 (a BOM is fine), or UTF-16 with its BOM (Notepad's "Unicode")."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ImportProblem(
            Message("import_text_not_utf8", path=shown, line=line, byte=f"0x{raw[error.start]:02X}")
        ) from None


def _is_row(line: str) -> bool:
    """A tab-separated row: a tab after the first word (a tab only in front is an indent)."""
    return "\t" in line.lstrip(" \t")


def read_text(raw: bytes, shown: str) -> SourceDocument:
    text = decode(raw, shown).replace("\r\n", "\n").replace("\r", "\n")
    lines = ((line, Place(line=number)) for number, line in enumerate(text.split("\n"), 1))
    return read_lines(lines, SourceDocument(shown, "text"))


def read_lines(lines: Iterable[tuple[str, Place]], document: SourceDocument) -> SourceDocument:
    """Lines as a text extraction has them — wrapped, tabs between cells — into ``document``:
    also a Word file made by pasting or converting such a text, one line per paragraph."""
    notes = FootnoteLines()
    # The flow: text lines, and rows as (place, cells); blank lines, page numbers and
    # footnotes are not in it.
    flow: list[Line | tuple[Place, list[str]]] = []
    for source, place in lines:
        source = drop_marks(source)
        if _is_row(source):
            cells = [normalise(cell) for cell in source.split("\t")]
            for cell in cells:
                notes.observe(cell)
            flow.append((place, cells))
            continue
        line = normalise(source)
        if not line or is_page_number(line):
            continue
        note = notes.match(line)
        if note is not None:
            mark, content = note
            if mark in document.footnotes:
                document.warnings.append(Message("import_footnote_repeated", path=document.path, mark=mark, place=place.describe()))
            document.footnotes.setdefault(mark, content)
            continue
        notes.observe(line)
        flow.append(Line(line, place))
    runs = _runs(_lone_rows_as_lines(flow))
    width = wrap_width([run for run in runs if isinstance(run[0], Line)])
    tables = 0
    for run in runs:
        if isinstance(run[0], Line):
            for paragraph in paragraphs(run, width):
                document.blocks.append(Paragraph(paragraph.text, paragraph.place))
        else:
            tables += 1
            document.blocks.append(_table(run, tables))
    return document


def _lone_rows_as_lines(flow: list) -> list:
    """A single tab-separated line among text, or rows that are only "1.<tab>Mục đích", are
    list items whose number a word processor followed by a tab, not a table."""
    out: list = []
    for run in _runs(flow):
        if isinstance(run[0], Line):
            out.extend(run)
            continue
        filled = [[cell for cell in cells if cell] for _, cells in run]
        lone = len(run) == 1 and len(filled[0]) <= 2
        if lone or all(f and len(f) <= 2 and starts_item(f[0] + " ") for f in filled):
            out.extend(Line(" ".join(f), place) for (place, _), f in zip(run, filled) if f)
        else:
            out.extend(run)
    return out


def _runs(flow: list) -> list[list]:
    """Consecutive text lines, and consecutive rows, as runs."""
    runs: list[list] = []
    for entry in flow:
        if runs and isinstance(runs[-1][0], Line) == isinstance(entry, Line):
            runs[-1].append(entry)
        else:
            runs.append([entry])
    return runs


def _table(rows: list[tuple[Place, list[str]]], number: int) -> Table:
    return Table(
        tuple(
            tuple(Cell(text, replace(place, table=number, row=r, column=c)) for c, text in enumerate(cells, 1))
            for r, (place, cells) in enumerate(rows, 1)
        ),
        replace(rows[0][0], table=number),
    )
