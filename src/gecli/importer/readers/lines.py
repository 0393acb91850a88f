"""Lines into paragraphs, shared by the text and PDF readers.

A text extraction or a PDF gives lines, not paragraphs: each paragraph is wrapped at the
page width, page numbers and footnotes sit between its lines, and some extractions put a
blank line after every line. This module holds what both readers need:

- :func:`normalise`: NFC, every run of spaces (non-breaking and zero-width ones too) to one
  space, stripped.
- :class:`FootnoteLines`: which lines are footnotes ("¹ Theo đề nghị…", "(1) Cấp huyện…",
  "¹. Kế hoạch số…"), told apart from list items by their mark having been printed in the
  text before.
- :func:`is_page_number`: a line that is only a page number.
- :func:`paragraphs`: wrapped lines joined into paragraphs.

Every regular expression here is linear on any input: no quantified group repeats over
characters another quantifier next to it can also take.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from statistics import median

from gecli.importer.blocks import Place

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)

# One class, one quantifier: C0/C1 controls, Unicode spaces (\s: nbsp, thin, ideographic…) and
# the zero-width ones \s leaves out.
_SPACES = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200b\u2060\ufeff\u180e]+")


def normalise(text: str) -> str:
    """NFC, one plain space between words, no soft hyphens, stripped."""
    text = unicodedata.normalize("NFC", text.replace("\u00ad", ""))
    return _SPACES.sub(" ", text).strip()


def superscript(number: int) -> str:
    """The printed mark of footnote ``number``: 1 → "¹", 10 → "¹⁰"."""
    return str(number).translate(_TO_SUPERSCRIPT)


# --- Footnotes and page numbers --------------------------------------------------------

_SUPERSCRIPT_RUN = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
# "(1)" glued to the word before it ("chủ chốt(1)"): a reference, not a list item "(1) …".
_GLUED_PAREN_MARK = re.compile(r"(?<=[^\s(])\((\d{1,2})\)")
_NOTE_SUPERSCRIPT = re.compile(f"([{SUPERSCRIPT_DIGITS}]{{1,3}})\\.?\\s+(\\S.*)")
_NOTE_PAREN = re.compile(r"(\(\d{1,2}\))\s*(\S.*)")
_PAGE_NUMBER = re.compile(r"[-–]?\s?\d{1,3}\s?[-–]?")


class FootnoteLines:
    """Recognises footnote lines in reading order. A line is a footnote when it starts with
    a mark — superscript digits ("¹", "¹."), or "(n)" — that was printed in the text read
    before it. So "(1) Cấp huyện…" is a note only after "chủ chốt(1)", and "1. Mục đích" is
    never one (a plain "n." is a list item)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def observe(self, text: str) -> None:
        """Remember the marks printed in ``text`` (a body line or a table cell)."""
        self.seen.update(_SUPERSCRIPT_RUN.findall(text))
        self.seen.update(f"({number})" for number in _GLUED_PAREN_MARK.findall(text))

    def match(self, text: str) -> tuple[str, str] | None:
        """(mark, note) when ``text`` (normalised) is a footnote line."""
        for pattern in (_NOTE_SUPERSCRIPT, _NOTE_PAREN):
            found = pattern.fullmatch(text)
            if found and found.group(1) in self.seen:
                return found.group(1), found.group(2)
        return None


def is_page_number(text: str) -> bool:
    """A line that is only a page number: "7", "12", "- 3 -"."""
    return bool(_PAGE_NUMBER.fullmatch(text))


# --- Unwrapping ------------------------------------------------------------------------


@dataclass
class Line:
    """One line of text on its way to a paragraph."""

    text: str  # normalised
    place: Place
    reach: float | None = None  # how far the line runs (points from the left margin); None: its length
    bold: bool | None = None
    italic: bool | None = None
    centred: bool | None = None
    alone: bool = False  # one of two columns on the same line (a header block): never joined

    @property
    def length(self) -> float:
        return float(len(self.text)) if self.reach is None else self.reach


@dataclass
class Assembled:
    """A paragraph made of one or more lines."""

    lines: list[Line]

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)

    @property
    def place(self) -> Place:
        return self.lines[0].place

    def all(self, flag: str) -> bool | None:
        values = [getattr(line, flag) for line in self.lines]
        return None if None in values else all(values)


