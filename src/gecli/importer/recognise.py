"""Blocks in, a plan out: the one recogniser behind every reader.

A KẾ HOẠCH has the same frame whatever file it arrives in (Nghị định 30/2020/NĐ-CP): the
header block, "KẾ HOẠCH" and the trích yếu, the opening paragraphs, numbered sections with
items at any depth, the closing paragraph ending "./.", Nơi nhận and the signature, then the
appendix table. This module finds those parts in the neutral blocks, builds the plan data
(the YAML a transcriber would write) and records, for every part, where in the document it
came from — and what it could not read with confidence, as flags at their place.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache

from gecli.i18n import Message, excerpt
from gecli.importer.appendix import read_appendix
from gecli.importer.blocks import QUOTE_LIMIT, Paragraph, Place, SourceDocument, Table
from gecli.importer.meaning import comparable, indicator_of, wording
from gecli.structure import label
from gecli.yamlio import load_data_file

Loc = tuple


@cache
def vocabulary() -> dict:
    return load_data_file("document.yaml")


@cache
def words_of(key: str, section: str | None = None) -> tuple[str, ...]:
    """A list of document.yaml in comparable form (see `meaning.comparable`)."""
    listed = vocabulary()[key] if section is None else vocabulary()[key][section]
    return tuple(comparable(word) for word in listed)


@dataclass
class Line:
    """One paragraph of the document (a table cell's paragraph in a layout table counts as
    one), or a table kept whole (the appendix)."""

    text: str
    place: Place
    bold: bool | None = None
    table: Table | None = None
    bold_lead: str | None = None


@dataclass
class Flag:
    """Something read without confidence: where it is in the plan, and what to check."""

    loc: Loc
    message: Message


@dataclass
class Imported:
    data: dict
    places: dict[Loc, Place]
    quotes: dict[Loc, str]
    flags: list[Flag]
    document: SourceDocument
    counts: dict[str, int] = field(default_factory=dict)


# --- the stream of lines ---------------------------------------------------------------


def _lines(document: SourceDocument) -> list[Line]:
    """Paragraphs in order; a layout table (the header block, Nơi nhận beside the signature)
    is read cell by cell as paragraphs; any other table stays whole."""
    lines: list[Line] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                lines.append(Line(block.text.strip(), block.place, block.bold, bold_lead=block.bold_lead))
        elif _is_layout(block):
            for row in block.rows:
                for cell in row:
                    if cell.merged_from is None:
                        lines += [Line(part.strip(), cell.place) for part in cell.text.split("\n") if part.strip()]
        else:
            lines.append(Line("", block.place, table=block))
    return lines


def _is_layout(table: Table) -> bool:
    words = comparable(" ".join(cell.text for row in table.rows[:2] for cell in row))
    return any(w in words for w in words_of("national_motto")) or comparable("nơi nhận") in words


# --- patterns --------------------------------------------------------------------------

_SECTION = re.compile(r"^([IVXL]{1,6})\s*[.:/]\s*(\S.*)$")
_MARKERS = [
    ("arabic", re.compile(r"^(\d{1,2}(?:\.\d{1,2})*\.)\s*(\S.*)$")),
    ("letter", re.compile(r"^([a-zđ]\))\s*(\S.*)$")),
    ("dash", re.compile(r"^([-–])\s*(\S.*)$")),
    ("plus", re.compile(r"^([+•])\s*(\S.*)$")),
]
_NUMBER_LINE = re.compile(r"^Số\s*:?\s*(?P<number>[0-9]*)[\s….]*/\s*(?P<symbol>[A-ZĐa-zđ0-9][A-ZĐa-zđ0-9\-]*)")
_DATE_WORDS = re.compile(
    r"ngày\s+(?P<day>\d{1,2}|[….\s]*?)\s*tháng\s+(?P<month>\d{1,2}|[….\s]*?)\s*năm\s+(?P<year>\d{4}|[….\s]*?)(?:\D|$)"
)
_DATE_SLASH = re.compile(r"(?<!\d)(?P<day>\d{1,2})/(?P<month>\d{1,2})(?:/(?P<year>\d{4}))?(?!\d)")
_PERIOD = re.compile(r"(?:giai đoạn|thời kỳ)\s*(\d{4})\s*[-–—]\s*(\d{4})|(\d{4})\s*[-–—]\s*(\d{4})|năm\s+(\d{4})")
_TERMINAL = re.compile(r"\./\.")
_PROPER_NAME = re.compile(r"^[A-ZĐÀ-Ỹ][^\s]*(?:\s+[A-ZĐÀ-Ỹ][^\s]*){1,5}$")


def _upper_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def _is_section(text: str) -> re.Match | None:
    match = _SECTION.match(text)
    return match if match and _upper_share(match[2]) > 0.7 else None


def _date(text: str) -> str | dict | None:
    """"24/3/2025" from "ngày 24 tháng 3 năm 2025" or "24/3/2025"; {month, year} when a part is
    printed blank ("ngày …… tháng 7 năm 2021"), as plan files write it."""
    match = _DATE_WORDS.search(text) or _DATE_SLASH.search(text)
    if not match:
        return None
    parts = {name: int(value) for name, value in match.groupdict().items() if value and value.strip("….  ").isdigit()}
    if len(parts) == 3:
        return f"{parts['day']}/{parts['month']}/{parts['year']}"
    return parts or None


# --- the recogniser --------------------------------------------------------------------


class Recogniser:
    def __init__(self, document: SourceDocument):
        self.document = document
        self.lines = _lines(document)
        self.data: dict = {}
        self.places: dict[Loc, Place] = {}
        self.quotes: dict[Loc, str] = {}
        self.flags: list[Flag] = []
        self.counts = {"targets": 0, "matched": 0, "uncertain": 0, "appendix_rows": 0}

    def flag(self, loc: Loc, key: str, **params) -> None:
        self.flags.append(Flag(loc, Message(key, **params)))

    def place(self, loc: Loc, line: Line, quote: str | None = None) -> None:
        self.places[loc] = line.place
        self.quotes[loc] = (quote if quote is not None else line.text)[:QUOTE_LIMIT]

    # -- the whole document --

    def run(self) -> Imported:
        title_at = next((i for i, line in enumerate(self.lines) if comparable(line.text) in words_of("document_type")), None)
        header = self.lines[:title_at] if title_at is not None else []
        start = title_at + 1 if title_at is not None else 0
        first_section = next((i for i in range(start, len(self.lines)) if _is_section(self.lines[i].text)), len(self.lines))
        title_end = self._title_end(start, first_section)
        end = next((i for i in range(first_section, len(self.lines)) if _TERMINAL.search(self.lines[i].text)), len(self.lines) - 1)
        appendix_at = next(
            (i for i in range(end + 1, len(self.lines)) if comparable(self.lines[i].text).split(" ")[:2][0:2] and self._is_appendix_heading(self.lines[i])),
            len(self.lines),
        )
        self._header(header)
        self._title(self.lines[start:title_end])
        self._opening(self.lines[title_end:first_section])
        self._body(self.lines[first_section : end + 1])
        self._tail(self.lines[end + 1 : appendix_at])
        if appendix_at < len(self.lines):
            read_appendix(self, self.lines[appendix_at:])
        self._footnotes()
        self._derive()
        return Imported(self.data, self.places, self.quotes, self.flags, self.document, self.counts)

    def _title_end(self, start: int, limit: int) -> int:
        """The trích yếu: short lines after "KẾ HOẠCH", up to the first opening paragraph."""
        openers = words_of("opening_words")
        index = start
        while index < limit:
            text = self.lines[index].text
            if len(text) > 120 or comparable(text).startswith(openers) or self.lines[index].table is not None:
                break
            index += 1
        return index if index > start else min(start + 1, limit)

    @staticmethod
    def _is_appendix_heading(line: Line) -> bool:
        words = comparable(line.text)
        return any(words == heading or words.startswith(heading + " ") for heading in words_of("appendix_heading")) and len(words) < 20

    # -- header block --

    def _header(self, lines: list[Line]) -> None:
        issuer_lines: list[Line] = []
        motto = words_of("national_motto")
        document = self.data.setdefault("document", {})
        for line in lines:
            text = _without_motto(line.text, motto)
            if text != line.text:
                # a PDF line may carry both columns: "ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI…"
                line = replace(line, text=text)
            number = _NUMBER_LINE.match(line.text)
            if not comparable(line.text):
                continue
            if number:
                if number["number"]:
                    document["number"] = number["number"]
                document["symbol"] = number["symbol"]
                self.place(("document", "number"), line)
            elif ", ngày" in line.text or re.match(r"^[^,]{1,60},\s*ngày\b", line.text):
                place = line.text.split(",", 1)[0].strip(" …")
                if place and not set(place) <= set("….  "):
                    document["place"] = place
                date = _date(line.text)
                if date:
                    document["date"] = date
                self.place(("document", "date"), line)
            elif _upper_share(line.text) > 0.8 and not document.get("symbol"):
                issuer_lines.append(line)
        if issuer_lines:
            self.data["issuer"] = {"header": [line.text for line in issuer_lines]}
            self.place(("issuer",), issuer_lines[0], " ".join(line.text for line in issuer_lines))

    def _title(self, lines: list[Line]) -> None:
        if not lines:
            self.flag(("document", "title"), "import_no_title")
            return
        title = " ".join(line.text for line in lines)
        self.data.setdefault("document", {})["title"] = title
        self.place(("document", "title"), lines[0], title)

    def _opening(self, lines: list[Line]) -> None:
        paragraphs = [line for line in lines if line.table is None]
        if paragraphs:
            self.data["opening"] = [line.text for line in paragraphs]
            for index, line in enumerate(paragraphs):
                self.place(("opening", index), line)

    # -- the numbered body --

    def _body(self, lines: list[Line]) -> None:
        sections: list[dict] = []
        stack: list[tuple[str, dict, Loc]] = []  # (style, item, loc) from the section down
        closing: list[Line] = []
        for index, line in enumerate(lines):
            if line.table is not None:
                self.flag(("sections",), "import_table_in_body", place=line.place.describe())
                continue
            is_last = index == len(lines) - 1
            section = _is_section(line.text)
            if section:
                loc: Loc = ("sections", len(sections))
                item = {"number": section[1] + ".", "title": section[2].strip()}
                sections.append(item)
                stack = [("roman", item, loc)]
                self.place(loc, line)
                continue
            if not stack:
                continue
            style, number, content = self._marker(line.text)
            if is_last and style == "none" and _TERMINAL.search(line.text):
                closing.append(line)  # the paragraph that ends the body with "./."
                continue
            if style == "none" and _objective_label(content):
                style = "objective"  # "Mục tiêu 2: …" printed without a number heads its lines
            elif style == "none" and content.rstrip().endswith(":"):
                style = "intro"  # "… Trong đó lưu ý:" introduces the dashes below it
            elif style == "none" and content.startswith("(") and content.rstrip(" .").endswith(")"):
                del stack[1:]  # "(Chi tiết … tại Phụ lục kèm theo)": a note on the whole section
            # A marker already open is a sibling: close back to it. A new one is a child.
            if style != "none" and style in [s for s, _, _ in stack[1:]]:
                while stack[-1][0] != style:
                    stack.pop()
                stack.pop()
            parent, parent_loc = stack[-1][1], stack[-1][2]
            children = parent.setdefault("items", [])
            loc = (*parent_loc, "items", len(children))
            item = self._item(number, content, line)
            children.append(item)
            self.place(loc, line)
            if style != "none":
                stack.append((style, item, loc))
        self.data["sections"] = sections
        if closing:
            self.data["closing"] = [line.text for line in closing]
            for index, line in enumerate(closing):
                self.place(("closing", index), line)
        self._read_targets()
        self._read_organisation()
        self._read_deadlines(lines)

    @staticmethod
    def _marker(text: str) -> tuple[str, str | None, str]:
        for style, pattern in _MARKERS:
            match = pattern.match(text)
            if match:
                return style, match[1], match[2]
        return "none", None, text

    def _item(self, number: str | None, content: str, line: Line) -> dict:
        """A printed item: its marker, and its words as a bold title, a text, or both."""
        item: dict = {"number": number} if number else {}
        lead = line.bold_lead
        if lead and number and lead.startswith(number):
            lead = lead[len(number) :].strip()
        title, text = _split_title(content, line.bold, lead)
        if title:
            item["title"] = title
        if text:
            item["text"] = text
        return item

    # -- targets, in the items of the objectives section --

    def _read_targets(self) -> None:
        seen: dict[str, Loc] = {}
        objectives = words_of("sections", "objectives")
        tasks = words_of("sections", "tasks")
        for index, section in enumerate(self.data["sections"]):
            title = comparable(section.get("title", ""))
            if not any(w in title for w in objectives) or any(w in title for w in tasks):
                continue
            for loc, item in _walk(section, ("sections", index)):
                if item.get("text"):
                    self._targets_of(loc, item, seen)

    def _targets_of(self, loc: Loc, item: dict, seen: dict[str, Loc]) -> None:
        text = item["text"]
        written = label(text)
        body = text[len(written.written) :].strip() if written and text.startswith(written.written) else text
        found = []
        for clause in _clauses(body):
            match = indicator_of(clause)
            if match.indicator is None:
                if match.score:
                    self.flag(loc, "import_indicator_unsure", text=excerpt(clause, 60))
                    self.counts["uncertain"] += 1
                continue
            if match.indicator in seen:
                if seen[match.indicator] != loc:
                    self.flag(loc, "import_indicator_again", indicator=match.indicator, text=excerpt(clause, 60))
                continue
            target: dict = {"indicator": match.indicator, "text": clause}
            read = wording(clause, match.indicator)
            target_loc = (*loc, "targets", len(found))
            if read.text:
                target["target"] = read.text
            elif read.problem == "ambiguous":
                self.flag(target_loc, "import_figure_ambiguous", indicator=match.indicator, text=excerpt(clause, 60))
                self.counts["uncertain"] += 1
            if not match.exact:
                self.flag(target_loc, "import_indicator_fuzzy", indicator=match.indicator, text=excerpt(clause, 60))
            seen[match.indicator] = loc
            found.append(target)
            self.counts["targets"] += 1
            self.counts["matched"] += 1
            self.places[target_loc] = self.places[loc]
            self.quotes[target_loc] = clause[:QUOTE_LIMIT]
        if found:
            item["targets"] = found

    def targets(self) -> dict[str, tuple[Loc, dict]]:
        return {target["indicator"]: ((*loc, "targets", i), target) for loc, item in _walk_all(self.data) for i, target in enumerate(item.get("targets", []))}

    # -- Tổ chức thực hiện: who is charged --

    def _read_organisation(self) -> None:
        words = words_of("sections", "organisation")
        for index, section in enumerate(self.data["sections"]):
            if not any(w in comparable(section.get("title", "")) for w in words):
                continue
            for loc, item in _walk(section, ("sections", index)):
                heading = item.get("title") or ""
                agencies = _agencies(heading.rstrip(" :"))
                if agencies:
                    item["agencies"] = agencies
                charges = self._charges(item.get("text") or "")
                if charges and (agencies or item.get("agencies")):
                    item["charges"] = charges

    def _charges(self, text: str) -> list[dict]:
        """"Chịu trách nhiệm tổ chức thực hiện chỉ tiêu 1, 2 của mục tiêu 2" -> the ids of
        the plan's own chỉ tiêu 1 and 2 under its Mục tiêu 2, with the role."""
        found = []
        low = comparable(text)
        for role in vocabulary()["roles"]:
            for phrase in words_of("roles", role):
                at = low.find(phrase)
                if at < 0:
                    continue
                reference = _LOCAL_REFERENCE.search(low[at : at + 200])
                if not reference:
                    continue
                numbers = [int(n) for n in re.findall(r"\d{1,2}", reference[1])]
                ids = [i for i in (self._local_target(int(reference[2]), n) for n in numbers) if i]
                if ids:
                    found.append({"indicators": ids, "role": role, "text": text[at : at + len(phrase) + reference.end()].strip()})
        return found

    def _local_target(self, objective: int, target: int) -> str | None:
        """The national id of the plan's own "chỉ tiêu <target> của mục tiêu <objective>"."""
        for loc, item in _walk_all(self.data):
            written = label(item.get("title")) or label(item.get("text"))
            if written and written.kind == "objective" and written.number == objective:
                lines = [child for _, child in _walk(item, ()) if child.get("targets")]
                numbered = {label(child.get("text")).number: child for child in lines if label(child.get("text"))}
                chosen = numbered.get(target) or (lines[target - 1] if 0 < target <= len(lines) else None)
                return chosen["targets"][0]["indicator"] if chosen else None
        return None

    # -- report deadlines --

    def _read_deadlines(self, lines: list[Line]) -> None:
        deadlines = []
        for line in lines:
            for deadline in _deadlines(line.text):
                self.place(("reporting", len(deadlines)), line, deadline.get("text"))
                deadlines.append(deadline)
        if deadlines:
            self.data["reporting"] = deadlines

    # -- after the body: Nơi nhận and the signature --

    def _tail(self, lines: list[Line]) -> None:
        recipients, signature, names = [], [], []
        receiving = False
        authority = tuple(vocabulary()["signature_authority"])
        titles = words_of("signature_titles")
        for line in lines:
            text = line.text.strip()
            words = comparable(text)
            if words.startswith(comparable("nơi nhận")):
                receiving = True
                self.place(("recipients",), line)
                continue
            if receiving and text.startswith(("-", "+")):
                if text[1:].strip():  # a lone dash is no recipient
                    recipients.append(text[1:].strip() if text[0] == "-" else "+ " + text[1:].strip())
                continue
            if text.lower().startswith(authority) or words in titles:
                # Not the end of Nơi nhận: in a PDF the two columns' lines alternate.
                signature.append(text)
                self.place(("signature",), line)
                continue
            if signature and _PROPER_NAME.match(text) and _upper_share(text) < 0.6:
                names.append(text)
        if recipients:
            self.data["recipients"] = recipients
        if signature:
            data: dict = {}
            for text in signature:
                low = text.lower()
                if low.startswith("tm."):
                    data["authority"] = text
                elif low.startswith(("kt.", "q.", "tl.", "tuq.")):
                    data["on_behalf"] = text
                else:
                    data["title"] = text
            if names:
                data["name"] = names[0]
            self.data["signature"] = data

    # -- footnotes --

    def _footnotes(self) -> None:
        notes = self.document.footnotes
        if notes:
            self.data["footnotes"] = [{"mark": mark, "text": text} for mark, text in notes.items()]

    # -- what the frame does not print: issuer, level, period, the documents cited --

    def _derive(self) -> None:
        document = self.data.setdefault("document", {})
        title = document.get("title", "")
        opening = " ".join(self.data.get("opening", []))
        self.data["implements"] = _citations(opening + " " + " ".join(self.document.footnotes.values()))
        if not self.data["implements"]:
            del self.data["implements"]
        issuer = self.data.setdefault("issuer", {})
        name, locality, level = _issuer(issuer.get("header"), title, opening, self.data.get("appendix", {}).get("reference_line", ""))
        if name:
            issuer["name"] = name
            if not issuer.get("header"):
                self.flag(("issuer", "name"), "import_issuer_derived", name=name)
        else:
            issuer["name"] = "?"
            self.flag(("issuer", "name"), "import_no_issuer")
        if locality:
            issuer["locality"] = locality
        if level is None:
            level = "huyện" if any(c.get("issuer", "").lower().startswith(("ủy ban nhân dân tỉnh", "ubnd tỉnh")) for c in self.data.get("implements", [])) else "tỉnh"
            self.flag(("level",), "import_level_unsure", level=level)
        self.data["level"] = level
        period = _PERIOD.search(title) or _PERIOD.search(opening)
        if period:
            years = [int(y) for y in period.groups() if y]
            self.data["period"] = years[0] if len(years) == 1 else f"{years[0]}-{years[1]}"
        else:
            date = document.get("date") or {}
            year = int(date.rsplit("/", 1)[1]) if isinstance(date, str) else date.get("year")
            if year:  # the year it was signed; when that is blank too, there is none to write
                self.data["period"] = year
                self.flag(("period",), "import_no_period")
        if "place" not in document:
            self.flag(("document",), "import_no_place")
        reference = self.data.get("appendix", {}).get("reference_line", "")
        if "date" not in document and reference:
            date = _date(reference)
            if date:
                document["date"] = date
                self.flag(("document", "date"), "import_date_from_appendix")
        if "number" not in document and reference:
            number = re.search(r"số\s*:?\s*(\d+)\s*/\s*([A-ZĐ][A-ZĐ0-9\-]*)", reference)
            if number:
                document["number"], document["symbol"] = number[1], number[2]
                self.flag(("document", "number"), "import_number_from_appendix")
        if "title" not in document:
            document["title"] = "?"
        self.data = _ordered(self.data)


