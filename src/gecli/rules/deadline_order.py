"""Hạn báo cáo không để đủ thời gian tổng hợp, hoặc không rõ ngày.

Báo khi:

- kế hoạch yêu cầu các đơn vị của mình báo cáo vào đúng ngày (hoặc sau ngày) mà chính địa
  phương phải báo cáo lên cấp trên — theo kế hoạch cấp trên, hoặc theo hạn mà chính kế hoạch
  đặt cho cơ quan ban hành (hạn báo cáo gửi cơ quan cấp trên, hay gửi cơ quan ban hành văn bản
  được thực hiện);
- không biết hạn của chính địa phương mà các đơn vị được yêu cầu báo cáo vào 30/12 hoặc
  31/12: báo cáo năm của địa phương cũng phải gửi đi trong những ngày đó (cảnh báo);
- hạn báo cáo rơi sau khi kế hoạch đã hết thời kỳ (cảnh báo);
- hạn không in năm và không nói là hằng năm: gecli hiểu là năm cuối của kế hoạch và ghi chú
  năm đã hiểu.

Hạn lặp lại hằng năm được so theo ngày và tháng. Hạn gửi lên cấp trên là hạn có nơi nhận là cơ
quan của cấp trên (theo bảng cơ quan tương ứng `src/gecli/data/agencies.yaml`), cơ quan ban
hành văn bản được thực hiện, hoặc nơi nhận báo cáo của kế hoạch cấp trên.

**Vì sao.** Cơ quan tổng hợp cần thời gian để nhận, tổng hợp và trình ký báo cáo của mình;
nhận báo cáo cùng ngày phải gửi đi thì chắc chắn trễ hạn. Một hạn sau khi kế hoạch hết thời
kỳ thường là năm in nhầm; một hạn không năm thì mỗi người hiểu một năm.

**Ví dụ.** Kế hoạch năm 2025 của huyện Ia H'Drai yêu cầu các đơn vị báo cáo Phòng Nội vụ
trước ngày 15/12/2025, đúng hạn mà Kế hoạch 956/KH-UBND của tỉnh Kon Tum yêu cầu các địa
phương báo cáo Sở Nội vụ. Ví dụ dựng: kế hoạch năm 2025 của một huyện yêu cầu các xã báo cáo
"trước ngày 30/12/2025" mà không nói hạn của huyện; hay ghi "trước ngày 15/6" cho báo cáo sáu
tháng mà không in năm.

**Cách sửa.** Đặt hạn cho các đơn vị sớm hơn hạn của cấp trên, đủ thời gian tổng hợp (ví dụ
trước ngày 05/12/2025); in đủ năm, hoặc ghi "hằng năm" nếu hạn lặp lại.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from gecli.findings import Severity
from gecli.i18n import Message
from gecli.model import Deadline, Level
from gecli.names import name_key
from gecli.rules import Problem, Subject

if TYPE_CHECKING:
    from gecli.validate import PlanFacts
from gecli.yamlio import load_data_file

SLUG = "deadline-order"
SEVERITY = Severity.ERROR
NEEDS_PARENT = True

YEAR_END_DAYS = 2  # 30/12 and 31/12: the days the locality's own year-end report goes out
_LEVELS = list(Level)


@cache
def _bodies_by_level() -> dict[str, frozenset[str]]:
    """Name keys of the bodies of each level, from the counterparts table (names without
    placeholders)."""
    result: dict[str, set[str]] = {}
    for row in load_data_file("agencies.yaml")["counterparts"]:
        for level, names in row.items():
            for name in [names] if isinstance(names, str) else names or []:
                if "{" not in name:
                    result.setdefault(level, set()).add(name_key(name))
    return {level: frozenset(keys) for level, keys in result.items()}


def _upward(deadline: Deadline, plan: "PlanFacts", subject: Subject) -> bool:
    """A report the issuer itself sends up: to a body of a higher level, to the issuer of
    the document the plan implements, or to where the parent plan collects reports."""
    to = name_key(deadline.to)
    rank = _LEVELS.index(plan.level)
    bodies = _bodies_by_level()
    # A name used at the plan's own level too ("Văn phòng HĐND và UBND") is not a higher body.
    own = set().union(*(bodies.get(level.value, ()) for level in _LEVELS[rank:]))
    if any(to in bodies.get(level.value, ()) and to not in own for level in _LEVELS[:rank]):
        return True
    if any(reference.issuer and name_key(reference.issuer) == to for reference in plan.implements):
        return True
    parent = subject.parent.facts if subject.parent is not None else None
    return parent is not None and to in {name_key(d.to) for d in parent.reporting} | {name_key(parent.issuer)}


def _date(deadline: Deadline, year: int) -> str:
    due = deadline.due(year)
    return f"{due.day:02d}/{due.month:02d}/{due.year}"


def check(subject: Subject):
    plan = subject.facts
    if not plan.reporting:
        return
    year = subject.year
    label = subject.checked.label()
    place = subject.checked.place
    own = [(i, d) for i, d in enumerate(plan.reporting) if _upward(d, plan, subject)]
    units = [(i, d) for i, d in enumerate(plan.reporting) if not _upward(d, plan, subject)]
    parent = subject.parent
    parent_first = (
        min(enumerate(parent.facts.reporting), key=lambda pair: pair[1].due(year)) if parent is not None and parent.facts.reporting else None
    )
    own_first = min(own, key=lambda pair: pair[1].due(year)) if own else None
    for index, deadline in units:
        loc = ("reporting", index, "by")
        due = deadline.due(year)
        if parent_first is not None and due >= parent_first[1].due(year):
            parent_index, parent_deadline = parent_first
            yield Problem(
                loc,
                Message(
                    "deadline_not_earlier",
                    child=label,
                    date=str(deadline.by),
                    to=deadline.to,
                    parent=parent.label(),
                    parent_date=str(parent_deadline.by),
                    parent_to=parent_deadline.to,
                    parent_place=parent.place(("reporting", parent_index, "by")),
                    via=subject.via,
                ),
            )
        elif own_first is not None and due >= own_first[1].due(year):
            own_index, own_deadline = own_first
            yield Problem(
                loc,
                Message(
                    "deadline_not_before_own",
                    plan=label,
                    date=str(deadline.by),
                    to=deadline.to,
                    own_date=str(own_deadline.by),
                    own_to=own_deadline.to,
                    own_place=place(("reporting", own_index, "by")),
                ),
            )
        elif parent_first is None and own_first is None and due.month == 12 and due.day > 31 - YEAR_END_DAYS:
            yield Problem(
                loc,
                Message("deadline_year_end", plan=label, date=str(deadline.by), to=deadline.to),
                severity=Severity.WARNING,
            )
    for index, deadline in enumerate(plan.reporting):
        loc = ("reporting", index, "by")
        if deadline.by.year is not None and deadline.by.year > plan.period.end:
            yield Problem(
                loc,
                Message("deadline_after_period", date=str(deadline.by), period=str(plan.period), period_place=place(("period",))),
                severity=Severity.WARNING,
            )
        elif deadline.year_assumed:
            yield Problem(
                loc,
                Message("deadline_year_assumed", date=str(deadline.by), assumed=_date(deadline, year), year=year),
                severity=Severity.NOTE,
            )


# The page in English (`gecli rules SLUG --lang en`, SARIF written with --lang en).
DOC_EN = """\
A reporting deadline leaves no time to compile the reports, or its date is unclear.