# A new item: "I.", "IV.", "1.", "2.1.", "1.1", "1)", "a)", "đ)", "-", "+", "•"… then a space.
_ITEM = re.compile(
    r"(?:[IVXLC]{1,6}\.|\d{1,2}\.|\d{1,2}(?:\.\d{1,2}){1,3}\.?|\d{1,2}\)|[a-zđ]\)|[-–—+•▪●○◦])(?:\s|$)"
)
_DASH_ITEM = re.compile(r"[-–—+]\s")
_LETTER_ITEM = re.compile(r"[a-zđ]\)\s")
# Parts of a plan that open a line of their own: "Mục tiêu 2: …", "Chỉ tiêu 1: …".
_LEAD = re.compile(r"(?:Mục tiêu|Chỉ tiêu)(?:\s\d{1,2})?\s?:")
# Opening words of a new paragraph once the line before has ended a sentence or a list.
_OPENERS = ("Căn cứ", "Thực hiện", "Trên đây")
_QUOTES = "”\"’'»"
_SENTENCE_ENDS = (".", "!", "?", ":", "…")
_PUNCTUATION = (".", "!", "?", ":", "…", ";", ",")

SHORT = 0.75  # a line reaching less than this share of the wrap width ends its paragraph
FULL = 0.9  # a line ending a sentence and reaching less than this share ends it too


def ends_sentence(text: str) -> bool:
    return text.rstrip(_QUOTES).endswith(_SENTENCE_ENDS)


def starts_item(text: str) -> bool:
    return bool(_ITEM.match(text) or _LEAD.match(text))


def _is_capitals(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 4 and not any(char.islower() for char in letters)


def _continues(before: str, text: str) -> bool:
    """``text`` carries on the sentence of ``before``: it starts in lower case ("dân tỉnh Kon
    Tum…") after a line that did not end a sentence — or it is "- xã hội…", the second half
    of "chính trị - xã hội" wrapped at the dash, after a line ending in a word."""
    if text[:1].islower():
        return not (ends_sentence(before) or _LETTER_ITEM.match(text))
    if _DASH_ITEM.match(text) and text[2:3].islower():
        return not before.rstrip(_QUOTES).endswith(_PUNCTUATION)
    return False


def starts_paragraph(before: Line, line: Line, width: float | None) -> bool:
    """Whether ``line`` begins a new paragraph after ``before``, in text wrapped at ``width``
    (None: the text is not wrapped, every line is a paragraph unless it visibly carries on)."""
    previous, text = before.text, line.text
    if before.alone or line.alone:
        return True
    if _continues(previous, text):
        return False
    long_before = width is not None and before.length >= FULL * width
    if starts_item(text):
        # "- Thương binh và Xã hội" after a full line ending in a word: a dash wrapped to the
        # start of a line, not a new item.
        return not (_DASH_ITEM.match(text) and long_before and not previous.rstrip(_QUOTES).endswith(_PUNCTUATION))
    if previous.endswith("./.") or text.startswith("Nơi nhận"):
        return True
    if text.startswith(_OPENERS) and ends_sentence(previous):
        return True
    if _is_capitals(previous) != _is_capitals(text):
        return True  # a heading in capitals ("KẾ HOẠCH") stands alone
    if width is None:
        return True
    reach = before.length / width
    return reach < SHORT or (ends_sentence(previous) and reach < FULL)


def wrap_width(runs: list[list[Line]]) -> float | None:
    """The width the text was wrapped at: the typical length of a line whose sentence carries
    on, lower case, on the next line. None when there are too few such lines to call the
    text wrapped (an extraction with one line per paragraph)."""
    samples = [
        before.length
        for lines in runs
        for before, line in zip(lines, lines[1:])
        if line.text[:1].islower() and not ends_sentence(before.text)
    ]
    total = sum(len(lines) for lines in runs)
    if len(samples) < 3 or len(samples) < 0.05 * total:
        return None
    return median(samples)


HARD_WRAPPED = 0.2  # this share of lines carrying on a sentence: a text wrapped line by line
TAB_ROWS = 3  # this many lines of three or more tab-separated cells: a table typed as text


def typed_as_text(texts: list[str]) -> bool:
    """Whether these Word paragraphs are a text extraction pasted or converted into Word:
    its lines wrapped one per paragraph (many carry on the sentence before them), or its
    tables as tab-separated lines."""
    rows = sum(1 for text in texts if text.lstrip(" \t").count("\t") >= 2)
    lines = [text for text in (normalise(text) for text in texts) if text and not is_page_number(text)]
    carried = sum(1 for before, text in zip(lines, lines[1:]) if _continues(before, text))
    return rows >= TAB_ROWS or (len(lines) >= 10 and carried >= HARD_WRAPPED * len(lines))


def _closed_aside(text: str) -> bool:
    """A paragraph wholly in brackets, closed: "(Kèm theo Kế hoạch số … )" stands alone."""
    return text.startswith("(") and text.endswith(")") and text.count("(") == text.count(")")


def paragraphs(lines: list[Line], width: float | None) -> list[Assembled]:
    """Join wrapped lines into paragraphs (lines already free of page numbers and footnotes)."""
    out: list[Assembled] = []
    for line in lines:
        if not line.text:
            continue
        if out and not _closed_aside(out[-1].text) and not starts_paragraph(out[-1].lines[-1], line, width):
            out[-1].lines.append(line)
        else:
            out.append(Assembled([line]))
    return out