# --- helpers -----------------------------------------------------------------------------


def _objective_label(text: str) -> bool:
    written = label(text)
    return bool(written and written.kind == "objective")


def _split_title(content: str, bold: bool | None, bold_lead: str | None = None) -> tuple[str | None, str | None]:
    """"Yêu cầu: Các hoạt động …" -> ("Yêu cầu:", "Các hoạt động …"); "Mục đích" -> title;
    "Chỉ tiêu 1: Tăng …" stays text (the label opens the sentence of a target). A document
    that says what is bold decides; a text file is read by its colons and lengths."""
    written = label(content)
    if written and written.kind == "objective":
        return content, None
    if written and written.kind == "target":
        return None, content
    if bold:
        return content, None
    if bold_lead and content.startswith(bold_lead) and len(bold_lead) < len(content):
        return bold_lead, content[len(bold_lead) :].strip()
    head, colon, rest = _title_colon(content)
    if colon and rest:
        return head + ":", rest
    words = [word for word in content.split() if word.isalnum() or len(word) > 1]  # dashes are no words
    if len(words) <= (25 if _names_agency(content) else 12) and not content.rstrip().endswith((".", ";", "./.")) and content[:1].isupper():
        return content, None
    return None, content


def _title_colon(content: str) -> tuple[str, bool, str]:
    """The heading before the last ": " near the start, when no sentence ends before it:
    "Các Sở: Nội vụ, Y tế: Căn cứ …" -> "Các Sở: Nội vụ, Y tế". A list of agencies may run
    longer than other headings."""
    words = 40 if _names_agency(content) else 20
    window = content[: 15 * words]
    at = window.rfind(": ")
    while at > 0 and (". " in window[:at] or len(window[:at].split()) > words):
        at = window.rfind(": ", 0, at)
    if at <= 0:
        return content, False, ""
    return content[:at], True, content[at + 2 :].strip()


