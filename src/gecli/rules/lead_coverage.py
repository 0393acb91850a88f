"""Chỉ tiêu không có cơ quan chịu trách nhiệm đạt được.

Mỗi chỉ tiêu kế hoạch đặt ra cần một cơ quan chủ trì, chịu trách nhiệm đạt được nó: đơn vị
chủ trì ở phụ lục (`lead`, hoặc ô "Đơn vị thực hiện") hoặc nhiệm vụ giao trong phần tổ chức
thực hiện (`charges` với vai trò `responsible` của mục có `agencies`). Quy tắc báo:

- chỉ tiêu không giao cho ai, trong một kế hoạch có giao chỉ tiêu cho cơ quan (ở phụ lục
  hay trong câu chữ); kế hoạch không giao riêng chỉ tiêu nào thì không bị báo;
- chỉ tiêu giao cho hai cơ quan khác nhau cùng chủ trì (hai `lead`, hoặc `lead` và một
  nhiệm vụ `responsible` của cơ quan khác);
- chỉ tiêu mà nhiệm vụ duy nhất gắn với nó là thu thập, báo cáo số liệu (`data`).

Ô "Đơn vị thực hiện" không chép được (dòng phụ lục có mà `executor` để trống vì bản trích
xuất bị mất chữ) thì không kết luận; ô in trống thật thì chép là `executor: ""`.

**Vì sao.** Chỉ tiêu không ai chủ trì thì không ai lập kế hoạch, bố trí kinh phí và chịu
trách nhiệm khi không đạt. Hai cơ quan cùng chủ trì thì mỗi bên chờ bên kia. Cơ quan chỉ được
giao thu thập số liệu sẽ báo cáo con số, nhưng không ai được giao làm cho con số tốt lên.

**Ví dụ.** Kế hoạch 2021-2025 của huyện Thanh Liêm chỉ nhắc tới chỉ tiêu người bị bạo lực
được tiếp cận dịch vụ hỗ trợ (3.2a) và người gây bạo lực được tư vấn (3.2b) ở nhiệm vụ của
Phòng Văn hóa - Thông tin: "thu thập, thống kê số liệu liên quan tới số nạn nhân bị bạo lực
gia đình; số nạn nhân và người gây bạo lực được tiếp cận các dịch vụ hỗ trợ, tư vấn" — có
người đếm, không có người chịu trách nhiệm đạt 80% và 50%.

**Cách sửa.** Ghi đơn vị chủ trì cho từng chỉ tiêu (ở cột "Đơn vị thực hiện" của phụ lục hoặc
"Chủ trì thực hiện chỉ tiêu … của mục tiêu …" ở phần tổ chức thực hiện), một đơn vị cho mỗi
chỉ tiêu; các đơn vị khác ghi là phối hợp.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from gecli.catalog import indicators
from gecli.findings import Severity
from gecli.i18n import Message, excerpt
from gecli.model import Role, Target
from gecli.names import fold, name_key, remembered
from gecli.rules import Problem, Subject
from gecli.yamlio import load_data_file

SLUG = "lead-coverage"
SEVERITY = Severity.WARNING
NEEDS_PARENT = False


@cache
def _vocabulary() -> tuple[tuple[str, ...], frozenset[str], tuple[str, ...]]:
    data = load_data_file("agencies.yaml")
    units = tuple(sorted({u["word"] for level in data["units"].values() for u in level}, key=len, reverse=True))
    return tuple(fold(word).lower() for word in data["lead_words"]), frozenset(name_key(g) for g in data["generic"]), units


@remembered
def _agency_key(name: str, locality: str | None) -> str:
    """How two mentions of one agency compare: "Văn phòng HĐND và UBND huyện" and "Văn
    phòng HĐND và UBND huyện Ia H'Drai" are the "Văn phòng HĐND và UBND" of the plan's own
    locality."""
    key = name_key(name)
    for suffix in ([name_key(locality)] if locality else []) + list(_vocabulary()[2]):
        if key.endswith(" " + suffix):
            return key[: -len(suffix) - 1]
    return key


def _lead(base: tuple, target: Target) -> tuple[str, tuple] | None:
    """The target's lead as the appendix names it: `lead`, else the executor cell's words
    before "chủ trì" (or the whole cell)."""
    lead_words, generic, _ = _vocabulary()
    if target.lead:
        name, loc = target.lead, (*base, "lead")
    elif target.appendix is not None and target.appendix.executor:
        name, loc = target.appendix.executor, (*base, "appendix", "executor")
        # fold() keeps the length: a place found in the folded text is the same in the cell.
        folded = fold(name).lower()
        cut = min((folded.find(" " + word) for word in lead_words if folded.find(" " + word) > 0), default=-1)
        if cut > 0:
            name = name[:cut].strip(" ,;")
    else:
        return None
    return None if name_key(name) in generic else (name, loc)


def _unknown(target: Target) -> bool:
    """An appendix row whose executor cell was not transcribed (lost in the extraction)."""
    return target.appendix is not None and target.appendix.executor is None and not target.lead


def check(subject: Subject):
    plan = subject.plan
    place = subject.checked.place
    locality = plan.issuer.locality
    charged: dict[str, list[tuple[Role, list[str], tuple, str | None]]] = defaultdict(list)
    for loc, item, parents in plan.walk():
        if not item.charges:
            continue
        owner = next((i for i in (item, *reversed(parents)) if i.agencies), None)
        for index, charge in enumerate(item.charges):
            for indicator in charge.indicators:
                charged[indicator].append((charge.role, owner.agencies if owner else [], (*loc, "charges", index), charge.text))
    first: dict[str, tuple[tuple, Target]] = {}
    for loc, target in plan.targets():
        first.setdefault(target.indicator, (loc, target))
    assigns = any(_lead(loc, t) for loc, t in first.values()) or any(
        role is Role.RESPONSIBLE for charges in charged.values() for role, *_ in charges
    )
    for indicator, (loc, target) in first.items():
        name = indicators()[indicator].name
        leads: dict[str, tuple[str, tuple]] = {}
        lead = _lead(loc, target)
        if lead:
            leads[_agency_key(lead[0], locality)] = lead
        for role, agencies, charge_loc, _ in charged[indicator]:
            if role is Role.RESPONSIBLE:
                for agency in agencies:
                    leads.setdefault(_agency_key(agency, locality), (agency, charge_loc))
        if len(leads) >= 2:
            (one, one_loc), (other, other_loc) = list(leads.values())[:2]
            yield Problem(
                loc,
                Message(
                    "lead_two",
                    indicator=indicator,
                    name=name,
                    one=one,
                    one_place=place(one_loc),
                    other=other,
                    other_place=place(other_loc),
                    count=len(leads),
                ),
                indicator,
            )
        elif not leads:
            data = [(agencies, charge_loc, text) for role, agencies, charge_loc, text in charged[indicator] if role is Role.DATA]
            if data:
                agencies, charge_loc, text = data[0]
                yield Problem(
                    loc,
                    Message(
                        "lead_data_only",
                        indicator=indicator,
                        name=name,
                        agency=", ".join(agencies) or "?",
                        text=excerpt(text or "", 90),
                        place=place(charge_loc),
                    ),
                    indicator,
                )
            elif assigns and not _unknown(target):
                yield Problem(loc, Message("lead_none", indicator=indicator, name=name), indicator)


# The page in English (`gecli rules SLUG --lang en`, SARIF written with --lang en).
DOC_EN = """\
A target no agency is responsible for achieving.

