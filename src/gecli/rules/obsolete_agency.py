"""Cơ quan được giao việc đã thôi tồn tại vào ngày của kế hoạch.

Báo khi kế hoạch giao việc, yêu cầu báo cáo hay gửi văn bản cho một cơ quan (hoặc đơn vị
hành chính) đã thôi tồn tại vào ngày ký kế hoạch do sắp xếp bộ máy năm 2025: cơ quan trong
phần tổ chức thực hiện (`agencies`), đơn vị chủ trì và phối hợp của chỉ tiêu (`lead`,
`partners`, ô "Đơn vị thực hiện" của phụ lục), nơi nhận báo cáo (`reporting[].to`, `via`) và
nơi nhận văn bản (`recipients`). Thông báo nêu cơ quan kế nhiệm và căn cứ pháp lý. Bảng sắp
xếp là dữ liệu (`src/gecli/data/reorganisations.yaml`), mỗi mục có nguồn và mức xác minh:
mục đã xác minh cho lỗi, mục một nguồn cho cảnh báo, mục chưa xác minh chỉ cho ghi chú.

Ngày của kế hoạch là ngày ký (`document.date`); ngày in thiếu thì lấy ngày sớm nhất mà phần
đã in cho phép, không in ngày thì lấy ngày đầu thời kỳ kế hoạch — không bao giờ báo một tên
mà văn bản có thể đã viết đúng vào ngày ký. Tên còn dùng ở cấp xã (Phòng Kinh tế, Hạ tầng và
Đô thị) chỉ bị báo khi kèm chữ huyện, quận, thị xã; "Văn phòng HĐND và UBND", "Phòng Kinh tế",
"Ban Dân tộc HĐND tỉnh" và các cơ quan bảng chưa có (chưa tra cứu được) không bị báo.

**Vì sao.** Từ 01/3/2025 ngành Lao động - Thương binh và Xã hội nhập vào Nội vụ (bình đẳng
giới do Bộ, Sở, Phòng Nội vụ quản lý), Kế hoạch và Đầu tư vào Tài chính, Thông tin và
Truyền thông vào Khoa học và Công nghệ; từ 01/7/2025 cấp huyện kết thúc, việc của Phòng
Nội vụ huyện về bình đẳng giới chuyển cho Phòng Văn hóa - Xã hội của xã, phường. Kế hoạch
chép từ kế hoạch năm trước mà giữ tên cũ thì giao việc và yêu cầu báo cáo cho một cơ quan
không còn ai nhận.

**Ví dụ.** Kế hoạch 956/KH-UBND ngày 24/3/2025 của tỉnh Kon Tum giao đúng cho Sở Nội vụ và
Sở Tài chính những việc mà kế hoạch các năm trước giao Sở Lao động - Thương binh và Xã hội và
Sở Kế hoạch và Đầu tư. Ví dụ dựng (không có trong các kế hoạch kèm theo): nếu kế hoạch đó
vẫn ghi "Sở Lao động - Thương binh và Xã hội chủ trì" ở phụ lục, gecli báo lỗi: cơ quan này
thôi tồn tại từ 01/3/2025, nay là Sở Nội vụ (Nghị định 45/2025/NĐ-CP ngày 28/02/2025).
Kế hoạch năm 2021 của huyện Thanh Liêm giao Phòng Lao động - Thương binh và Xã hội là đúng
vào năm đó và không bị báo.

**Cách sửa.** Thay tên cũ bằng cơ quan kế nhiệm mà thông báo nêu. Khi mục sắp xếp chưa được
xác minh (ghi chú), kiểm tra lại quyết định tổ chức bộ máy của địa phương.
"""

from __future__ import annotations

from typing import Iterator

from gecli.findings import Severity
from gecli.i18n import Message, excerpt
from gecli.reorganisations import CONFIRMED, SINGLE_SOURCE, plan_date, named_in, successors
from gecli.rules import Problem, Subject

SLUG = "obsolete-agency"
SEVERITY = Severity.ERROR
NEEDS_PARENT = False

_SEVERITY = {CONFIRMED: Severity.ERROR, SINGLE_SOURCE: Severity.WARNING}
DATA_FILE = "src/gecli/data/reorganisations.yaml"


