"""Reading one document into a plan that loads, and where each of its parts came from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from gecli.i18n import Message, excerpt
from gecli.importer.blocks import Place
from gecli.importer.recognise import Flag, Imported, recognise
from gecli.source import Position

MAX_REPAIRS = 50  # a plan with more unreadable parts than this is reported, not repaired


def read_document(path: Path, shown: str) -> Imported:
    """Read and recognise one document. Raises `readers.ImportProblem`."""
    from gecli.importer.readers import read

    imported = recognise(read(path, shown))
    _repair(imported, shown)
    return imported


def _repair(imported: Imported, shown: str) -> None:
    """Leave out what the model refuses (a date that does not exist, a wording the parser
    refuses), flagging each at its place: the import must load as a plan. What a plan cannot
    do without (its year, its issuer) is not invented: the document is refused."""
    from gecli.importer.readers import ImportProblem
    from gecli.model import Plan

    for _ in range(MAX_REPAIRS):
        try:
            Plan.model_validate(imported.data)
            return
        except ValidationError as error:
            problem = error.errors(include_url=False)[0]
            loc = tuple(part for part in problem["loc"] if isinstance(part, int) or "[" not in part)
            removed = _remove(imported.data, loc)
            if removed is None:
                field = ".".join(str(part) for part in loc)
                raise ImportProblem(Message("import_required_missing", path=shown, field=field)) from None
            imported.flags.append(Flag(removed, Message("import_left_out", detail=excerpt(problem["msg"], 120))))
    raise ImportProblem(Message("import_too_unreadable", path=shown, count=MAX_REPAIRS))


def _remove(data: dict, loc: tuple) -> tuple | None:
    """Remove the value at ``loc``, or its nearest optional container; return where (None:
    only something the plan requires holds it)."""
    required = {"level", "issuer", "document", "period", "name", "title", "indicator", "to", "by", "mark", "text", "value", "year", "label", "rule", "reason"}
    for cut in range(len(loc), 0, -1):
        key, parent_loc = loc[cut - 1], loc[: cut - 1]
        parent = data
        for part in parent_loc:
            parent = parent[part]
        if isinstance(parent, list) and isinstance(key, int) and key < len(parent):
            del parent[key]
            return parent_loc
        if isinstance(parent, dict) and key in parent and key not in required:
            del parent[key]
            return parent_loc
    return None


@dataclass
class DocumentPlaces:
    """Where each part of an imported plan is in its document: answers like `Source` (a
    line for text files) and also with the paragraph or table cell and a quote."""

    places: dict[tuple, Place]
    quotes: dict[tuple, str]

    def where(self, loc: tuple) -> tuple[Place | None, str | None]:
        while loc and loc not in self.places:
            loc = loc[:-1]
        return self.places.get(loc), self.quotes.get(loc)

    def position(self, loc: tuple, at_key: bool = False) -> Position:
        place, _ = self.where(loc)
        return Position(place.line, 1) if place is not None and place.line is not None else Position(None, None)


def as_yaml(imported: Imported, output: Path, shown: str, lang: str = "vi") -> str:
    """The plan file: the modeline to the schema (when one is found above ``output``), a
    header, and a "# KIỂM TRA:" comment above each part read without confidence."""
    from gecli.importer.emit import to_yaml
    from gecli.schema import schema_reference

    notes: dict[tuple, list[Message]] = {}
    for flag in imported.flags:
        notes.setdefault(flag.loc, []).append(flag.message)
    return to_yaml(imported.data, notes, shown, schema_reference(output), lang)


def summary(imported: Imported, shown: str) -> Message:
    counts = imported.counts
    return Message(
        "import_summary",
        path=shown,
        targets=counts["targets"],
        matched=counts["matched"],
        rows=counts["appendix_rows"],
        flags=len(imported.flags),
    )
