"""Messages in Vietnamese (default) or English, from ``data/messages.yaml``.

A :class:`Message` is a key and its parameters; it is turned into text only when shown,
so one finding can be printed in either language. ``KEY.hint`` is the instruction that
goes with ``KEY``: what to write instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from string import Formatter
from typing import Any

from gecli.yamlio import load_data_file

LANGUAGES = ("vi", "en")


def default_language() -> str:
    lang = os.environ.get("GECLI_LANG", "vi").strip().lower()[:2]
    return lang if lang in LANGUAGES else "vi"


def requested_language(args: list[str]) -> str:
    """The language a command line asks for: its last "--lang en" or "--lang=en", wherever
    it stands (before a "--"), else GECLI_LANG, else Vietnamese. Help is written before the
    options are parsed, so this reads the words themselves; an unknown language is left
    for the option's own check."""
    asked = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            asked = args[index + 1]
        elif arg.startswith("--lang="):
            asked = arg.removeprefix("--lang=")
    return asked if asked in LANGUAGES else default_language()


@cache
def catalog() -> dict[str, dict[str, str]]:
    return load_data_file("messages.yaml")


@dataclass(frozen=True, slots=True)  # slots: a national tree's report holds a million of them
class Message:
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    # (language, text) once shown as a part of other messages: a plan's label or its "compared
    # with an ancestor" note is part of every finding of that plan.
    shown: tuple[str, str] | None = field(default=None, compare=False, repr=False)

    def __init__(self, key: str, **params: Any) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", params)
        object.__setattr__(self, "shown", None)

    def __reduce__(self):  # see gecli.records
        return _message, (self.key, self.params)

    def text(self, lang: str) -> str:
        return render(self.key, lang, self.params)

    def as_part(self, lang: str) -> str:
        """The text, as a parameter of another message: written once per language."""
        if self.shown is None or self.shown[0] != lang:
            object.__setattr__(self, "shown", (lang, self.text(lang)))
        return self.shown[1]

    def hint(self, lang: str) -> str | None:
        key = _hint_key(self.key)
        return render(key, lang, self.params) if key else None


def _message(key: str, params: dict[str, Any]) -> Message:
    return Message(key, **params)


def render(key: str, lang: str, params: dict[str, Any] | None = None) -> str:
    template, names = _template(key, lang)
    if not names:  # most hints: the same words every time
        return template
    # Text, most parameters, as it is; only the others this wording uses are written out (a
    # hint rarely uses them all).
    shown = dict(params or ())
    for name in names:
        if type(value := shown[name]) is not str:
            shown[name] = show(value, lang)
    return template.format_map(shown)


@cache
def _template(key: str, lang: str) -> tuple[str, tuple[str, ...]]:
    """The wording and the parameters it uses; a wording without any, already written."""
    entry = catalog()[key]
    template = entry.get(lang) or entry["vi"]
    names = tuple({name for _, name, _, _ in Formatter().parse(template) if name})
    return (template, names) if names else (template.format_map({}), ())


@cache
def _hint_key(key: str) -> str | None:
    hint = key + ".hint"
    return hint if hint in catalog() else None


def excerpt(text: str, limit: int = 60) -> str:
    """A user's value quoted in a message: short enough to read on one line."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show(value: Any, lang: str) -> str:
    """A parameter as text in ``lang``: numbers with the language's separators."""
    if type(value) is str:
        return value
    if isinstance(value, Message):
        return value.as_part(lang)
    if callable(getattr(value, "text", None)):
        return value.text(lang)
    if callable(getattr(value, "display", None)):  # a Quantity (not imported here: it needs pydantic)
        return value.display(lang)
    if isinstance(value, Decimal):
        from gecli.quantity import format_number

        return format_number(value, lang)
    if isinstance(value, (list, tuple)):
        return ", ".join([show(item, lang) for item in value])
    return str(value)
