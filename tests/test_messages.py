"""Every message gecli can say, in both languages."""

from __future__ import annotations

from string import Formatter

import pytest

from gecli.i18n import LANGUAGES, catalog, render


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(catalog()))
def test_every_message_says_the_same_in_both_languages_and_renders(key):
    entry = catalog()[key]
    assert set(LANGUAGES) <= set(entry), f"{key}: {sorted(entry)}"
    names = _fields(entry["vi"])
    assert _fields(entry["en"]) == names, key  # the same figures and places in each language
    for lang in LANGUAGES:
        assert render(key, lang, {name: "X" for name in names}).strip()
