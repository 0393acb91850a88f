"""`gecli new`: draft a child plan from its parent plan.

Drafting officers copy the parent's Word file and edit it. Here the copy is made as data:
every parent indicator with the parent's figure for the year (so `gecli diff` shows each
one `equal` until the locality raises it), the citation of the parent filled in, and the
parent's agencies and phrases moved one level down. The number and the day of the
document stay blank for the văn thư. What moves down to what is data
(``data/agencies.yaml``), not code; so is which body no longer exists on the child's date
(``data/reorganisations.yaml``): the draft names its successor instead, as the
`obsolete-agency` rule would ask.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from gecli.compare import figures
from gecli.findings import Finding
from gecli.i18n import Message
from gecli.model import Deadline, Item, Level, PartialDate, Plan
from gecli.names import ABBREVIATIONS, fold, name_key
from gecli.quantity import Quantity
from gecli.reorganisations import Entry, current_name
from gecli.schema import schema_reference
from gecli.structure import label
from gecli.source import LoadError, parse
from gecli.validate import read_plan
from gecli.yamlio import load_data_file

LEVELS = list(Level)
DAYS_BEFORE_PARENT = 10  # time for the child's office to collect and forward its reports
DEFAULT_DEADLINE = (12, 5)  # month, day: when the parent sets none


class NewPlanError(Exception):
    """The child plan cannot be drafted; ``message`` says why. ``findings`` are the parent
    file's problems when the parent is not a valid plan."""

    def __init__(self, message_key: str, /, *, findings: list[Finding] | None = None, **params: Any) -> None:
        super().__init__(message_key)
        self.message = Message(message_key, **params)
        self.findings = findings or []


@cache
def _data() -> dict:
    return load_data_file("agencies.yaml")


# --- Localities --------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A plan's locality, as the placeholders of agencies.yaml see it."""

    level: Level
    body: str | None = None  # "Ủy ban nhân dân"
    unit: str | None = None  # "huyện", "phường"
    name: str | None = None  # "Ia H'Drai"
    party: str | None = None  # "Huyện ủy"

    @property
    def locality(self) -> str | None:
        return f"{self.unit} {self.name}" if self.unit and self.name else None

    @classmethod
    def read(cls, level: Level, text: str | None) -> "Place | None":
        """From "Ủy ban nhân dân huyện Ia H'Drai" or "huyện Ia H'Drai"; None when no
        administrative unit of ``level`` opens the locality."""
        units = sorted(_data()["units"].get(level.value, []), key=lambda u: -len(u["word"]))
        if not text or not units:
            return None
        words = "|".join(re.escape(u["word"]) for u in units)
        match = re.fullmatch(rf"(?:(.+?)\s+)?({words})\s+(\S.*)", " ".join(text.split()), re.IGNORECASE)
        if not match:
            return None
        unit = next(u for u in units if u["word"] == match[2].lower())
        return cls(level, match[1], unit["word"], match[3], unit["party"])

    def fill(self, template: str, **extra: str | None) -> str | None:
        """The template with this place's values; None when it needs one the place lacks."""
        values = {"unit": self.unit, "locality": self.locality, "party": self.party, **extra}
        needed = re.findall(r"{(\w+)}", template)
        if any(not values.get(name) for name in needed):
            return None
        return template.format(**{name: values[name] for name in needed})


def _parent_place(plan: Plan) -> Place:
    issuer = plan.issuer
    return Place.read(plan.level, issuer.locality) or Place.read(plan.level, issuer.name) or Place(plan.level)


# --- Moving agencies and phrases one level down ------------------------------------------


def _names(cell: str | list[str] | None) -> list[str]:
    return [] if cell is None else [cell] if isinstance(cell, str) else list(cell)