def _named_places(subject: Subject) -> Iterator[tuple[tuple, str]]:
    """Every place the plan names a body it gives work, reports or the document to."""
    plan = subject.plan
    for loc, item, _ in plan.walk():
        for index, name in enumerate(item.agencies):
            yield (*loc, "agencies", index), name
        for index, target in enumerate(item.targets):
            base = (*loc, "targets", index)
            if target.lead:
                yield (*base, "lead"), target.lead
            for p_index, partner in enumerate(target.partners):
                yield (*base, "partners", p_index), partner
            if target.appendix is not None and target.appendix.executor:
                yield (*base, "appendix", "executor"), target.appendix.executor
    for index, deadline in enumerate(plan.reporting):
        yield ("reporting", index, "to"), deadline.to
        if deadline.via:
            yield ("reporting", index, "via"), deadline.via
    for index, line in enumerate(plan.recipients):
        yield ("recipients", index), line


def _date(value) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def check(subject: Subject):
    plan = subject.plan
    on = plan_date(plan)
    date_place = subject.checked.place(("document", "date")) if plan.document.date else subject.checked.place(("period",))
    reported: set[tuple] = set()
    for loc, text in _named_places(subject):
        for named in named_in(text):
            entry = named.entry
            if entry.effective > on:
                continue
            # The executor cell repeats the lead's name: one finding per target and body.
            owner = loc[: loc.index("targets") + 2] if "targets" in loc else loc
            if (owner, entry.id) in reported:
                continue
            reported.add((owner, entry.id))
            chain = successors(entry, on)
            common = dict(
                written=excerpt(text, 90),
                old=entry.name,
                effective=_date(entry.effective),
                plan_date=_date(on),
                date_place=date_place,
                basis=entry.basis[0],
                entry=f"{DATA_FILE}: {entry.id}",
            )
            severity = _SEVERITY.get(entry.status, Severity.NOTE)
            if not chain:
                yield Problem(loc, Message("obsolete_agency_unverified", **common), severity=Severity.NOTE)
                continue
            steps = [
                Message("obsolete_agency_step", body=body, note=f" ({step.successor_note})" if step.successor_note else "", effective=_date(step.effective))
                for body, step in chain
            ]
            yield Problem(
                loc,
                Message("obsolete_agency", **common, successor=chain[-1][0], steps=steps, status=Message(f"status_{entry.status.replace(' ', '_')}")),
                severity=severity,
            )


# The page in English (`gecli rules SLUG --lang en`, SARIF written with --lang en).
DOC_EN = """\
An agency given work had ceased to exist on the plan's date.

Reported when a plan gives work, asks for reports or sends the document to an agency (or an
administrative unit) that had ceased to exist on the plan's signing date through the 2025
reorganisation: agencies in the implementation part (`agencies`), lead and partner units of
targets (`lead`, `partners`, the appendix's "Đơn vị thực hiện" cell), report recipients
(`reporting[].to`, `via`) and the document's recipients (`recipients`). The message names the
successor and the legal basis. The reorganisation table is data
(`src/gecli/data/reorganisations.yaml`), each entry with its sources and how well it is
verified: verified entries give errors, single-source entries warnings, unverified entries
only notes.

The plan's date is its signing date (`document.date`); when the printed date is incomplete,
the earliest day the printed part allows is used, and with no date at all, the first day of
the plan's period — a name the document could have written correctly on its signing day is
never reported. Names still used at commune level (Phòng Kinh tế, Hạ tầng và Đô thị) are
reported only with the word huyện, quận or thị xã (district, urban district, town); "Văn
phòng HĐND và UBND", "Phòng Kinh tế", "Ban Dân tộc HĐND tỉnh" and the agencies the table does
not have yet (not looked up) are not reported.

**Why.** From 01/3/2025 Labour, Invalids and Social Affairs merged into Home Affairs (gender
equality is managed by the Ministry, the Department and the Office of Home Affairs), Planning
and Investment into Finance, Information and Communications into Science and Technology; from
01/7/2025 the district level ended, and the district Phòng Nội vụ's gender-equality work
moved to the communes' and wards' Phòng Văn hóa - Xã hội. A plan copied from last year's that
keeps the old names gives work and asks for reports to an agency with nobody left to receive
them.

**Example.** Kon Tum province's Plan 956/KH-UBND of 24/3/2025 rightly gives the Sở Nội vụ and
the Sở Tài chính the work that earlier years' plans gave the Sở Lao động - Thương binh và Xã
hội and the Sở Kế hoạch và Đầu tư. Constructed example (not in the bundled plans): had that
plan still said "Sở Lao động - Thương binh và Xã hội chủ trì" in its appendix, gecli would
report an error: this department ceased to exist on 01/3/2025 and is now the Sở Nội vụ
(Decree 45/2025/NĐ-CP of 28/02/2025). Thanh Liêm district's 2021 plan gives work to the Phòng
Lao động - Thương binh và Xã hội, which was right that year, and is not reported.

**Fix.** Replace the old name with the successor the message names. When the reorganisation
entry is not verified (a note), check the locality's own decision on its organisation.
"""
