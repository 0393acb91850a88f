"""Số thứ tự bị nhảy hoặc lặp.

Báo khi các phần lớn (I, II, III, …), các mục tiêu, các nhóm nhiệm vụ hoặc các mục trong
phần tổ chức thực hiện được đánh số không liền nhau: thiếu một số, lặp một số. Chữ cái theo
bảng chữ cái tiếng Việt của Nghị định 30/2020/NĐ-CP: a), b), c), d), đ), e), g), h), …

**Vì sao.** Số thứ tự nhảy thường cho thấy một phần đã bị xóa khi chép từ văn bản khác
(và các chỗ dẫn chiếu "tại Mục III" trỏ sai); văn thư sẽ trả lại văn bản.

**Ví dụ.** Dự thảo kế hoạch 2021-2025 của huyện Thanh Liêm đánh số các phần I, II, IV, V:
không có phần III.

**Cách sửa.** Đánh số lại cho liền nhau, hoặc bổ sung phần bị thiếu.
"""

import re
from functools import lru_cache

from gecli.findings import Severity
from gecli.i18n import Message
from gecli.rules import Problem, Subject

SLUG = "numbering-gap"
SEVERITY = Severity.WARNING

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()


def check(subject: Subject):
    plan = subject.plan
    lists = [
        ("sections", [s.number for s in plan.sections], "section"),
        ("objectives", [o.number for o in plan.objectives], "objective"),
        ("tasks", [t.number for t in plan.tasks], "task"),
        ("organisation", [a.number for a in plan.organisation], "assignment"),
    ]
    for field, numbers, kind in lists:
        previous = None
        for index, written in enumerate(numbers):
            rank = _rank(written)
            if rank is None:
                continue
            if previous is not None and rank != previous[1] + 1:
                yield Problem(
                    (field, index, "number"),
                    Message(
                        "numbering_repeat" if rank <= previous[1] else "numbering_gap",
                        kind=Message(f"numbered_{kind}"),
                        previous=previous[0],
                        current=written,
                    ),
                )
            previous = (written, rank)


@lru_cache(maxsize=256)
def _rank(written: str | None) -> int | None:
    """1 for "I", "1.", "a)"; None when the item is not numbered."""
    if not written:
        return None
    token = re.sub(r"[.)\s]", "", written)
    if token.isdigit():
        return int(token)
    if token.upper() and all(ch in _ROMAN for ch in token.upper()) and token.isupper():
        values = [_ROMAN[ch] for ch in token]
        return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    if token.lower() in _LETTERS:
        return _LETTERS.index(token.lower()) + 1
    return None
