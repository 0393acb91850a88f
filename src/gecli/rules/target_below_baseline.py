"""Chỉ tiêu cho phép làm kém hơn kết quả đã đạt.

Báo khi chỉ tiêu năm kế hoạch kém hơn kết quả đã báo cáo trước đó (cột "Kết quả thực hiện
năm trước" của phụ lục, trường `baseline`), theo chiều tốt lên của chỉ tiêu: thấp hơn kết
quả với chỉ tiêu càng cao càng tốt, cao hơn kết quả với chỉ tiêu càng thấp càng tốt. Các
dòng chi tiết (`breakdown`) được so từng dòng.

**Vì sao.** Một chỉ tiêu thấp hơn kết quả đã đạt thì "hoàn thành" ngay cả khi tình hình
xấu đi.

**Ví dụ.** Kế hoạch 956/KH-UBND của tỉnh Kon Tum đặt tỷ lệ tử vong bà mẹ (4.2) "dưới
31,7/100.000" trong khi năm 2024 đã đạt 31,6/100.000.

**Cách sửa.** Đặt chỉ tiêu ít nhất bằng kết quả đã đạt (ví dụ "dưới 31,6/100.000"), hoặc
ghi lý do vào `waivers` nếu có căn cứ để chấp nhận mức kém hơn.
"""

from gecli.catalog import Direction, indicators, units
from gecli.findings import Severity
from gecli.i18n import Message
from gecli.rules import Problem, Subject
from gecli.rules._common import targets

SLUG = "target-below-baseline"
SEVERITY = Severity.WARNING


def check(subject: Subject):
    for base, target in targets(subject.plan):
        indicator = indicators()[target.indicator]
        pairs = []
        if target.baseline is not None:
            planned = target.target or (target.appendix.target if target.appendix else None)
            loc = (*base, "target") if target.target else (*base, "appendix", "target")
            pairs.append((loc, target.baseline.value, planned, target.baseline.year))
        for ri, row in enumerate(target.breakdown):
            pairs.append(((*base, "breakdown", ri, "target"), row.result, row.target, None))
        for loc, result, planned, year in pairs:
            if result is None or planned is None or None in (result.value, planned.value):
                continue
            unit_of = lambda q: units()[q.unit or indicator.unit].family  # noqa: E731
            if unit_of(result) != unit_of(planned):
                continue
            worse = planned.value > result.value if indicator.direction is Direction.LOWER else planned.value < result.value
            if worse:
                yield Problem(
                    loc,
                    Message(
                        "target_below_baseline",
                        indicator=target.indicator,
                        target=planned.with_unit(indicator.unit),
                        result=result.with_unit(indicator.unit),
                        year=year or "trước",
                    ),
                    target.indicator,
                )


# The page in English (`gecli rules SLUG --lang en`, SARIF written with --lang en).
DOC_EN = """\
A target that allows doing worse than what was already achieved.

Reported when the plan year's target is worse than the result reported before (the
appendix's "Kết quả thực hiện năm trước" column — last year's result — or the `baseline`
field), in the indicator's better direction: lower than the result for an indicator where
higher is better, higher for one where lower is better. Breakdown rows (`breakdown`) are
compared row by row.

**Why.** A target below what was already achieved is "met" even when things get worse.

**Example.** Kon Tum province's Plan 956/KH-UBND sets maternal mortality (4.2) "dưới
31,7/100.000" (under 31.7 per 100,000) while 2024 already reached 31.6 per 100,000.

**Fix.** Set the target at least at the result achieved (for instance "dưới 31,6/100.000"),
or record the reason in `waivers` when there are grounds to accept a worse level.
"""