class Adapter:
    """The parent's words rewritten for the child: agency names and whole phrases."""

    def __init__(self, parent: Place, child: Place, on: dt.date | None = None):
        data = _data()
        self.on = on
        # (the mapped name, the name written instead, why) when the mapped body no longer
        # exists on the child's date; (name, entry) when it ends later in the child's year.
        self.replaced: list[tuple[str, str, Entry]] = []
        self.ending: list[tuple[str, Entry]] = []
        self.unmapped: list[str] = []  # agencies kept as the parent wrote them
        self.stranded: list[str] = []  # names in the text with no counterpart at the child's level
        self.generic = {name_key(text) for text in data["generic"]}
        # parent-level spelling (key) -> child's name, or None when the child has none
        self.counterparts: dict[str, str | None] = {}
        # phrase as written in the parent (see _phrase_key) -> the child's words, or None
        self.pairs: dict[str, str | None] = {}
        for old, new in data["phrases"]["all"] + _phrases_between(parent.level, child.level):
            old, new = parent.fill(old), child.fill(new)
            if old and new:
                self.pairs.setdefault(_phrasename_key(old), new)
        for row in data["counterparts"]:
            ours = next(filter(None, (child.fill(n) for n in _names(row.get(child.level.value)))), None)
            for name in filter(None, (parent.fill(n) for n in _names(row.get(parent.level.value)))):
                # "Phòng Nội vụ huyện", "Sở Y tế tỉnh Kon Tum": the name with its locality.
                for spelling in filter(None, (name, parent.fill(f"{name} {{unit}}"), parent.fill(f"{name} {{locality}}"))):
                    self.counterparts.setdefault(name_key(spelling), ours)
                    # An agency with no counterpart is matched too and left as written, so
                    # that a shorter phrase in it ("các huyện, thành phố") is not rewritten.
                    self.pairs.setdefault(_phrasename_key(spelling), ours)
        alternatives = "|".join(map(_phrase_pattern, sorted(self.pairs, key=len, reverse=True)))
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if self.pairs else None

    def existing(self, name: str | None) -> str | None:
        """``name``, or its successor when it no longer exists on the child's date."""
        if name is None or self.on is None:
            return name
        new, entry = current_name(name, self.on)
        if entry is not None:
            # Gone on the child's date; with no verified successor the name stays, and is listed.
            if not any(old == name for old, _, _ in self.replaced):
                self.replaced.append((name, new, entry))
            return new
        _, ends = current_name(name, dt.date(self.on.year, 12, 31))
        if ends is not None and not any(old == name for old, _ in self.ending):
            self.ending.append((name, ends))
        return name

    def text(self, text: str) -> str:
        """Whole phrases replaced; one that names something else ("trên địa bàn tỉnh Gia
        Lai") is left alone."""
        if self.pattern is None:
            return text
        folded = fold(text)
        pieces, last = [], 0
        for match in self.pattern.finditer(folded):
            original = text[match.start() : match.end()]
            following = re.match(r"\s+(\w)", folded[match.end() :])
            if following and following[1].isupper():
                continue  # "trên địa bàn tỉnh Gia Lai": another place than the parent's
            new = self.existing(self.pairs.get(_phrasename_key(match[0]), original))
            if new is None:  # "Ủy ban nhân dân các huyện" in a commune's text: the drafter's call
                if original not in self.stranded:
                    self.stranded.append(original)
                continue
            pieces += [text[last : match.start()], _same_case(original, new)]
            last = match.end()
        return "".join(pieces) + text[last:]

    def agency(self, name: str) -> str | None:
        """The child's counterpart of ``name``; None when the child has none (the
        assignment is dropped); ``name`` itself when unknown (and remembered)."""
        known, result = self.lookup(name)
        if not known:
            if name_key(name) not in self.generic and name not in self.unmapped:
                self.unmapped.append(name)
            return self.existing(name)
        return result

    def lookup(self, name: str) -> tuple[bool, str | None]:
        request = next((w for w in _data()["request_words"] if name_key(name).startswith(name_key(w) + " ")), None)
        rest = name.split(None, len(request.split()))[-1] if request else name
        if name_key(rest) in self.counterparts:
            found = self.existing(self.counterparts[name_key(rest)])
        elif name_key(rest) in self.generic:
            return True, name
        else:
            members = self._members(rest)
            if members is None:
                return False, None
            unique = list(dict.fromkeys(m for m in members if m))
            found = (unique[0] if len(unique) == 1 else _data()["member_list"].format(", ".join(unique))) if unique else None
        return True, (f"{request} {found}" if request and found else found)

    def _members(self, heading: str) -> list[str | None] | None:
        """"Các Sở: Nội vụ, Y tế, Văn hóa, Thể thao và Du lịch" -> each named agency's
        counterpart. Names may hold commas, so known names are matched longest first."""
        match = re.fullmatch(r"([^:]+):(.+)", name_key(heading))
        if not match:
            return None
        kind = re.sub(r"^các\s+", "", match[1].strip())
        forms = {}
        for key in self.counterparts:
            forms[key] = key
            if key.startswith(kind + " "):
                forms.setdefault(key[len(kind) + 1 :], key)
        ordered = sorted(forms, key=len, reverse=True)
        text, found = match[2].strip(), []
        while text:
            form = next((f for f in ordered if re.match(re.escape(f) + r"(?:\s*[,;]\s*|\s+và\s+|$)", text)), None)
            if form is None:
                return None
            found.append(self.existing(self.counterparts[forms[form]]))
            text = re.sub(re.escape(form) + r"(?:\s*[,;]\s*|\s+và\s+|$)", "", text, count=1)
        return found


