"""Thiếu chỉ tiêu của cấp trên.

Báo khi một chỉ tiêu có trong kế hoạch cấp trên không có trong kế hoạch cấp dưới. Nếu
chỉ tiêu không có ý nghĩa ở cấp của kế hoạch (danh mục chỉ tiêu ghi các cấp áp dụng, ví
dụ cấp xã không có cơ sở trợ giúp xã hội công lập — chỉ tiêu 3.4), quy tắc chỉ ghi chú.

**Vì sao.** Khi chép kế hoạch cấp trên, một chỉ tiêu bị bỏ sót thì không ai giao, không
ai theo dõi, và số liệu tổng hợp của cấp trên thiếu một phần.

**Ví dụ.** Kế hoạch 956/KH-UBND của tỉnh Kon Tum không có chỉ tiêu 4.4 (cơ sở y tế cung
cấp dịch vụ chăm sóc sức khỏe cho người đồng tính, song tính và chuyển giới) của Chiến
lược quốc gia.

**Cách sửa.** Thêm chỉ tiêu vào mục tiêu tương ứng, với mức ít nhất bằng cấp trên; nếu
chỉ tiêu không áp dụng cho địa phương, ghi lý do vào `waivers` của kế hoạch:
`{rule: missing-indicator, indicator: "4.4", reason: "…"}`.
"""

from gecli.catalog import indicators
from gecli.findings import Severity
from gecli.i18n import Message
from gecli.rules import Problem, Subject

SLUG = "missing-indicator"
SEVERITY = Severity.WARNING
NEEDS_PARENT = True


def check(subject: Subject):
    if subject.parent is None:
        return
    present = {indicator for _, indicator in subject.facts.targets}
    level = subject.facts.level.value
    where = _objective_places(subject)
    for parent_loc, indicator_id in subject.parent.facts.targets:
        if indicator_id in present:
            continue
        indicator = indicators()[indicator_id]
        applies = indicator.applies_at(level)
        yield Problem(
            where.get(indicator.objective, ("sections",)),
            Message(
                "missing_indicator" if applies else "missing_indicator_not_applicable",
                child=subject.checked.label(),
                indicator=indicator_id,
                name=indicator.name,
                parent=subject.parent.label(),
                parent_place=subject.parent.place(parent_loc),
                level=level,
                via=subject.via,
            ),
            indicator_id,
            None if applies else Severity.NOTE,
        )


def _objective_places(subject: Subject) -> dict[int, tuple]:
    """Where each national objective's targets are written in the child: the item holding
    the first of them (a missing one belongs beside it)."""
    places: dict[int, tuple] = {}
    for loc, indicator in subject.facts.targets:
        places.setdefault(indicators()[indicator].objective, loc[:-2])
    return places


# The page in English (`gecli rules SLUG --lang en`, SARIF written with --lang en).
DOC_EN = """\
An indicator of the parent plan is missing.

Reported when an indicator of the parent plan is not in the child plan. When the indicator
means nothing at the plan's level (the indicator catalog lists the levels it applies to; for
instance communes have no public social support facilities — indicator 3.4), the rule only
notes it.

**Why.** When the parent plan is copied, a dropped indicator is given to nobody and followed
by nobody, and the totals of the level above miss a part.

**Example.** Kon Tum province's Plan 956/KH-UBND does not have the national Strategy's
indicator 4.4 (health facilities providing health care for gay, bisexual and transgender
people).

**Fix.** Add the indicator under its objective, at least at the parent's level; if it does
not apply to the locality, record the reason in the plan's `waivers`:
`{rule: missing-indicator, indicator: "4.4", reason: "…"}`.
"""
