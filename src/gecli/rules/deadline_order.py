"""Hạn báo cáo của cấp dưới không sớm hơn hạn phải báo cáo cấp trên.

Báo khi kế hoạch yêu cầu các đơn vị của mình báo cáo vào đúng ngày (hoặc sau ngày) mà chính
địa phương phải báo cáo lên cấp trên, theo kế hoạch cấp trên. Hạn lặp lại hằng năm được so
theo ngày và tháng.

**Vì sao.** Cơ quan tổng hợp cần thời gian để nhận, tổng hợp và trình ký báo cáo của mình;
nhận báo cáo cùng ngày phải gửi đi thì chắc chắn trễ hạn.

**Ví dụ.** Kế hoạch năm 2025 của huyện Ia H'Drai yêu cầu các đơn vị báo cáo Phòng Nội vụ
trước ngày 15/12/2025, đúng hạn mà Kế hoạch 956/KH-UBND của tỉnh Kon Tum yêu cầu các địa
phương báo cáo Sở Nội vụ.

**Cách sửa.** Đặt hạn cho các đơn vị sớm hơn hạn của cấp trên, đủ thời gian tổng hợp (ví dụ
trước ngày 05/12/2025).
"""

from gecli.findings import Severity
from gecli.i18n import Message
from gecli.rules import Problem, Subject

SLUG = "deadline-order"
SEVERITY = Severity.ERROR
NEEDS_PARENT = True


def check(subject: Subject):
    if subject.parent is None or not subject.parent.plan.reporting or not subject.plan.reporting:
        return
    year = subject.year
    parent_index, parent_deadline = min(enumerate(subject.parent.plan.reporting), key=lambda pair: pair[1].due(year))
    for index, deadline in enumerate(subject.plan.reporting):
        if deadline.due(year) >= parent_deadline.due(year):
            yield Problem(
                ("reporting", index, "by"),
                Message(
                    "deadline_not_earlier",
                    child=subject.checked.label(),
                    date=str(deadline.by),
                    to=deadline.to,
                    parent=subject.parent.label(),
                    parent_date=str(parent_deadline.by),
                    parent_to=parent_deadline.to,
                    parent_place=subject.parent.place(("reporting", parent_index, "by")),
                    via=subject.via(),
                ),
            )