def _phrases_between(parent: Level, child: Level) -> list[list[str]]:
    return (_data()["phrases"].get(parent.value) or {}).get(child.value) or []


def _phrase_pattern(phrase: str) -> str:
    """Only the first letter may differ in case: "Trên địa bàn tỉnh" at the start of a
    sentence is the phrase, "cơ sở y tế" is not "Sở Y tế"."""
    first, rest = phrase[0], phrase[1:]
    head = f"[{re.escape(first.upper())}{re.escape(first.lower())}]" if first.isalpha() else re.escape(first)
    return head + r"\s+".join(map(re.escape, rest.split(" ")))


def _phrasename_key(text: str) -> str:
    """A phrase as matched: folded, single spaces, the first letter in lower case."""
    text = re.sub(r"\s+", " ", fold(text)).strip()
    return text[:1].lower() + text[1:]


def _same_case(original: str, new: str) -> str:
    """A replacement starts upper-case where the replaced words did, and lower-case too."""
    if original[:1].isupper() and new[:1].islower():
        return new[:1].upper() + new[1:]
    if original[:1].islower() and new[:1].isupper():
        return new[:1].lower() + new[1:]
    return new


# --- The child plan ------------------------------------------------------------------------


def new_plan(parent_path: str, level: str, issuer: str, output_path: str, year: int | None = None) -> str:
    """The YAML text (NFC) of a draft plan for ``issuer`` ("Ủy ban nhân dân huyện Ia
    H'Drai") at ``level`` ("huyện") implementing the plan at ``parent_path`` for ``year``
    (default: the parent's last year). ``output_path`` is where the caller will write it:
    the parent's path and the schema modeline are relative to its folder. Nothing is
    written here. Raises :class:`NewPlanError`."""
    checked, problems = read_plan(Path(parent_path), Path(parent_path).as_posix())
    if checked is None:
        raise NewPlanError("new_parent_invalid", findings=problems, path=parent_path, problems=len(problems))
    parent = checked.plan
    child_level = Level.typed(level)  # "xa", "Huyen": spelt back as "xã", "huyện" from here on
    if child_level is None:
        raise NewPlanError("new_level_unknown", level=level, levels=[lv.value for lv in LEVELS[1:]])
    if LEVELS.index(child_level) <= LEVELS.index(parent.level):
        below = [lv.value for lv in LEVELS[LEVELS.index(parent.level) + 1 :]] or ["—"]
        raise NewPlanError("new_level_not_below", level=child_level.value, parent_level=parent.level.value, levels=below)
    year = parent.year if year is None else year
    if not parent.period.start <= year <= parent.period.end:
        raise NewPlanError("new_year_outside", year=year, period=str(parent.period), path=parent_path)
    issuer = " ".join(unicodedata.normalize("NFC", issuer).split())
    child = Place.read(child_level, issuer)
    if child is None or not child.body:
        units = [u["word"] for u in _data()["units"].get(child_level.value, [])]
        raise NewPlanError("new_issuer_unreadable", issuer=issuer, level=child_level.value, units=units)

    output = Path(output_path).resolve()
    parent_file = Path(parent_path).resolve()
    parent_relative = Path(os.path.relpath(parent_file, output.parent)).as_posix()
    # The draft's date is its year only (day and month are the văn thư's): the child's date
    # is then the first day of the year, as gecli reads a partly blank date.
    adapter = Adapter(_parent_place(parent), child, dt.date(year, 1, 1))
    data = _build(parent, parent_relative, child, issuer, year, adapter)

    text = _header(output, parent_relative, child, adapter, _without_lead(data["sections"])) + yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100
    )
    text = unicodedata.normalize("NFC", text)
    _check(text, output_path)
    return text


