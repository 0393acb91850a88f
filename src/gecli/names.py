"""Two spellings of one Vietnamese name, compared as equal: old and new tone placement
("Uỷ"/"Ủy", "hoà"/"hòa"), curly or straight apostrophes, dashes, and the usual abbreviations
("UBND" for "Ủy ban nhân dân"); and a word typed on a keyboard without Vietnamese input
("xa" for "xã")."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache, wraps

# Old and new tone placement ("hoà"/"hòa", "Uỷ"/"Ủy") compare equal. The fold moves the mark
# in every "oà", even where it belongs ("toàn"): it is only ever compared with text folded
# the same way, and it keeps the length, so a match in the folded text is at the same place
# in the original.
_RETONE = {
    vowel + mark: toned + after
    for vowel, after, marks, toneds in (
        ("o", "a", "àáảãạ", "òóỏõọ"),
        ("o", "e", "èéẻẽẹ", "òóỏõọ"),
        ("u", "y", "ỳýỷỹỵ", "ùúủũụ"),
    )
    for mark, toned in zip(marks, toneds)
}
_RETONE |= {old.capitalize(): new.capitalize() for old, new in _RETONE.items()}
_OLD_TONE = re.compile("|".join(_RETONE))
_PUNCTUATION = (("’", "'"), ("‘", "'"), ("–", "-"), ("—", "-"))
ABBREVIATIONS = {"ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân", "mttq": "mặt trận tổ quốc"}


def fold(text: str) -> str:
    """Same length as ``text``: new tone placement, straight apostrophe, hyphen for dashes."""
    text = _OLD_TONE.sub(lambda match: _RETONE[match[0]], text)
    for mark, plain in _PUNCTUATION:  # str.replace: many times faster than str.translate
        if mark in text:
            text = text.replace(mark, plain)
    return text


REMEMBERED = 2_000  # characters: shorter texts are remembered, plans copy their parents'


def remembered(function):
    """``function`` of some texts, worked out once for each texts of at most REMEMBERED
    characters (and again for longer ones): a tree's plans copy their parent's sentences
    and names, so most texts recur."""
    cached = lru_cache(maxsize=8192)(function)

    @wraps(function)
    def call(*texts):
        for text in texts:
            if text is not None and len(text) > REMEMBERED:
                return function(*texts)
        return cached(*texts)

    return call


@remembered
def comparable_words(text: str) -> str:
    """Lower case, new tone placement, straight dashes, single spaces: how the checks that
    read sentences compare words."""
    return " ".join(fold(text).lower().split())


@remembered
def name_key(name: str) -> str:
    """How two spellings of one agency name compare equal."""
    text = re.sub(r"\s+", " ", fold(unicodedata.normalize("NFC", name)).lower()).strip(" :;.")
    return re.sub(r"\b(" + "|".join(ABBREVIATIONS) + r")\b", lambda m: ABBREVIATIONS[m[1]], text)


_PEOPLES_COMMITTEE = re.compile(r"(?:Ủy|Uỷ|UỶ|ỦY) ban nhân dân\s+(.+)", re.IGNORECASE)


def committee_locality(issuer: str) -> str | None:
    """ "Ủy ban nhân dân tỉnh Kon Tum" -> "tỉnh Kon Tum"; None for any other body."""
    match = _PEOPLES_COMMITTEE.fullmatch(issuer.strip())
    return match.group(1) if match else None


_SEPARATORS = re.compile(r"[\s_-]+")


def plain_key(text: str) -> str:
    """How a word typed without Vietnamese input compares: no tone or vowel marks, "đ" as
    "d", any case, hyphens and underscores as spaces ("Quoc-gia" is "quốc gia"). Only for
    a closed list of words (levels, the values of a field), where no two differ by marks alone."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(character for character in text if not unicodedata.combining(character))
    return " ".join(_SEPARATORS.split(text.casefold())).strip()
