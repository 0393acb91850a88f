"""The fastest safe YAML loading available (libyaml's parser when PyYAML was built with it),
reading plain scalars the way YAML 1.2 and editors do."""

import re

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
    """Load one of the YAML data files shipped in ``gecli/data``."""
    from importlib.resources import files

    text = files("gecli").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=SafeLoader)