def _build(parent: Plan, parent_relative: str, child: Place, issuer: str, year: int, adapter: Adapter) -> dict:
    document = parent.document
    body = ABBREVIATIONS.get(child.body.lower(), child.body).upper()  # "UBND" -> "ỦY BAN NHÂN DÂN"
    figures_for_year = figures(parent, year)
    plan: dict[str, Any] = {
        "level": child.level.value,
        "issuer": {"name": issuer, "header": [body, child.locality.upper()], "locality": child.locality},
        "document": {
            "symbol": "KH-UBND",
            "place": child.name,
            "date": {"year": year},  # day and month: the văn thư's, on signing
            "title": f"Triển khai thực hiện Chiến lược quốc gia về bình đẳng giới trên địa bàn {child.locality} năm {year}",
        },
        "period": year,
        "implements": [
            _without_none(
                {
                    "kind": "Nghị quyết" if "NQ" in document.symbol.upper() else "Kế hoạch",
                    "number": f"{document.number}/{document.symbol}" if document.number else None,
                    "date": _date(document.date),
                    "issuer": parent.issuer.name,
                    # cited mid-sentence: "… của Ủy ban nhân dân tỉnh Kon Tum triển khai …"
                    "title": document.title[:1].lower() + document.title[1:],
                    "path": parent_relative,
                }
            )
        ],
        "sections": _items(parent.sections, figures_for_year, year, adapter),
        "reporting": [_deadline(parent, child, year, adapter)],
        "recipients": _recipients(parent, child, year, adapter),
        "signature": {"authority": f"TM. {body}", "title": "CHỦ TỊCH"},
        "appendix": {"title": f"PHÂN CÔNG THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU BÌNH ĐẲNG GIỚI NĂM {year}", "target_year": year},
    }
    return _without_none(plan)


def _items(items: list[Item], figures_for_year: dict, year: int, adapter: Adapter) -> list[dict]:
    """The parent's items for the child: text moved one level down, targets at the parent's
    figure for the year, agencies replaced by their counterparts. An assignment to an agency
    the child has no counterpart of is dropped; assignments that fall to one office (several
    provincial departments to one commune office) are merged; the list is renumbered."""
    result: list[dict] = []
    by_agency: dict[tuple, dict] = {}
    for item in items:
        agencies = [adapter.agency(name) for name in item.agencies]
        if item.agencies and not any(agencies):
            continue
        entry = _child_item(item, figures_for_year, year, adapter, [a for a in dict.fromkeys(agencies) if a])
        key = tuple(entry.get("agencies", ()))
        if key and key in by_agency:  # the same office again: all its duties under one heading
            merged = by_agency[key]
            duties = merged.setdefault("items", [])
            for one in (merged, entry):
                if one.get("text"):
                    duties.insert(len(duties) if one is entry else 0, {"number": "-", "text": one.pop("text")})
            duties.extend(entry.get("items", []))
            merged["title"] = merged["title"].rstrip(" :") if merged.get("title") else merged.get("title")
            continue
        if key:
            by_agency[key] = entry
        result.append(entry)
    return _renumbered(result) if len(result) < len(items) else result


