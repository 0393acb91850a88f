"""The fastest safe YAML loading available (libyaml's parser when PyYAML was built with it),
reading plain scalars the way YAML 1.2 and editors do."""

import contextlib
import json
import os
import re
import stat
import zlib
from pathlib import Path

import yaml
from yaml.nodes import ScalarNode

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"

# YAML 1.2's core schema, as yaml-language-server reads a plan: "yes", "on" and "2025-03-24"
# are text, "012" is not an octal 10. gecli and the editor then agree on every value; the
# plan model reads dates from text itself. A number with a leading zero ("Số: 05") is a
# label, kept as written.
_CORE = [
    ("tag:yaml.org,2002:null", r"~|null|Null|NULL|", "~nN"),
    ("tag:yaml.org,2002:bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("tag:yaml.org,2002:int", r"[-+]?(?:0|[1-9][0-9]*)|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        "-+.0123456789",
    ),
]


def _by_first_character() -> dict[str, list[tuple[str, re.Pattern]]]:
    table: dict[str, list[tuple[str, re.Pattern]]] = {}
    for tag, pattern, firsts in _CORE:
        compiled = re.compile(rf"(?:{pattern})\Z")
        for first in firsts:
            table.setdefault(first, []).append((tag, compiled))
    return table


class PlanLoader(SafeLoader):
    """The safe loader with YAML 1.2's core tag resolution. The parser asks it about every
    node, so this is on the hot path: plan files use no path resolvers, and most scalars
    are text, decided by their first character."""

    _by_first_char = _by_first_character()

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            if implicit[0]:
                for tag, pattern in self._by_first_char.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
                if value == "":
                    return "tag:yaml.org,2002:null"
            return _STR
        return super().resolve(kind, value, implicit)


def load_data_file(name: str):
    """Load one of the YAML data files shipped in ``gecli/data``.

    Parsing them all costs a one-file check a tenth of its time, so each is kept once
    parsed as JSON in the user's cache, under its size and checksum: an edited or upgraded
    file is a new entry, and a cache that is absent, unwritable or damaged only means
    parsing the YAML again."""
    from importlib.resources import files

    raw = files("gecli").joinpath("data", name).read_bytes()
    cached = _cache_path(name, raw)
    if cached is not None:
        try:
            return _read_regular(cached)
        except (OSError, ValueError):
            pass
    data = yaml.load(raw.decode("utf-8"), Loader=SafeLoader)
    if cached is not None:
        _keep(cached, name, data)
    return data


def _cache_path(name: str, raw: bytes) -> Path | None:
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(root):  # "~" unresolvable, or a relative setting: no cache
        return None
    # Size and CRC tell the shipped versions of a file apart (hashlib's import alone would
    # cost more than the check saves).
    return Path(root, "gecli", f"{name}.{len(raw)}-{zlib.crc32(raw):08x}.json")


def _read_regular(path: Path):
    # Opened without blocking and read only if a regular file: a FIFO put there cannot hang gecli.
    with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise ValueError("not a regular file")
        return json.loads(stream.read())


def _keep(path: Path, name: str, data) -> None:
    try:
        text = json.dumps(data, ensure_ascii=False)
    except TypeError:  # a date, say
        return
    if json.loads(text) != data:  # numbers as keys: JSON would make them text
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
        for older in path.parent.glob(f"{name}.*.json"):  # other versions' copies
            if older != path:
                older.unlink()
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