def _clauses(text: str) -> list[str]:
    """A target line cut where each indicator's clause ends: at "; " and at a full stop
    before a capital ("… đạt 50%. Phân đấu …")."""
    parts = re.split(r";\s+|(?<=\.)\s+(?=[A-ZĐÀ-Ỹ])", text.strip())
    return [part.strip().rstrip(";").strip() for part in parts if part and part.strip(" .;")]


def _walk(item: dict, loc: Loc):
    yield loc, item
    for index, child in enumerate(item.get("items", [])):
        yield from _walk(child, (*loc, "items", index))


def _walk_all(data: dict):
    for index, section in enumerate(data.get("sections", [])):
        yield from _walk(section, ("sections", index))


@cache
def _agency_starts() -> tuple[str, ...]:
    return tuple(sorted(vocabulary()["agency_words"], key=len, reverse=True))


def _names_agency(text: str) -> bool:
    """Whether ``text`` opens with an agency ("Sở Tư pháp", "Các Sở: …", "Đề nghị Ủy ban…")."""
    text = re.sub(r"^Đề nghị\s+", "", text.strip())
    return text.startswith(_agency_starts()) or re.sub(r"^Các\s+", "", text).startswith(_agency_starts())


def _agencies(heading: str) -> list[str]:
    """The agencies a heading of Tổ chức thực hiện charges: "Sở Tư pháp"; "Các Sở: Nội vụ, Y
    tế" -> ["Sở Nội vụ", "Sở Y tế"]; "Các cơ quan, đơn vị: Phòng A, Phòng B" -> each."""
    return [_without_locality(name) for name in _named_agencies(heading)]