def _child_item(item: Item, figures_for_year: dict, year: int, adapter: Adapter, agencies: list[str]) -> dict:
    adapt = adapter.text
    entry: dict[str, Any] = {"number": item.number, "title": adapt(item.title) if item.title else None}
    if item.targets:
        # A target line is written anew from the child's figures ("Chỉ tiêu 1: <name> <wording>."),
        # keeping the parent's label.
        written = label(item.text)
        entry["title"] = entry["title"] or (written.written if written else None)
        entry["targets"] = [_child_target(target, figures_for_year, year, adapter) for target in item.targets]
    elif item.text:
        entry["text"] = adapt(item.text)
    if agencies:
        entry["agencies"] = agencies
        entry["title"] = _agency_heading(item, agencies, adapter)
    if item.charges:
        entry["charges"] = [charge.model_dump(mode="json", exclude_none=True) for charge in item.charges]
    entry["items"] = _items(item.items, figures_for_year, year, adapter)
    return _without_none(entry)


def _agency_heading(item: Item, agencies: list[str], adapter: Adapter) -> str | None:
    """The heading naming the child's agencies ("1. Phòng Văn hóa - Xã hội: …")."""
    if not item.title:
        return None
    colon = ":" if item.title.rstrip().endswith(":") else ""
    known, counterpart = adapter.lookup(item.title.rstrip(" :"))
    return (counterpart if known and counterpart else ", ".join(agencies)) + colon


def _child_target(target, figures_for_year: dict, year: int, adapter: Adapter) -> dict:
    quantity = figures_for_year[target.indicator].quantity
    entry: dict[str, Any] = {"indicator": target.indicator}
    if quantity is not None:
        entry["target"] = _wording(quantity)
    else:
        # Unconfirmed national values: nothing to copy, and nothing to invent.
        entry["waivers"] = [{"rule": "unmeasurable-target", "reason": f"Cấp trên chưa có con số cho năm {year}."}]
    if target.lead:
        entry["lead"] = adapter.agency(target.lead)
    entry["partners"] = [p for p in map(adapter.agency, target.partners) if p]
    return _without_none(entry)


def _renumbered(entries: list[dict]) -> list[dict]:
    """Arabic numbers ("1.", "2.") in order again after an item was dropped."""
    count = 0
    for entry in entries:
        number = entry.get("number")
        if number and re.fullmatch(r"\d+\.", number):
            count += 1
            entry["number"] = f"{count}."
    return entries


def _wording(quantity: Quantity) -> str | dict:
    """The target as the parent worded it; the structured form when it was written so."""
    if quantity.raw:
        return quantity.raw
    return quantity.model_dump(mode="json", exclude_none=True, exclude={"raw"})


def _earliest(parent: Plan, year: int) -> Deadline | None:
    """The parent's first deadline: the one the child must meet (a yearly one in ``year``)."""
    return min(parent.reporting, key=lambda d: d.due(year), default=None)


def _deadline(parent: Plan, child: Place, year: int, adapter: Adapter) -> dict:
    """Earlier than the parent's deadline, so the child's office can collect and forward."""
    first = _earliest(parent, year)
    to = adapter.lookup(first.to)[1] if first else None
    by = first.due(year) - dt.timedelta(days=DAYS_BEFORE_PARENT) if first else dt.date(year, *DEFAULT_DEADLINE)
    return {
        "reporter": "các cơ quan, đơn vị",
        "to": to or adapter.existing(_data()["reporting_to"][child.level.value]),
        "by": _date(PartialDate(day=by.day, month=by.month, year=by.year)),
    }


