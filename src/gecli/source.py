"""Reading a plan file safely, keeping where every value came from.

The YAML is composed into a node tree (libyaml when available) and turned into plain
Python data here, so that no tag can construct an object, duplicate keys and alias bombs
are caught, and any path into the data (a Pydantic ``loc``) maps back to a line and column.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from gecli.i18n import Message
from gecli.yamlio import PlanLoader, SafeLoader

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64  # a plan nests about 8 deep
# Below this many brackets no flow nesting reaches the depth where libyaml gives up (1 000 in
# PyYAML 6.0.4) or crashes (past 50 000): the builder's own depth check is enough.
FLOW_BRACKETS_CHECKED = 1_000
# Each block level needs a column of indentation (or a "- ") at the start of a line. Searched
# as a line break and then the columns: a literal first character lets the search skip ahead.
_DEEP_LINE = re.compile(rf"\n[ \t-]{{{MAX_DEPTH}}}")
MAX_NODES = 200_000  # values built from one file, aliases expanded
# A number longer than this is no figure of a plan; it stays text, which the model then
# refuses with its place (Python's int() refuses 4 300 digits, and a huge value is costly).
MAX_NUMBER_CHARS = 40

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_NUMBER_TAGS = {"tag:yaml.org,2002:int", _FLOAT_TAG}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_scalars = SafeConstructor()


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


class LoadError(Exception):
    """The file cannot be read as plan data at all (exit code 2)."""

    def __init__(self, message: Message, position: Position | None = None, rule: str = "yaml"):
        super().__init__(message.key)
        self.message = message
        self.position = position
        self.rule = rule


@dataclass
class Source:
    path: str
    data: Any
    root: Node | None = field(repr=False)
    anchors: "Anchors | None" = field(default=None, repr=False)  # positions of the anchor_shape paths

    def position(self, loc: tuple[str | int, ...], at_key: bool = False) -> Position:
        """Where the value at ``loc`` is written; the nearest written ancestor if it is not
        (a missing key). With ``at_key``, where the key itself is (a key that should not be there).
        """
        _, mark = self._walk(loc, at_key)
        return Position(1, 1) if mark is None else Position(mark.line + 1, mark.column + 1)

    def written(self, loc: tuple[str | int, ...]) -> str | None:
        """The scalar at ``loc`` as the file spells it ("yes", not True), if ``loc`` is one."""
        node, _ = self._walk(loc, False, exact=True)
        return node.value if isinstance(node, ScalarNode) else None

    def _walk(self, loc: tuple[str | int, ...], at_key: bool, exact: bool = False) -> tuple[Node | None, Any]:
        if self.root is None:
            return None, None
        node, mark = self.root, self.root.start_mark
        for part in loc:
            if isinstance(node, MappingNode):
                pair = next((kv for kv in node.value if _key_text(kv[0]) == str(part)), None)
                if pair is None:
                    return (None, mark) if exact else (node, mark)
                key, node = pair
                mark = key.start_mark if at_key else node.start_mark
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                mark = node.start_mark
            else:
                return (None, mark) if exact else (node, mark)
        return node, mark


class Anchors:
    """Positions recorded for chosen paths; any other path answers with its nearest recorded ancestor."""

    def __init__(self, known: dict[tuple, tuple[int, int]]):
        self.known = known

    def position(self, loc: tuple[str | int, ...], at_key: bool = False) -> Position:
        while loc and loc not in self.known:
            loc = loc[:-1]
        return Position(*self.known.get(loc, (1, 1)))


def _key_text(node: Node) -> str:
    if not isinstance(node, ScalarNode):
        return ""
    return node.value if node.value.isascii() else unicodedata.normalize("NFC", node.value)


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _at(mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def load(path: Path, shown_as: str | None = None, anchor_shape: dict | None = None) -> Source:
    """Read and construct one plan file. Raises :class:`LoadError`."""
    shown = shown_as or str(path)
    return parse(read_limited(path, shown, MAX_BYTES), shown, anchor_shape)


def read_limited(path: Path, shown: str, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. Anything else — a folder, a
    FIFO that would block, a device that never ends, a file too large — is refused before
    it is read."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise LoadError(Message("file_missing", path=shown), rule="unreadable") from None
    except IsADirectoryError:
        raise LoadError(Message("file_is_directory", path=shown), rule="unreadable") from None
    except OSError as error:
        raise LoadError(Message("file_unreadable", path=shown, reason=error.strerror or str(error)), rule="unreadable") from None
    with os.fdopen(handle, "rb") as stream:
        status = os.fstat(stream.fileno())
        if stat.S_ISDIR(status.st_mode):
            raise LoadError(Message("file_is_directory", path=shown), rule="unreadable")
        if not stat.S_ISREG(status.st_mode):
            raise LoadError(Message("file_not_regular", path=shown), rule="unreadable")
        if status.st_size > limit:
            raise LoadError(Message("file_too_large", size=status.st_size // 1024, limit=limit // 1024), rule="unreadable")
        try:
            raw = stream.read(limit + 1)  # the file may have grown since fstat
        except OSError as error:
            raise LoadError(Message("file_unreadable", path=shown, reason=error.strerror or str(error)), rule="unreadable") from None
    if len(raw) > limit:
        raise LoadError(Message("file_too_large", size=len(raw) // 1024, limit=limit // 1024), rule="unreadable")
    return raw


def parse(raw: bytes, shown: str, anchor_shape: dict | None = None) -> Source:
    if len(raw) > MAX_BYTES:
        raise LoadError(Message("file_too_large", size=len(raw) // 1024, limit=MAX_BYTES // 1024), rule="unreadable")
    if b"\x00" in raw:
        raise LoadError(Message("file_binary"), _byte_position(raw, raw.index(b"\x00")), rule="unreadable")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LoadError(
            Message("file_not_utf8", byte=f"0x{raw[error.start]:02X}"), _byte_position(raw, error.start), rule="unreadable"
        ) from None
    _check_depth(text)
    try:
        root = yaml.compose(text, Loader=PlanLoader)
    except yaml.YAMLError as error:
        raise _yaml_error(error, text) from None
    if root is None:
        return Source(shown, None, None)
    builder = _Builder(anchor_shape)
    return Source(shown, builder.build(root), root, Anchors(builder.anchors))


def _byte_position(raw: bytes, offset: int) -> Position:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Position(raw.count(b"\n", 0, offset) + 1, column)


def _text_position(text: str, index: int) -> Position:
    line_start = text.rfind("\n", 0, index) + 1
    return Position(text.count("\n", 0, index) + 1, index - line_start + 1)


def _yaml_error(error: yaml.YAMLError, text: str) -> LoadError:
    """PyYAML's complaint as a located message."""
    if isinstance(error, yaml.reader.ReaderError):  # a control character, with its offset
        character = f"U+{error.character:04X}" if isinstance(error.character, int) else repr(error.character)
        index = error.position
        if error.encoding != "unicode":  # libyaml counts bytes of the UTF-8 text
            index = len(text.encode("utf-8")[:index].decode("utf-8", errors="ignore"))
        return LoadError(Message("yaml_control_character", character=character), _text_position(text, index))
    if not isinstance(error, yaml.MarkedYAMLError):
        return LoadError(Message("yaml_syntax", problem=str(error)))
    mark = error.problem_mark or error.context_mark
    position = _at(mark) if mark else None
    if "nesting depth" in (error.problem or ""):
        # libyaml's own limit (PyYAML 6.0.4 and later): said as gecli says it, where gecli's
        # limit is passed.
        return LoadError(Message("yaml_too_deep", limit=MAX_DEPTH), _flow_too_deep(text) or position)
    if mark is not None:
        line = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
        if "\t" in line[: mark.column + 1]:
            return LoadError(Message("yaml_tab"), position)
    problem = " ".join(filter(None, [error.context, error.problem]))
    return LoadError(Message("yaml_syntax", problem=problem), position)


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than a plan needs, before composing.

    Each block level needs a column of indentation (or a "- ") at the start of a line and
    each flow level a bracket, so a real plan is cleared by counting; anything else is
    walked event by event. libyaml may refuse deep flow nesting itself while it looks ahead
    (PyYAML 6.0.4): that error is said as gecli's own.
    """
    brackets = text.count("[") + text.count("{")
    if brackets < FLOW_BRACKETS_CHECKED and not _DEEP_LINE.search("\n" + text):  # the first line too
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    # libyaml marks a nested flow collection one column early: place it by the bracket.
                    place = _flow_too_deep(text) if event.flow_style else None
                    raise LoadError(Message("yaml_too_deep", limit=MAX_DEPTH), place or _at(event.start_mark))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as error:
        raise _yaml_error(error, text) from None


def _flow_too_deep(text: str) -> Position | None:
    """Where flow brackets first nest deeper than MAX_DEPTH, outside quotes and comments; a
    linear scan, used only once libyaml has already refused the nesting."""
    depth, quote, index, length = 0, "", 0, len(text)
    while index < length:
        char = text[index]
        if quote:
            if char == quote:
                if quote == "'" and text.startswith("''", index):
                    index += 1  # '' is an escaped quote
                else:
                    quote = ""
            elif char == "\\" and quote == '"':
                index += 1
        elif char in "'\"" and (index == 0 or text[index - 1] in " \t\n[{,:"):
            quote = char
        elif char == "#" and (index == 0 or text[index - 1] in " \t\n"):
            newline = text.find("\n", index)
            index = length if newline < 0 else newline
            continue
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return _text_position(text, index)
        elif char in "]}":
            depth = max(0, depth - 1)
        index += 1
    return None


class WrittenFloat(float):
    """A float that remembers how it was written: `indicator: 1.10` is not 1.1."""

    __slots__ = ("written",)

    def __new__(cls, value: float, written: str) -> "WrittenFloat":
        number = super().__new__(cls, value)
        number.written = written
        return number

    def __reduce__(self):
        return WrittenFloat, (float(self), self.written)


def _scalar(node: ScalarNode) -> Any:
    tag, value = node.tag, node.value
    if tag == _STR_TAG:
        return value if value.isascii() else unicodedata.normalize("NFC", value)
    if tag == _TIMESTAMP_TAG:
        # The plan model reads dates itself, and says where one is impossible (2025-02-31).
        return value
    if tag in _NUMBER_TAGS and len(value) > MAX_NUMBER_CHARS:
        return value
    constructed = _scalars.construct_object(node)
    if tag == _FLOAT_TAG:
        return WrittenFloat(constructed, value)
    return constructed


class _Builder:
    """Plain data from a node tree: dicts, lists, str (NFC), int, float, bool, None, date.

    On the way it records the positions of the paths an anchor shape names — a mapping of
    keys to sub-shapes, a one-element list for "every item" — which is all that is kept of
    the node tree once a plan has been checked on its own.
    """

    def __init__(self, shape: dict | None = None) -> None:
        self.count = 0
        self.shape = shape
        self.anchors: dict[tuple, tuple[int, int]] = {}

    def build(self, node: Node, depth: int = 0, shape: Any = None, loc: tuple = ()) -> Any:
        if depth == 0:
            shape = self.shape
        if shape is not None:
            self.anchors[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        self.count += 1
        if self.count > MAX_NODES:
            raise LoadError(Message("yaml_too_many_nodes", limit=MAX_NODES), _at(node.start_mark))
        if depth > MAX_DEPTH:  # only reachable through aliases
            raise LoadError(Message("yaml_too_deep", limit=MAX_DEPTH), _at(node.start_mark))
        if isinstance(node, ScalarNode):
            if node.tag not in _SCALAR_TAGS:
                raise LoadError(Message("yaml_tag", tag=_short_tag(node.tag)), _at(node.start_mark))
            return _scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                raise LoadError(Message("yaml_tag", tag=_short_tag(node.tag)), _at(node.start_mark))
            if isinstance(shape, list):
                return [self.build(item, depth + 1, shape[0], (*loc, i)) for i, item in enumerate(node.value)]
            return [self.build(item, depth + 1) for item in node.value]
        if node.tag != _MAP_TAG:
            raise LoadError(Message("yaml_tag", tag=_short_tag(node.tag)), _at(node.start_mark))
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise LoadError(Message("yaml_complex_key"), _at(key_node.start_mark))
            if key_node.tag == _STR_TAG and depth < MAX_DEPTH and self.count < MAX_NODES:
                self.count += 1  # nearly every key, built here rather than by a call (same limits)
                key = key_node.value if key_node.value.isascii() else unicodedata.normalize("NFC", key_node.value)
            elif key_node.tag == "tag:yaml.org,2002:merge":
                raise LoadError(Message("yaml_merge"), _at(key_node.start_mark))
            else:
                key = self.build(key_node, depth + 1)
            if key in result:
                raise LoadError(Message("yaml_duplicate_key", name=key), _at(key_node.start_mark))
            inner = shape.get(key) if isinstance(shape, dict) else None
            result[key] = self.build(value_node, depth + 1, inner, (*loc, key) if inner is not None else ())
        return result
