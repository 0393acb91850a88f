"""Con số không thể có thật.

Báo khi một con số nằm ngoài khoảng hợp lý của chỉ tiêu (danh mục chỉ tiêu ghi khoảng
này cho từng đơn vị): một tỷ lệ phần trăm trên 100, một tỷ số giới tính khi sinh dưới 102
hoặc trên 115 bé trai/100 bé gái, … Mọi con số của chỉ tiêu đều được xét: chỉ tiêu, các
mốc, kết quả năm trước, cột phụ lục và các dòng chi tiết.

**Vì sao.** Con số ngoài khoảng hợp lý thường là lỗi gõ, lỗi đơn vị hoặc hiểu sai chỉ tiêu;
đặt mục tiêu như vậy thì không thể đo, hoặc đo ra một điều khác.

**Ví dụ.** Kế hoạch năm 2025 của phường Nguyễn Trãi đặt tỷ số giới tính khi sinh (4.1) "ở
mức 100 bé trai/100 bé gái", thấp hơn mức tự nhiên khoảng 104-106.

**Cách sửa.** Kiểm tra lại con số và đơn vị; với tỷ số giới tính khi sinh, đặt mức giảm dần
về mức tự nhiên (ví dụ "dưới 108 bé trai/100 bé gái").
"""

from gecli.catalog import indicators, units
from gecli.findings import Severity
from gecli.i18n import Message
from gecli.rules import Problem, Subject
from gecli.rules._common import quantities, targets

SLUG = "implausible-value"
SEVERITY = Severity.ERROR


def check(subject: Subject):
    for base, target in targets(subject.plan):
        indicator = indicators()[target.indicator]
        for loc, quantity in quantities(base, target):
            unit = quantity.unit or indicator.unit
            if quantity.value is None or unit not in indicator.units:
                continue
            low, high = indicator.units[unit]
            if not low <= quantity.value <= high:
                yield Problem(
                    loc,
                    Message(
                        "implausible_value",
                        indicator=target.indicator,
                        value=quantity.with_unit(unit),
                        low=low,
                        high=high,
                        unit=units()[unit].display,
                    ),
                    target.indicator,
                )


# The page in English (`gecli rules SLUG --lang en`, SARIF written with --lang en).
DOC_EN = """\
A figure that cannot be real.

Reported when a figure lies outside its indicator's plausible range (the indicator catalog
gives the range for each unit): a percentage over 100, a sex ratio at birth under 102 or over
115 boys per 100 girls, … Every figure of the indicator is checked: the target, the
milestones, last year's result, the appendix column and the breakdown rows.

**Why.** A figure outside the plausible range is usually a typo, a wrong unit or a misread
indicator; a target set that way cannot be measured, or measures something else.

**Example.** Nguyễn Trãi ward's 2025 plan sets the sex ratio at birth (4.1) "ở mức 100 bé
trai/100 bé gái" (at 100 boys per 100 girls), below the natural level of about 104–106.

**Fix.** Check the figure and its unit; for the sex ratio at birth, set a level coming down
towards the natural level (for instance "dưới 108 bé trai/100 bé gái", under 108 boys per 100
girls).
"""
