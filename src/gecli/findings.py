"""A finding: one problem, where it is, how bad, and what to write instead."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from gecli.i18n import Message, excerpt
from gecli.records import sent_by_fields


class Severity(str, Enum):
    NOTE = "note"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


@sent_by_fields
@dataclass(frozen=True, slots=True)  # a national tree has a hundred thousand
class Finding:
    file: str
    line: int | None  # None: the file as a whole (it could not be read)
    column: int | None
    rule: str  # stable slug: users and CI depend on it
    severity: Severity
    message: Message  # its ".hint" entry says what to write instead
    indicator: str | None = None
    suppressed: str | None = None  # the written reason of a waiver
    # In a document (.docx, .pdf, .txt checked directly): where, and the words found there.
    place: Any = None  # gecli.importer.blocks.Place
    quote: str | None = None

    @property
    def in_page(self) -> bool:
        """At a place in a Word or PDF document (a paragraph, a table cell, a line of a page):
        the file has no line of its own there. In a text file the place is the file's line."""
        return self.place is not None and (self.place.line is None or self.place.page is not None)

    def in_document(self, lang: str) -> str | None:
        """For a finding in a document: "đoạn 12 «Chỉ tiêu 2: …»", the place and the words."""
        if not self.in_page:
            return None
        where = self.place.describe().text(lang)
        return f"{where} «{excerpt(self.quote, 80)}»" if self.quote else where

    def sort_key(self):
        order = self.place.sort_key() if self.place is not None else ()
        return (self.file, self.line or 0, order, self.column or 0, self.rule)


INTERNAL_ERROR = "internal-error"  # a bug in gecli while checking one file
# Rules whose findings mean the file could not be read or checked at all: exit code 2.
LOAD_RULES = frozenset({"unreadable", "yaml", INTERNAL_ERROR})
# Slugs that are not modules of gecli.rules; each is described by the message "rule_<slug>".
BUILTIN_RULES = ("unreadable", "yaml", "schema", INTERNAL_ERROR)
