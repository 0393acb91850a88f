"""The neutral form every reader produces: paragraphs and tables in document order, each
with its place in the source, and the document's footnotes. Text is NFC, with one plain
space between words; a footnote reference is written into the text as its printed mark
("tỉnh¹"), whatever the format, so the recogniser meets one representation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gecli.i18n import Message


QUOTE_LIMIT = 400  # the words a finding is about: whole, for a comment to span; shortened when printed


@dataclass(frozen=True)
class Place:
    """Where a block is in its source. Every field a format knows is set."""

    paragraph: int | None = None  # 1-based number among the document's paragraphs (body order, cells included)
    line: int | None = None  # 1-based first line in a text file
    page: int | None = None  # 1-based page in a PDF
    table: int | None = None  # 1-based number of the table
    row: int | None = None  # 1-based row in that table
    column: int | None = None  # 1-based grid column in that row

    def sort_key(self) -> tuple:
        return tuple(-1 if value is None else value for value in (self.page, self.paragraph, self.table, self.row, self.column, self.line))

    def describe(self) -> "Message":
        """Where, for a reader of the document: "đoạn 12", "bảng 2, dòng 5, cột 3", "dòng 40"."""
        from gecli.i18n import Message

        if self.table is not None:
            cell = (
                Message("place_table", table=self.table)
                if self.row is None
                else Message("place_cell", table=self.table, row=self.row, column=self.column)
            )
            return cell if self.page is None else Message("place_on_page", page=self.page, where=cell)
        if self.paragraph is not None:
            return Message("place_paragraph", number=self.paragraph)
        if self.line is not None:
            line = Message("place_line", number=self.line)
            return line if self.page is None else Message("place_on_page", page=self.page, where=line)
        return Message("place_page", page=self.page)


@dataclass(frozen=True)
class Paragraph:
    text: str
    place: Place
    bold: bool | None = None  # every letter bold (a heading), None when the format cannot tell
    centred: bool | None = None  # centred (title block, "KẾ HOẠCH"), None when unknown
    italic: bool | None = None
    # The bold words a paragraph starts with when the rest is not bold ("2. Yêu cầu:" in
    # "2. Yêu cầu: Các hoạt động …"): a titled item. None when unknown or not so.
    bold_lead: str | None = None


@dataclass(frozen=True)
class Cell:
    text: str  # the cell's paragraphs joined by "\n"
    place: Place
    merged_from: tuple[int, int] | None = None  # (row, column), 0-based, of the cell this one continues


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    place: Place
    header_rows: int = 0  # leading rows repeated on each page


Block = Paragraph | Table


@dataclass
class SourceDocument:
    """A file read by one reader: blocks in order, and footnotes by printed mark."""

    path: str
    kind: str  # "docx", "pdf", "text"
    blocks: list[Block] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)  # mark as it appears in the text ("¹") -> note
    warnings: list = field(default_factory=list)  # gecli.i18n.Message: what the reader could not read
