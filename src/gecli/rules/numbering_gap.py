"""Số thứ tự bị nhảy hoặc lặp.

Báo khi các phần lớn (I, II, III, …) hoặc các mục con trong cùng một mục được đánh số không
liền nhau: thiếu một số, lặp một số. Mỗi danh sách mục con được xét riêng, theo một kiểu đánh
số (1., 2.; a), b)): "2." sau điểm "l)" của khoản 1 không phải là nhảy số. Chữ cái theo bảng
chữ cái tiếng Việt của Nghị định 30/2020/NĐ-CP: a), b), c), d), đ), e), g), h), …

**Vì sao.** Số thứ tự nhảy thường cho thấy một phần đã bị xóa khi chép từ văn bản khác
(và các chỗ dẫn chiếu "tại Mục III" trỏ sai); văn thư sẽ trả lại văn bản.

**Ví dụ.** Dự thảo kế hoạch 2021-2025 của huyện Thanh Liêm đánh số các phần I, II, IV, V:
không có phần III.

**Cách sửa.** Đánh số lại cho liền nhau, hoặc bổ sung phần bị thiếu.
"""

import re
from functools import lru_cache

from gecli.findings import Severity
from gecli.i18n import Message, excerpt
from gecli.rules import Problem, Subject

SLUG = "numbering-gap"
SEVERITY = Severity.WARNING

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()


def check(subject: Subject):
    plan = subject.plan
    yield from _siblings(("sections",), plan.sections)
    for loc, item, _ in plan.walk():
        if item.items:
            yield from _siblings((*loc, "items"), item.items, item)


def _siblings(base: tuple, items, owner=None):
    """Items of one list (``owner``'s, or the sections) numbered in one style (I, II; 1., 2.;
    a), b)) must follow on; a change of style ("2." after "l)") starts a new run, and bullets
    are not numbers."""
    previous = None
    for index, item in enumerate(items):
        ranked = _rank(item.number)
        if ranked is None:
            continue
        style, rank = ranked
        if previous is not None and previous[1] == style and rank != previous[2] + 1:
            kind = Message("numbered_section") if owner is None else Message("numbered_item", parent=excerpt(owner.heading, 50))
            yield Problem(
                (*base, index, "number"),
                Message(
                    "numbering_repeat" if rank <= previous[2] else "numbering_gap",
                    kind=kind,
                    previous=previous[0],
                    current=item.number,
                ),
            )
        previous = (item.number, style, rank)


@lru_cache(maxsize=256)
def _rank(written: str | None) -> tuple[str, int] | None:
    """("roman", 1) for "I", ("arabic", 1) for "1.", ("letter", 1) for "a)"; None for a
    bullet or no number."""
    if not written:
        return None
    token = re.sub(r"[.)\s]", "", written)
    if len(token) > 6:  # no list runs to a million items
        return None
    if token.isdigit():
        return "arabic", int(token)
    if token and token.isupper() and all(ch in _ROMAN for ch in token):
        values = [_ROMAN[ch] for ch in token]
        return "roman", sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    if token.lower() in _LETTERS:
        return "letter", _LETTERS.index(token.lower()) + 1
    return None


# The page in English (`gecli rules SLUG --lang en`, SARIF written with --lang en).
DOC_EN = """\
Numbering skips or repeats.

Reported when the parts (I, II, III, …) or the sub-items of one item are not numbered in
sequence: a number is missing or repeated. Each list of sub-items is checked on its own, by
numbering style (1., 2.; a), b)): "2." after point "l)" of clause 1 is not a skip. Letters
follow the Vietnamese alphabet of Decree 30/2020/NĐ-CP: a), b), c), d), đ), e), g), h), …

**Why.** A skipped number usually shows that a part was deleted when copying from another
document (and cross-references such as "tại Mục III" point wrong); the clerk will send the
document back.

**Example.** Thanh Liêm district's 2021–2025 draft plan numbers its parts I, II, IV, V: there
is no part III.

**Fix.** Renumber in sequence, or add the missing part.
"""
