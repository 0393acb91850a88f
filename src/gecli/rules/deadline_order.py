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
from gecli.model import PartialDate
from gecli.rules import Problem, Subject

SLUG = "deadline-order"
SEVERITY = Severity.ERROR
NEEDS_PARENT = True


def check(subject: Subject):
    if subject.parent is None or not subject.parent.plan.reporting or not subject.plan.reporting:
        return
    parent_plan = subject.parent.plan
    parent_index, parent_deadline = min(enumerate(parent_plan.reporting), key=lambda pair: _key(pair[1].by))
    for index, deadline in enumerate(subject.plan.reporting):
        if not _earlier(deadline.by, parent_deadline.by):
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


def _key(date: PartialDate) -> tuple[int, int, int]:
    """A blank month or day counts as the latest it could be."""
    return (date.year or 0, date.month or 12, date.day or 31)


def _earlier(child: PartialDate, parent: PartialDate) -> bool:
    """Strictly earlier; a yearly deadline (no year) is compared by day and month."""
    if child.year and parent.year and child.year != parent.year:
        return child.year < parent.year
    return _key(child)[1:] < _key(parent)[1:]