Each target a plan sets needs one lead agency, responsible for achieving it: the lead unit in
the appendix (`lead`, or the "Đơn vị thực hiện" cell — implementing unit) or a task given in
the implementation part (`charges` with the role `responsible`, in an item with `agencies`).
The rule reports:

- a target given to nobody, in a plan that does give targets to agencies (in the appendix or
  in the text); a plan that gives no target to any agency is not reported;
- a target led by two different agencies (two `lead`, or a `lead` and another agency's
  `responsible` task);
- a target whose only task is collecting and reporting data (`data`).

When the "Đơn vị thực hiện" cell could not be transcribed (the appendix row is there but
`executor` is empty because the extraction lost the words), nothing is concluded; a cell
printed blank is transcribed as `executor: ""`.

**Why.** A target nobody leads gets no plan and no budget, and nobody answers for missing it.
With two leads, each waits for the other. An agency only asked to collect data will report
the figure, but nobody is asked to make it better.

**Example.** Thanh Liêm district's 2021–2025 plan mentions the targets on victims of violence
reaching support services (3.2a) and perpetrators receiving counselling (3.2b) only in the
tasks of the Phòng Văn hóa - Thông tin: "thu thập, thống kê số liệu liên quan tới số nạn nhân
bị bạo lực gia đình; số nạn nhân và người gây bạo lực được tiếp cận các dịch vụ hỗ trợ, tư
vấn" (collect figures on victims of domestic violence, and on victims and perpetrators
reaching support and counselling services) — someone counts, nobody is responsible for
reaching 80% and 50%.

**Fix.** Name the lead unit of each target (in the appendix's "Đơn vị thực hiện" column, or
as "Chủ trì thực hiện chỉ tiêu … của mục tiêu …" in the implementation part), one unit per
target; the others are partners.
"""