def _named_agencies(heading: str) -> list[str]:
    heading = re.sub(r"^Đề nghị\s+", "", heading.strip())
    if not _names_agency(heading):
        return []
    if ":" in heading:
        kind, _, names = heading.partition(":")
        prefix = re.sub(r"^Các\s+", "", kind.strip())
        parts = [part.strip() for part in re.split(r",\s+(?=[A-ZĐÀ-Ỹ])", names) if part.strip()]
        if prefix.split()[0] in ("Sở", "Phòng", "Ban", "Bộ") and not any(p.startswith(prefix.split()[0]) for p in parts):
            return _rejoin([f"{prefix} {part}" for part in parts])
        return _glued(parts)
    return [heading]


def _glued(parts: list[str]) -> list[str]:
    """Names each with its own agency word: a part without one carries on the name before
    ("Phòng Văn hóa", "Khoa học và Thông tin" -> "Phòng Văn hóa, Khoa học và Thông tin")."""
    out: list[str] = []
    for part in parts:
        if out and not part.startswith(_agency_starts()):
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return out


@cache
def _known_agencies() -> frozenset[str]:
    """The agency names of the table `gecli new` uses, in comparable form."""
    from gecli.new import _data as agency_data

    cells = [cell for row in agency_data()["counterparts"] for cell in row.values()]
    return frozenset(comparable(name) for cell in cells for name in ([cell] if isinstance(cell, str) else cell or []) if "{" not in name)