Reported when:

- the plan asks its units to report on (or after) the day the locality itself must report to
  the level above — by the parent plan, or by a deadline the plan sets for its own issuing
  body (reporting to an agency of the level above, or to the body that issued the document
  being implemented);
- the locality's own deadline is unknown and the units are asked to report on 30/12 or
  31/12: the locality's annual report must go out on those days too (warning);
- a deadline falls after the end of the plan's period (warning);
- a deadline prints no year and does not say it is yearly: gecli reads it in the plan's last
  year and notes the year it understood.

Yearly deadlines are compared by day and month. A deadline to the level above is one whose
recipient is an agency of the level above (by the table of corresponding agencies,
`src/gecli/data/agencies.yaml`), the body that issued the document being implemented, or the
recipient of the parent plan's reports.

**Why.** The compiling body needs time to receive the reports, compile them and have its own
report signed; receiving reports on the day its own is due makes it late for sure. A deadline
after the plan's period is usually a misprinted year; a deadline without a year is read as a
different year by each reader.

**Example.** Ia H'Drai district's 2025 plan asks its units to report to the Phòng Nội vụ
before 15/12/2025, the very deadline Kon Tum province's Plan 956/KH-UBND gives the localities
for reporting to the Sở Nội vụ. Constructed examples: a district's 2025 plan asking its
communes to report "trước ngày 30/12/2025" (before 30/12/2025) without saying the district's
own deadline; or "trước ngày 15/6" (before 15/6) for the half-year report, with no year.

**Fix.** Give the units a deadline earlier than the level above's, with time to compile (for
instance before 05/12/2025); print the year, or write "hằng năm" (every year) when the
deadline repeats.
"""
