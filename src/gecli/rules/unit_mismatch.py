"""Đơn vị không hợp với chỉ tiêu.

Báo khi một con số được ghi bằng đơn vị mà chỉ tiêu không dùng: phần trăm cho tỷ lệ tử vong
bà mẹ (đơn vị là /100.000 trẻ đẻ sống), "lần" cho một tỷ lệ phần trăm, … Các đơn vị dùng
được của mỗi chỉ tiêu ghi trong danh mục chỉ tiêu.

**Vì sao.** Con số sai đơn vị không so sánh được với cấp trên, không cộng dồn được, và
thường cho thấy người soạn hiểu sai chỉ tiêu.

**Ví dụ.** Kế hoạch năm 2025 của phường Nguyễn Trãi ghi tỷ lệ tử vong bà mẹ liên quan đến
thai sản (4.2) là "0%".

**Cách sửa.** Viết con số bằng đơn vị của chỉ tiêu, ví dụ "dưới 31,7/100.000 trẻ đẻ sống".
"""

from gecli.catalog import indicators, units
from gecli.findings import Severity
from gecli.i18n import Message
from gecli.rules import Problem, Subject
from gecli.rules._common import quantities, targets

SLUG = "unit-mismatch"
SEVERITY = Severity.ERROR


def check(subject: Subject):
    for base, target in targets(subject.plan):
        indicator = indicators()[target.indicator]
        families = {units()[u].family for u in indicator.units}
        for loc, quantity in quantities(base, target):
            if quantity.unit is not None and units()[quantity.unit].family not in families:
                yield Problem(
                    loc,
                    Message(
                        "unit_mismatch",
                        indicator=target.indicator,
                        wording=quantity.raw or quantity,
                        unit=units()[quantity.unit].display,
                        expected=[units()[u].display for u in indicator.units],
                    ),
                    target.indicator,
                )


# The page in English (`gecli rules SLUG --lang en`, SARIF written with --lang en).
DOC_EN = """\
A unit that does not fit the indicator.

Reported when a figure is written in a unit the indicator does not use: a percentage for
maternal mortality (whose unit is per 100,000 live births), "lần" (times) for a percentage,
… The units each indicator accepts are in the indicator catalog.

**Why.** A figure in the wrong unit cannot be compared with the level above or added up, and
usually shows that the indicator was misunderstood.

**Example.** Nguyễn Trãi ward's 2025 plan gives pregnancy-related maternal mortality (4.2) as
"0%".

**Fix.** Write the figure in the indicator's unit, for instance "dưới 31,7/100.000 trẻ đẻ
sống" (under 31.7 per 100,000 live births).
"""