@cache
def _locality_words() -> tuple[str, ...]:
    from gecli.new import _data as agency_data

    return tuple(sorted({unit["word"] for units in agency_data()["units"].values() for unit in units}, key=len, reverse=True))


def _rejoin(names: list[str]) -> list[str]:
    """"Sở Văn hóa", "Sở Thể thao và Du lịch" -> "Sở Văn hóa, Thể thao và Du lịch": a name
    holding a comma, split too eagerly (the second part has no "và" of its own before)."""
    result: list[str] = []
    for name in names:
        if result and comparable(f"{result[-1]}, {name.split(' ', 1)[1]}") in _known_agencies():
            result[-1] = f"{result[-1]}, {name.split(' ', 1)[1]}"
        else:
            result.append(name)
    return result


def _without_locality(name: str) -> str:
    """"Phòng Nội vụ huyện" -> "Phòng Nội vụ", as the agency table names it; "Công an huyện",
    which the table does not know without its locality word, stays as printed."""
    for word in _locality_words():
        stem = name[: -len(word) - 1]
        if name.startswith(("Sở ", "Phòng ")) and name.endswith(f" {word}") and comparable(stem) in _known_agencies():
            return stem
    return name


# "chỉ tiêu 1, 2 của mục tiêu 2", in comparable form (tones folded: "chỉ tiêu", "mục tiêu").
_LOCAL_REFERENCE = re.compile(r"chỉ tiêu ((?:\d{1,2}(?: , | và | )?){1,8}) (?:của|thuộc) mục tiêu (\d{1,2})")
_DEADLINE = re.compile(r"báo cáo[^.;]{0,200}?trước ngày\s*(\d{1,2}(?:/\d{1,2}(?:/\d{4})?|\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?))", re.IGNORECASE)