def _recipients(parent: Plan, child: Place, year: int, adapter: Adapter) -> list[str]:
    first = _earliest(parent, year)
    values = {"parent": parent.issuer.name, "report_to": adapter.existing(first.to) if first else None}
    lines = (child.fill(line, **values) for line in _data()["recipients"][child.level.value])
    return [line for line in lines if line]


def _date(date: PartialDate | None) -> str | dict | None:
    """"05/12/2025" when complete; the known parts otherwise."""
    if date is None:
        return None
    if date.day and date.month and date.year:
        return f"{date.day:02d}/{date.month:02d}/{date.year}"
    return _without_none({"day": date.day, "month": date.month, "year": date.year})


def _without_none(mapping: dict) -> dict:
    """Empty values are left out of the file, as a transcriber leaves them out."""
    return {k: v for k, v in mapping.items() if v is not None and v != []}


# --- The file ---------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """safe_dump without anchors: the plan loader takes plain data."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _without_lead(items: list[dict]) -> list[str]:
    """The indicators of the draft that name no lead (the parent named none to copy)."""
    found = []
    for item in items:
        found += [t["indicator"] for t in item.get("targets", []) if not t.get("lead")]
        found += _without_lead(item.get("items", []))
    return found


def _header(output: Path, parent_relative: str, child: Place, adapter: Adapter, without_lead: list[str]) -> str:
    lines = []
    schema = schema_reference(output)
    if schema is not None:
        lines += [f"# yaml-language-server: $schema={schema}", "#"]
    lines += [
        f"# Bản dự thảo do `gecli new` tạo từ kế hoạch cấp trên {parent_relative}.",
        "# Chỉ tiêu lấy đúng mức cấp trên cho năm kế hoạch; địa phương có thể nâng cao hơn.",
        "# Văn thư điền số (document.number) và ngày, tháng (document.date) khi ký ban hành.",
    ]
    if adapter.unmapped:
        lines.append(f"# Cơ quan, đơn vị chưa có tên tương ứng ở cấp {child.level.value}, đang giữ như cấp trên ghi (cần sửa):")
        lines += [f"#   - {_one_line(name)}" for name in adapter.unmapped]
    if adapter.stranded:
        lines.append(f"# Câu chữ còn nhắc tới cơ quan không có ở cấp {child.level.value} (cần sửa):")
        lines += [f"#   - {_one_line(name)}" for name in adapter.stranded]
    if adapter.replaced:
        lines.append(f"# Cơ quan đã thôi tồn tại vào ngày của kế hoạch ({_day(adapter.on)}), đã ghi cơ quan kế nhiệm (src/gecli/data/reorganisations.yaml):")
        lines += [
            f"#   - {_one_line(old)} → {_one_line(new) if new != old else '(chưa xác minh cơ quan kế nhiệm, cần sửa)'}"
            f" (từ {_day(entry.effective)}; {entry.basis[0]})"
            for old, new, entry in adapter.replaced
        ]
    if adapter.ending:
        lines.append("# Cơ quan sẽ thôi tồn tại trong năm kế hoạch: kiểm tra lại theo ngày ký (gecli validate báo nếu còn):")
        lines += [f"#   - {_one_line(name)} (từ {_day(entry.effective)}; {entry.basis[0]})" for name, entry in adapter.ending]
    if without_lead:
        lines.append("# Chỉ tiêu chưa có đơn vị chủ trì vì kế hoạch cấp trên không ghi (cần điền lead): " + ", ".join(without_lead))
    return "\n".join(lines) + "\n\n"


def _day(date: dt.date | None) -> str:
    return f"{date.day:02d}/{date.month:02d}/{date.year}" if date else "?"


def _one_line(text: str) -> str:
    """A name from the parent inside a comment: a line break would end the comment."""
    return " ".join(text.split())


def _check(text: str, shown: str) -> None:
    """A bug in this module must not leave an invalid plan for the user to find later."""
    try:
        Plan.model_validate(parse(text.encode("utf-8"), shown).data)
    except (LoadError, ValidationError) as error:
        raise RuntimeError(f"gecli new built an invalid plan: {error}") from error
