"""The imported plan as YAML a person edits: block style, every string in double quotes,
and above each part read without confidence a comment saying what to check."""

from __future__ import annotations

import json
import re
from typing import Any

from gecli.i18n import Message

_NOT_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
HEADER = (
    "# Kế hoạch do `gecli import` đọc từ {source}.\n"
    "# Câu chữ và con số giữ nguyên như văn bản (kể cả chỗ sai: đó là việc của gecli validate).\n"
    "# Các dòng \"# KIỂM TRA:\" đánh dấu chỗ gecli không chắc chắn: xem lại với văn bản rồi xóa dòng đó.\n"
)


def to_yaml(data: dict, notes: dict[tuple, list[Message]], source: str, schema: str | None, lang: str = "vi") -> str:
    lines = [f"# yaml-language-server: $schema={schema}"] if schema else []
    lines += HEADER.format(source=_one_line(source)).rstrip("\n").split("\n")
    _mapping(data, (), 0, lines, notes, lang)
    return "\n".join(lines) + "\n"


def _mapping(data: dict, loc: tuple, indent: int, lines: list[str], notes, lang: str, first_prefix: str | None = None) -> None:
    pad = " " * indent
    for index, (key, value) in enumerate(data.items()):
        here = (*loc, key)
        prefix = first_prefix if index == 0 and first_prefix is not None else pad
        _comments(here, notes, lines, prefix if first_prefix is None or index else pad, lang)
        _value(key, value, here, indent, prefix, lines, notes, lang)


def _value(key: str, value: Any, loc: tuple, indent: int, prefix: str, lines: list[str], notes, lang: str) -> None:
    if isinstance(value, dict):
        lines.append(f"{prefix}{key}:")
        _mapping(value, loc, indent + 2, lines, notes, lang)
    elif isinstance(value, list):
        if not value:
            lines.append(f"{prefix}{key}: []")
            return
        lines.append(f"{prefix}{key}:")
        for position, item in enumerate(value):
            here = (*loc, position)
            _comments(here, notes, lines, " " * (indent + 2), lang)
            if isinstance(item, dict):
                _mapping(item, here, indent + 4, lines, notes, lang, first_prefix=" " * (indent + 2) + "- ")
            else:
                lines.append(f"{' ' * (indent + 2)}- {_scalar(item)}")
    else:
        lines.append(f"{prefix}{key}: {_scalar(value)}")


def _comments(loc: tuple, notes, lines: list[str], pad: str, lang: str) -> None:
    for message in notes.get(loc, ()):
        text = message.text(lang)
        lines.append(f"{pad.replace('-', ' ')}# KIỂM TRA: {_one_line(text)}")


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    # JSON strings are YAML double-quoted scalars; what YAML reads as a line break or does
    # not allow at all (DEL, C1 controls, U+2028) is written as an escape.
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(str(value), ensure_ascii=False))


def _one_line(text: str) -> str:
    return " ".join(str(text).split())