def _deadlines(text: str) -> list[dict]:
    found = []
    for match in _DEADLINE.finditer(text):
        sentence = match[0]
        to = re.search(r"(?:về|gửi|cho)\s+(.+?)(?:\s*\(|\s+trước ngày|\s+qua\s)", sentence)
        via = re.search(r"\((qua [^)]{1,120})\)", text[match.start() : match.end() + 140])
        date = _date("ngày " + match[1]) if "tháng" in match[1] else _date(match[1])
        if not date or not to:
            continue
        before = text[max(0, match.start() - 60) : match.start()].lower()
        deadline = {"to": to[1].strip(" ,"), "by": date, "text": sentence}
        reporter = _reporter(text[max(0, match.start() - 300) : match.start()])
        if reporter:
            deadline = {"reporter": reporter, **deadline}
        if via:
            deadline["via"] = via[1]
        if any(w in before for w in vocabulary()["yearly_words"]):
            deadline["yearly"] = True
        found.append(deadline)
    return found


def _reporter(before: str) -> str | None:
    """The last "các …" named after an opener ("yêu cầu", a comma…), up to its verb."""
    lowered = before.lower()
    ends = vocabulary()["reporter_ends"]
    found = None
    for opener in vocabulary()["reporter_openers"]:
        start = lowered.find(f"{opener} các ")
        while start >= 0:
            begin = start + len(opener) + 1
            stops = [at for at in (lowered.find(f" {end}", begin) for end in ends) if at > 0]
            if stops and min(stops) - begin <= 80 and (found is None or begin > found[0]):
                found = (begin, before[begin : min(stops)].strip(" ,"))
            start = lowered.find(f"{opener} các ", start + 1)
    return found[1] if found else None


