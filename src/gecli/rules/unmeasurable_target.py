"""Chỉ tiêu không có con số đo được.

Báo khi một chỉ tiêu có câu chữ nhưng không có con số để đo (không có `target` hay mốc nào),
hoặc chỉ nói "giảm"/"tăng" một lượng mà không nói tới mức nào (ví dụ "giảm 00‰"). Chỉ tiêu
loại đạt/không đạt (như 5.1) được viết "hoàn thành", "đạt", hay chỉ nêu đúng nội dung chỉ tiêu
(không kèm con số), là đo được: câu đó chính là chỉ tiêu.

**Vì sao.** Cuối năm, một chỉ tiêu không có con số thì không thể nói là đạt hay không đạt,
và không tổng hợp được lên cấp trên.

**Ví dụ.** Kế hoạch năm 2025 của phường Nguyễn Trãi ghi tỷ suất sinh ở vị thành niên (4.3)
"giảm 00‰"; kế hoạch 2021-2025 của huyện Thanh Liêm ghi chỉ tiêu 6.4 "Đài truyền thanh
huyện duy trì, có chuyên mục về bình đằng giới".

**Cách sửa.** Ghi mức cần đạt với đơn vị của chỉ tiêu, ví dụ "giảm xuống dưới 18 ca
sinh/1.000 phụ nữ" hoặc "100% đài có chuyên mục hằng tháng".
"""

from gecli.catalog import indicators
from gecli.findings import Severity
from gecli.i18n import Message
from gecli.rules import Problem, Subject
from gecli.rules._common import targets

SLUG = "unmeasurable-target"
SEVERITY = Severity.WARNING


def check(subject: Subject):
    for base, target in targets(subject.plan):
        quantity = target.stated()
        if quantity is None and not target.milestones:
            yield Problem(
                base,
                Message("no_figure", indicator=target.indicator, name=indicators()[target.indicator].name, text=target.text or "—"),
                target.indicator,
            )
        elif quantity is not None and quantity.change is not None:
            yield Problem(
                (*base, "target"),
                Message("change_without_level", indicator=target.indicator, wording=quantity.raw or quantity),
                target.indicator,
            )


# The page in English (`gecli rules SLUG --lang en`, SARIF written with --lang en).
DOC_EN = """\
A target with no figure to measure it.

Reported when a target has words but no figure to measure it by (no `target` and no
milestone), or only says "giảm"/"tăng" (decrease/increase) by an amount without saying to
what level (for instance "giảm 00‰"). A yes/no indicator (such as 5.1) written as "hoàn
thành" (completed), "đạt" (achieved), or just stating the indicator (with no figure) is
measurable: the sentence is the target.

**Why.** At the end of the year, a target without a figure cannot be said to be met or not,
and cannot be compiled at the level above.

**Example.** Nguyễn Trãi ward's 2025 plan gives the adolescent birth rate (4.3) as "giảm
00‰"; Thanh Liêm district's 2021–2025 plan gives indicator 6.4 as "Đài truyền thanh huyện duy
trì, có chuyên mục về bình đằng giới" (the district radio keeps a programme on gender
equality).

**Fix.** State the level to reach in the indicator's unit, for instance "giảm xuống dưới 18 ca
sinh/1.000 phụ nữ" (down to under 18 births per 1,000 women) or "100% đài có chuyên mục hằng
tháng" (every station with a monthly programme).
"""
