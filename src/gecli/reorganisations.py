"""The 2025 reorganisations (``data/reorganisations.yaml``): which bodies no longer exist on a
date, and which body took over their work. Used by the `obsolete-agency` rule and by
`gecli new`, so that a draft never names a body the rule would report."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from gecli.names import fold, name_key, remembered
from gecli.yamlio import load_data_file

if TYPE_CHECKING:
    from gecli.model import Plan

CONFIRMED, SINGLE_SOURCE, UNCONFIRMED = "confirmed", "single source", "unconfirmed"
_WINDOW = 40  # characters after a name in which a `not_followed_by` phrase is looked for


@dataclass(frozen=True)
class Entry:
    id: str
    level: str
    name: str
    spellings: tuple[str, ...]
    case_sensitive: tuple[str, ...]
    not_followed_by: tuple[str, ...]  # name keys
    successor: str | None  # None: not verified
    successor_note: str | None
    effective: dt.date
    basis: tuple[str, ...]
    sources: tuple[str, ...]
    status: str
    next: str | None


@dataclass(frozen=True)
class Named:
    """An obsolete body named in a text: the entry, and the spelling that matched."""

    entry: Entry
    spelling: str


@cache
def entries() -> dict[str, Entry]:
    result = {}
    for spec in load_data_file("reorganisations.yaml")["entries"]:
        old, successor = spec["old"], spec.get("successor") or {}
        result[spec["id"]] = Entry(
            id=spec["id"],
            level=spec["level"],
            name=old["name"],
            spellings=tuple(old["spellings"]),
            case_sensitive=tuple(old.get("case_sensitive", ())),
            not_followed_by=tuple(name_key(words) for words in old.get("not_followed_by", ())),
            successor=successor.get("body"),
            successor_note=successor.get("note"),
            effective=dt.date.fromisoformat(spec["effective"]),
            basis=tuple(spec["basis"]),
            sources=tuple(spec["sources"]),
            status=spec["status"],
            next=spec.get("next"),
        )
    return result


_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class _Spellings:
    """Spellings as word sequences, by their first word, longest first (so "Phòng Dân tộc và
    Tôn giáo" wins over "Phòng Dân tộc"): a scan of the text's words, linear, and quick to
    build (one regular expression of every spelling took longer to compile than to run)."""

    by_first: dict[str, tuple[tuple[tuple[str, ...], Named], ...]]

    @classmethod
    def of(cls, spellings: dict[str, Named]) -> "_Spellings":
        found: dict[str, list] = {}
        for spelling, named in spellings.items():
            words = tuple(_TOKEN.findall(spelling))
            if words:
                found.setdefault(words[0], []).append((words, named))
        return cls({first: tuple(sorted(items, key=lambda item: -len(item[0]))) for first, items in found.items()})

    def find(self, text: str):
        """(named, where its spelling ends in ``text``), leftmost first, never overlapping."""
        matches = list(_TOKEN.finditer(text))
        words = [match[0] for match in matches]
        if self.by_first.keys().isdisjoint(words):
            return  # most sentences name no reorganised body
        at = 0
        while at < len(words):
            for spelling, named in self.by_first.get(words[at], ()):
                if tuple(words[at : at + len(spelling)]) == spelling:
                    yield named, matches[at + len(spelling) - 1].end()
                    at += len(spelling)
                    break
            else:
                at += 1


@cache
def _matchers() -> tuple[_Spellings, _Spellings]:
    """Spellings compared as name keys, and those matched only as written ("UBDT")."""
    by_key: dict[str, Named] = {}
    exact: dict[str, Named] = {}
    for entry in entries().values():
        for spelling in entry.spellings:
            if spelling in entry.case_sensitive:
                exact.setdefault(fold(spelling), Named(entry, spelling))
            else:
                by_key.setdefault(name_key(spelling), Named(entry, spelling))
    return _Spellings.of(by_key), _Spellings.of(exact)


@remembered
def named_in(text: str | None) -> tuple[Named, ...]:
    """Every reorganised body ``text`` names, once each, in the order written."""
    if not text:
        return ()
    keyed, cased = _matchers()
    key = name_key(text)
    found: list[Named] = []
    for named, end in keyed.find(key):
        following = key[end : end + _WINDOW].lstrip(" ,")
        if any(following.startswith(words) for words in named.entry.not_followed_by):
            continue
        found.append(named)
    found += [named for named, _ in cased.find(fold(text))]
    unique: dict[str, Named] = {}
    for named in found:
        unique.setdefault(named.entry.id, named)
    return tuple(unique.values())


def successors(entry: Entry, on: dt.date) -> list[tuple[str, Entry]]:
    """The bodies that took over from ``entry`` up to the date ``on``, in order: "Phòng Lao
    động - Thương binh và Xã hội" -> Phòng Nội vụ (01/3/2025) -> Phòng Văn hóa - Xã hội
    (01/7/2025). Empty when the successor is not verified."""
    chain: list[tuple[str, Entry]] = []
    current: Entry | None = entry
    seen = set()
    while current is not None and current.successor and current.id not in seen:
        seen.add(current.id)
        chain.append((current.successor, current))
        following = entries().get(current.next) if current.next else None
        current = following if following is not None and following.effective <= on else None
    return chain


def current_name(name: str, on: dt.date) -> tuple[str, Entry | None]:
    """The name to write on the date ``on`` for a body called ``name``: its last verified
    successor when ``name`` is (only) a body that no longer exists then, else ``name``."""
    key = name_key(name)
    for named in named_in(name):
        entry = named.entry
        whole = key == name_key(named.spelling) or (named.spelling not in entry.case_sensitive and key.startswith(name_key(named.spelling) + " "))
        if whole and entry.effective <= on:
            chain = successors(entry, on)
            return (chain[-1][0], entry) if chain else (name, entry)
    return name, None


def plan_date(plan: "Plan") -> dt.date:
    """The day a plan speaks from: its date; when the date is partly blank, the earliest day
    the printed parts allow ("tháng 4 năm 2025" -> 1/4/2025); with no date, the first day of
    its period."""
    date = plan.document.date
    if date is None:
        return dt.date(plan.period.start, 1, 1)
    year = date.year or plan.period.start
    return dt.date(year, date.month or 1, date.day if date.month and date.day else 1)