def _citations(text: str) -> list[dict]:
    """The documents the opening cites: "Kế hoạch số 956/KH-UBND ngày 24/3/2025 của Ủy ban
    nhân dân tỉnh Kon Tum về việc …"."""
    kinds = "|".join(map(re.escape, vocabulary()["cited_kinds"]))
    found, seen = [], set()
    for match in re.finditer(rf"({kinds})\s+số\s*:?\s*([0-9][\w/.\-Đđ]*)", text):
        number = match[2].rstrip(".,;")
        clause = comparable(re.split(r"[.;]", text[max(0, match.start() - 120) : match.start()])[-1])
        if number in seen or any(words in clause for words in words_of("proposal_words")):
            continue
        seen.add(number)
        rest = text[match.end() : match.end() + 400]
        entry: dict = {"kind": match[1], "number": number}
        date = re.match(r"\s*,?\s*ngày\s+(\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})", rest)
        if date:
            entry["date"] = _date(date[0] if "tháng" in date[0] else date[1])
            rest = rest[date.end() :]
        issuer = re.match(r"\s*của\s+([^;,(]+)", rest)
        if issuer:
            words = issuer[1]
            cut = min((words.find(f" {w} ") for w in vocabulary()["cited_title_words"] if words.find(f" {w} ") > 0), default=-1)
            entry["issuer"] = (words[:cut] if cut > 0 else words).strip(" .¹²³")
            if cut > 0:
                entry["title"] = re.sub(r"^về(?: việc)?\s+", "", words[cut:].strip(" .¹²³"))
        found.append(entry)
    return found


