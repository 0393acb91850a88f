"""Chỉ tiêu kém hơn mức cấp trên đặt ra.

Báo khi chỉ tiêu của kế hoạch cấp dưới kém tham vọng hơn chỉ tiêu của kế hoạch cấp trên
cho cùng một chỉ tiêu quốc gia: thấp hơn với chỉ tiêu càng cao càng tốt, cao hơn với chỉ
tiêu càng thấp càng tốt. Ở cùng một con số, cách nói chặt hơn thì mạnh hơn: "trên 90%"
mạnh hơn "đạt 90%". Hai chỉ tiêu khác đơn vị thì không so sánh. Mức của cấp trên là mốc
cho năm của kế hoạch cấp dưới (hoặc mốc gần nhất trước đó). Khi văn bản cấp trên được
trích dẫn không có tệp, so sánh với cấp gần nhất có tệp và nói rõ điều đó.

**Vì sao.** Kế hoạch cấp dưới được chép từ kế hoạch cấp trên rồi sửa số. Một con số bị
hạ xuống khi chép lại làm cả địa phương "đạt" kế hoạch của mình mà vẫn không đạt mục tiêu
của tỉnh, của quốc gia.

**Ví dụ.** Kế hoạch năm 2025 của huyện Ia H'Drai đặt chỉ tiêu 1.1 (cơ quan có lãnh đạo
chủ chốt là nữ) "có 30%", trong khi Kế hoạch 956/KH-UBND của tỉnh Kon Tum đặt "có 60%".

**Cách sửa.** Đặt chỉ tiêu ít nhất bằng mức cấp trên. Nếu địa phương có căn cứ để đặt
thấp hơn, ghi lý do vào `waivers` của chỉ tiêu: `{rule: weaker-than-parent, reason: "…"}`.
Khi cấp trên chưa có con số cho chỉ tiêu (giá trị chưa được xác nhận), quy tắc chỉ ghi chú.
"""

from gecli.catalog import indicators
from gecli.compare import Stated, Verdict, compare
from gecli.findings import Severity
from gecli.i18n import Message
from gecli.rules import Problem, Subject

SLUG = "weaker-than-parent"
SEVERITY = Severity.ERROR
NEEDS_PARENT = True


def check(subject: Subject):
    if subject.parent is None:
        return
    parent = subject.parent
    parent_figures = parent.figures(subject.year)
    for indicator_id, child in subject.checked.figures(subject.year).items():
        above = parent_figures.get(indicator_id)
        if above is None or child.quantity is None:
            continue
        indicator = indicators()[indicator_id]
        if above.quantity is None:
            yield Problem(
                child.loc,
                Message("parent_has_no_figure", parent=parent.label(), indicator=indicator_id, place=parent.place(above.loc)),
                indicator_id,
                Severity.NOTE,
            )
            continue
        result = compare(above.quantity, child.quantity, indicator)
        if result.verdict is Verdict.WEAKER:
            yield Problem(
                child.loc,
                Message(
                    "weaker_than_parent",
                    child=subject.checked.label(),
                    indicator=indicator_id,
                    child_target=Stated(child.quantity, indicator),
                    parent=parent.label(),
                    parent_target=Stated(above.quantity, indicator),
                    parent_place=parent.place(above.loc),
                    wording=above.quantity.raw or Stated(above.quantity, indicator),
                    via=subject.via,
                ),
                indicator_id,
            )


# The page in English (`gecli rules SLUG --lang en`, SARIF written with --lang en).
DOC_EN = """\
A target weaker than the parent plan's.

Reported when a child plan's target is less ambitious than the parent plan's target for the
same national indicator: lower for an indicator where higher is better, higher for one where
lower is better. At the same figure, the stricter wording is stronger: "trên 90%" (over 90%)
is stronger than "đạt 90%" (reach 90%). Targets in different units are not compared. The
parent's level is its milestone for the child plan's year (or the latest milestone before
it). When the cited parent document has no file, the comparison is with the nearest level
that has one, and the message says so.

**Why.** A child plan is copied from its parent and its figures edited. A figure lowered in
the copy lets the whole locality "meet" its own plan while missing the province's and the
nation's targets.

**Example.** Ia H'Drai district's 2025 plan sets indicator 1.1 (agencies with a woman in a
key leadership post) at "có 30%" (30%), while Kon Tum province's Plan 956/KH-UBND sets "có
60%".

**Fix.** Set the target at least at the parent's level. When the locality has grounds to set
it lower, record the reason in the target's `waivers`:
`{rule: weaker-than-parent, reason: "…"}`. When the parent has no figure for the indicator
yet (a value not confirmed), the rule only notes it.
"""
