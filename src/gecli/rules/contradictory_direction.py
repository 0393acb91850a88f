"""Nói giảm mà con số tăng, nói tăng mà con số giảm.

Báo khi một chỉ tiêu viết "giảm từ A xuống B" với B lớn hơn A, hoặc "tăng từ A lên B" với
B nhỏ hơn A — trong phần nội dung, trong các mốc, hay trong lời của dòng phụ lục.

**Vì sao.** Câu tự mâu thuẫn: không thể vừa giảm vừa lên một con số cao hơn. Thường là
lỗi chép số từ năm trước hoặc từ cột khác.

**Ví dụ.** Phụ lục Kế hoạch 956/KH-UBND của tỉnh Kon Tum ghi chỉ tiêu 4.3 "Tỷ suất sinh ở
vị thành niên giảm từ 55 ca sinh/1.000 phụ nữ xuống 56,3/1.000".

**Cách sửa.** Kiểm tra lại hai con số (mức xuất phát thường là kết quả năm trước) và viết
lại câu cho đúng chiều.
"""

from gecli.findings import Severity
from gecli.i18n import Message
from gecli.quantity import Comparator
from gecli.rules import Problem, Subject
from gecli.rules._common import row_quantity, targets, without_marks

SLUG = "contradictory-direction"
SEVERITY = Severity.ERROR

_DOWN = {Comparator.AT_MOST, Comparator.LESS_THAN}
_UP = {Comparator.AT_LEAST, Comparator.MORE_THAN}


def check(subject: Subject):
    for base, target in targets(subject.plan):
        written = [((*base, "target"), target.target)]
        written += [((*base, "milestones", i, "target"), m.target) for i, m in enumerate(target.milestones)]
        if target.appendix is not None:
            written.append(((*base, "appendix", "text"), row_quantity(without_marks(subject.plan, target.appendix.text))))
        for loc, quantity in written:
            if quantity is None or quantity.baseline is None or quantity.value is None:
                continue
            falls = quantity.comparator in _DOWN and quantity.value > quantity.baseline
            rises = quantity.comparator in _UP and quantity.value < quantity.baseline
            if falls or rises:
                yield Problem(
                    loc,
                    Message(
                        "decrease_to_higher" if falls else "increase_to_lower",
                        indicator=target.indicator,
                        wording=quantity.raw,
                        start=quantity.baseline,
                        end=quantity.value,
                    ),
                    target.indicator,
                )


# The page in English (`gecli rules SLUG --lang en`, SARIF written with --lang en).
DOC_EN = """\
Says "decrease" while the figure rises, or "increase" while it falls.

Reported when a target reads "giảm từ A xuống B" (decrease from A to B) with B greater than
A, or "tăng từ A lên B" (increase from A to B) with B smaller than A — in the body, in the
milestones, or in the words of an appendix row.

**Why.** The sentence contradicts itself: nothing decreases to a higher figure. It is usually
a figure copied from the previous year or from another column.

**Example.** The appendix of Kon Tum province's Plan 956/KH-UBND gives indicator 4.3 as "Tỷ
suất sinh ở vị thành niên giảm từ 55 ca sinh/1.000 phụ nữ xuống 56,3/1.000" (the adolescent
birth rate to decrease from 55 births per 1,000 women to 56.3 per 1,000).

**Fix.** Check both figures (the starting level is usually last year's result) and rewrite
the sentence in the right direction.
"""