def _issuer(header: list[str] | None, title: str, opening: str, reference: str) -> tuple[str | None, str | None, str | None]:
    """The issuing body's name, its locality and the plan's level: from the header block,
    else from what the text says of itself."""
    localities = sorted(vocabulary()["localities"], key=lambda l: -len(l["word"]))
    bodies = vocabulary()["issuing_bodies"]
    words = "|".join(re.escape(l["word"]) for l in localities)
    if header:
        joined = " ".join(header)
        for body in bodies:
            if comparable(joined).startswith(comparable(body["printed"])):
                rest = joined[len(body["printed"]) :].strip()
                unit = next((l for l in localities if comparable(rest).startswith(comparable(l["word"]) + " ")), None)
                if unit:
                    name = _title_case(rest[len(unit["word"]) :].strip())
                    locality = f"{unit['word']} {name}"
                    return f"{body['name']} {locality}", locality, unit["level"]
        return _sentence_case(joined), None, None
    # "Ủy ban nhân dân huyện Ia H’Drai xây dựng Kế hoạch", "trên địa bàn tỉnh Kon Tum năm 2025"
    named = re.compile(rf"(?:Ủy|Uỷ) ban nhân dân\s+({words})\s+([A-ZĐÀ-Ỹ][\w’'\-]*(?:\s+[A-ZĐÀ-Ỹ][\w’'\-]*){{0,3}})", re.IGNORECASE)
    area = re.compile(rf"trên địa bàn\s+({words})\s+([A-ZĐÀ-Ỹ][\w’'\-]*(?:\s+[A-ZĐÀ-Ỹ][\w’'\-]*){{0,3}})")
    issuing = re.search(rf"(?:Ủy|Uỷ) ban nhân dân\s+({words})\b[^;.]{{0,40}}?(?:ban hành|xây dựng)", opening, re.IGNORECASE)
    for source in (title, opening, reference):
        match = area.search(source) or named.search(source)
        if match and (issuing is None or match[1].lower() == issuing[1].lower()):
            unit = next(l for l in localities if l["word"] == match[1].lower())
            name = match[2].strip()
            return f"Ủy ban nhân dân {unit['word']} {name}", f"{unit['word']} {name}", unit["level"]
    return None, None, None


def _without_motto(text: str, motto: tuple[str, ...]) -> str:
    """The line with the Quốc hiệu and Tiêu ngữ words taken out, word by word."""
    words = text.split()
    keys = [comparable(word) for word in words]
    for phrase in motto:
        wanted = phrase.split()
        kept = [i for i, key in enumerate(keys) if key]
        for start in range(len(kept) - len(wanted) + 1):
            if [keys[i] for i in kept[start : start + len(wanted)]] == wanted:
                first, last = kept[start], kept[start + len(wanted) - 1]
                words, keys = words[:first] + words[last + 1 :], keys[:first] + keys[last + 1 :]
                break
    return " ".join(words)


def _title_case(text: str) -> str:
    """"THANH LIÊM" -> "Thanh Liêm", "IA H'DRAI" -> "Ia H'Drai"."""
    return " ".join(part[:1].upper() + part[1:].lower() if "'" not in part else "'".join(p[:1].upper() + p[1:].lower() for p in part.split("'")) for part in text.split())


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:].lower()


_ORDER = ["level", "issuer", "document", "period", "implements", "opening", "sections", "closing", "reporting", "recipients", "signature", "appendix", "footnotes"]


def _ordered(data: dict) -> dict:
    return {key: data[key] for key in _ORDER if key in data}


def recognise(document: SourceDocument) -> Imported:
    return Recogniser(document).run()


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text)
