"""Tỷ lệ không khớp với phân số đi kèm.

Báo khi một tỷ lệ được ghi kèm phân số, như "55% (11/20 cơ quan)", mà phép chia không ra
tỷ lệ đó, sau khi làm tròn theo số chữ số thập phân đã ghi (46,5% khớp với 59/127 = 46,46…).

**Vì sao.** Phân số là số liệu gốc; tỷ lệ ghi sai thì tổng hợp lên cấp trên sai theo.

**Ví dụ.** "48,8% (62/127 đơn vị)" trong phụ lục Kế hoạch 956/KH-UBND của tỉnh Kon Tum là
đúng (62/127 = 48,82%); nếu ghi "58,8% (62/127 đơn vị)" thì quy tắc báo lỗi.

**Cách sửa.** Tính lại tỷ lệ từ phân số (tử số/mẫu số × 100) và làm tròn.
"""

from decimal import Decimal

from gecli.findings import Severity
from gecli.i18n import Message
from gecli.rules import Problem, Subject
from gecli.rules._common import quantities, targets

SLUG = "fraction-mismatch"
SEVERITY = Severity.ERROR


def check(subject: Subject):
    for base, target in targets(subject.plan):
        for loc, quantity in quantities(base, target):
            fraction = quantity.fraction
            if fraction is None or quantity.value is None or quantity.unit not in (None, "percent"):
                continue
            exact = Decimal(fraction.numerator) * 100 / Decimal(fraction.denominator)
            decimals = max(0, -quantity.value.as_tuple().exponent)
            if abs(quantity.value - exact) > Decimal(5) / Decimal(10) ** (decimals + 1):
                yield Problem(
                    loc,
                    Message(
                        "fraction_mismatch",
                        indicator=target.indicator,
                        value=quantity.with_unit("percent"),
                        numerator=fraction.numerator,
                        denominator=fraction.denominator,
                        exact=round(exact, 2),
                    ),
                    target.indicator,
                )


# The page in English (`gecli rules SLUG --lang en`, SARIF written with --lang en).
DOC_EN = """\
A percentage does not match the fraction beside it.

Reported when a percentage is written with a fraction, as in "55% (11/20 cơ quan)" (55%, 11
of 20 agencies), and the division does not give that percentage once rounded to the decimals
written (46,5% matches 59/127 = 46.46…).

**Why.** The fraction is the source data; a wrong percentage is carried into the totals of
the level above.

**Example.** "48,8% (62/127 đơn vị)" in the appendix of Kon Tum province's Plan 956/KH-UBND
is right (62/127 = 48.82%); had it said "58,8% (62/127 đơn vị)", the rule would report an
error.

**Fix.** Compute the percentage again from the fraction (numerator / denominator × 100) and
round it.
"""
