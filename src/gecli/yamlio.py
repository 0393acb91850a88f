"""The fastest safe YAML loader available (libyaml's when PyYAML was built with it)."""

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_data_file(name: str):
    """Load one of the YAML data files shipped in ``gecli/data``."""
    from importlib.resources import files

    text = files("gecli").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=SafeLoader)
