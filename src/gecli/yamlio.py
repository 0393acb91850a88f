"""The fastest safe YAML loading available (libyaml's parser when PyYAML was built with it)."""

import yaml
from yaml.nodes import ScalarNode

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"


class PlanLoader(SafeLoader):
    """The safe loader with a quicker tag resolver. The parser asks it about every node, so
    this is on the hot path: plan files use no path resolvers, and most scalars are text."""

    _by_first_char: dict[str, list] = {}

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
            return _STR
        return super().resolve(kind, value, implicit)


# The implicit resolvers that can match a scalar, by its first character (as Resolver.resolve does).
PlanLoader._by_first_char = {
    first: resolvers + SafeLoader.yaml_implicit_resolvers.get(None, [])
    for first, resolvers in SafeLoader.yaml_implicit_resolvers.items()
    if first is not None
}


def load_data_file(name: str):
    """Load one of the YAML data files shipped in ``gecli/data``."""
    from importlib.resources import files

    text = files("gecli").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=SafeLoader)
