"""Câu chỉ tiêu làm đổi điều chỉ tiêu quốc gia đo.

Báo khi câu nêu chỉ tiêu của kế hoạch (`targets[].text`, và câu của mục chứa nó) thiếu một
cụm từ mà bỏ đi thì chỉ tiêu đo cái khác, hoặc dùng một cụm từ làm đổi thước đo:

- một tỷ số mất vế so sánh: "còn 1,7 lần" mà không có "so với nam giới" (chỉ tiêu 3.1);
- một tên gọi khác: "tỷ lệ giới tính khi sinh" cho tỷ *số* giới tính khi sinh (4.1);
- một phạm vi hẹp hơn: "chăm sóc con nhỏ" thay cho "chăm sóc trong gia đình" (3.1); bỏ
  "dân tộc thiểu số" ở chỉ tiêu trẻ em dân tộc thiểu số hoàn thành tiểu học, trung học cơ sở
  (5.2a, 5.2b); bỏ "mỗi quý", "hằng tháng" ở chỉ tiêu tin, bài và chuyên mục (6.3, 6.4);
- Chiến lược được trích dẫn với giai đoạn sai ("Chiến lược quốc gia về bình đẳng giới giai
  đoạn 2021-2025" cho Chiến lược 2021-2030) ở trích yếu, đoạn mở đầu hay trích yếu văn bản
  được thực hiện. Khi giai đoạn ghi trùng thời kỳ của chính kế hoạch (có thể hiểu là "thực
  hiện Chiến lược trong giai đoạn …") quy tắc chỉ ghi chú.

Cụm từ của từng chỉ tiêu là dữ liệu (`src/gecli/data/wording.yaml`): chỉ những cụm mà thiếu
thì chỉ tiêu đo cái khác, mỗi cụm kèm các cách nói tương đương — một câu diễn đạt lại trung
thành không bị báo. Quy tắc chỉ cảnh báo hoặc ghi chú, không báo lỗi.

**Vì sao.** Cấp trên tổng hợp số liệu của cấp dưới theo chỉ tiêu quốc gia. Một chỉ tiêu đổi
thước đo ("40% nữ tham gia lãnh đạo" thay cho tỷ lệ cơ quan có lãnh đạo chủ chốt là nữ) thì
địa phương báo cáo một con số không cộng được vào con số của tỉnh, của quốc gia.

**Ví dụ.** Kế hoạch năm 2025 của phường Nguyễn Trãi ghi "Tỷ lệ trẻ em trai và trẻ em gái hoàn
thành giáo dục tiểu học đạt 100%; tỷ lệ hoàn thành cấp trung học cơ sở đạt 100%": chỉ tiêu
quốc gia 5.2a, 5.2b đo trẻ em *dân tộc thiểu số*. Kế hoạch 2021-2025 của huyện Thanh Liêm ghi
"Thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2025", trong khi Chiến lược
(Nghị quyết 28/NQ-CP) là giai đoạn 2021-2030.

**Cách sửa.** Viết lại câu chỉ tiêu theo tên chỉ tiêu quốc gia, giữ các cụm thông báo nêu;
trích dẫn Chiến lược đúng giai đoạn ("… Chiến lược quốc gia về bình đẳng giới giai đoạn
2021-2030 trên địa bàn huyện giai đoạn 2021-2025").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Iterator

from gecli.catalog import indicators
from gecli.findings import Severity
from gecli.i18n import Message, excerpt
from gecli.model import Plan
from gecli.names import comparable_words, remembered
from gecli.rules import Problem, Subject
from gecli.yamlio import load_data_file

SLUG = "indicator-wording"
SEVERITY = Severity.WARNING
NEEDS_PARENT = False

DATA_FILE = "src/gecli/data/wording.yaml"


def contains(text: str, phrase: str) -> bool:
    """``phrase`` in ``text`` as whole words (both already plain)."""
    start = text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        before_ok = start == 0 or not (phrase[0].isalnum() and text[start - 1].isalnum())
        after_ok = end == len(text) or not (phrase[-1].isalnum() and text[end].isalnum())
        if before_ok and after_ok:
            return True
        start = text.find(phrase, start + 1)
    return False


@dataclass(frozen=True)
class Required:
    any: tuple[str, ...]  # plain
    shown: str  # the first phrase as written in the data
    means: str
    severity: Severity

    @cached_property
    def described(self) -> str:
        """As a message lists it: one text for every finding that cites it."""
        return f"“{self.shown}” ({self.means})"


@dataclass(frozen=True)
class Wrong:
    phrases: tuple[tuple[str, str], ...]  # (plain, as written)
    instead: str
    severity: Severity


@cache
def _data() -> tuple[dict[str, tuple[tuple[Required, ...], tuple[Wrong, ...]]], dict]:
    data = load_data_file("wording.yaml")
    table = {}
    for indicator, spec in data["indicators"].items():
        required = tuple(
            Required(tuple(map(comparable_words, group["any"])), group["any"][0], group["means"], Severity(group.get("severity", "warning")))
            for group in spec.get("required", ())
        )
        wrong = tuple(
            Wrong(tuple((comparable_words(p), p) for p in group["phrase"]), group["instead"], Severity(group.get("severity", "warning")))
            for group in spec.get("wrong", ())
        )
        table[str(indicator)] = (required, wrong)
    return table, data["strategy"]


@cache
def _strategy_pattern() -> re.Pattern[str]:
    strategy = _data()[1]
    words = "|".join(re.escape(comparable_words(w)) for w in strategy["period_words"])
    # Literals and single optional spaces only: linear.
    return re.compile(rf"{re.escape(comparable_words(strategy['name']))} (?:{words}) ?(\d{{4}}) ?- ?(\d{{4}})")


def _sentences(plan: Plan) -> Iterator[tuple[tuple, str, str | None, str]]:
    """Each target with its place, its own clause, and the sentence of the item holding it."""
    for loc, item, _ in plan.walk():
        for index, target in enumerate(item.targets):
            yield (*loc, "targets", index), target.indicator, target.text, item.text or ""


def _citations(plan: Plan) -> Iterator[tuple[tuple, str]]:
    yield ("document", "title"), plan.document.title
    for index, paragraph in enumerate(plan.opening):
        yield ("opening", index), paragraph
    opening = " ".join(comparable_words(paragraph) for paragraph in plan.opening)
    for index, reference in enumerate(plan.implements):
        # A title the opening quotes is reported there, once.
        if reference.title and comparable_words(reference.title) not in opening:
            yield ("implements", index, "title"), reference.title


@remembered
def _verdict(indicator: str, clause: str | None, sentence: str) -> tuple[str, tuple | None, Severity] | None:
    """What is wrong with the wording of one target: ("wrong", (group, as written)) or
    ("missing", groups), with the severity; None when nothing is. Plans copy their parent's
    sentences: each is judged once."""
    required, wrong = _data()[0].get(indicator, ((), ()))
    own = comparable_words(clause or sentence)
    found = next(((w, written) for w in wrong for plain, written in w.phrases if contains(own, plain)), None)
    if found:
        return "wrong", found, found[0].severity
    whole = own + " " + comparable_words(sentence)
    missing = tuple(group for group in required if not any(contains(whole, phrase) for phrase in group.any))
    if missing:
        return "missing", missing, Severity.WARNING if any(g.severity is Severity.WARNING for g in missing) else Severity.NOTE
    return None


def _wording(subject: Subject) -> Iterator[Problem]:
    for loc, indicator, clause, sentence in _sentences(subject.plan):
        if not clause and not sentence:
            continue  # drafted in gecli: the sentence is the catalog's name
        verdict = _verdict(indicator, clause, sentence)
        if verdict is None:
            continue
        kind, found, severity = verdict
        text_loc = (*loc, "text") if clause else loc[: loc.index("targets")] + ("text",)
        common = dict(indicator=indicator, name=indicators()[indicator].name, text=excerpt(clause or sentence, 90), data=DATA_FILE)
        if kind == "wrong":
            group, written = found
            yield Problem(text_loc, Message("wording_wrong", found=written, instead=group.instead, **common), indicator, severity)
        else:
            yield Problem(text_loc, Message("wording_missing", missing=tuple(g.described for g in found), **common), indicator, severity)


def _period(subject: Subject) -> Iterator[Problem]:
    plan = subject.plan
    strategy = _data()[1]
    periods = [tuple(entry["period"]) for entry in strategy["periods"]]
    expected = next((p for p in periods if p[0] <= plan.period.start <= p[1]), None)
    if expected is None:
        return
    document = next(e["document"] for e in strategy["periods"] if tuple(e["period"]) == expected)
    for loc, text in _citations(plan):
        for match in _strategy_pattern().finditer(comparable_words(text)):
            cited = (int(match[1]), int(match[2]))
            if cited == expected:
                continue
            own = cited == (plan.period.start, plan.period.end)
            yield Problem(
                loc,
                Message(
                    "wording_strategy_period",
                    cited=f"{cited[0]}-{cited[1]}",
                    period=f"{expected[0]}-{expected[1]}",
                    document=document,
                    text=excerpt(text, 90),
                    own=Message("wording_strategy_own_period", period=str(plan.period)) if own else "",
                ),
                severity=Severity.NOTE if own else Severity.WARNING,
            )
            break  # one finding per paragraph


def check(subject: Subject):
    yield from _wording(subject)
    yield from _period(subject)


# The page in English (`gecli rules SLUG --lang en`, SARIF written with --lang en).
DOC_EN = """\
The wording of a target changes what the national indicator measures.

Reported when the sentence stating a target (`targets[].text`, and the sentence of the item
holding it) lacks a phrase without which the indicator measures something else, or uses a
phrase that changes the measure:

- a ratio loses what it compares with: "còn 1,7 lần" (down to 1.7 times) without "so với nam
  giới" (compared with men) (indicator 3.1);
- another name: "tỷ lệ giới tính khi sinh" (sex *rate* at birth) for "tỷ số giới tính khi
  sinh" (sex ratio at birth) (4.1);
- a narrower scope: "chăm sóc con nhỏ" (caring for small children) instead of "chăm sóc trong
  gia đình" (care within the family) (3.1); "dân tộc thiểu số" (ethnic minority) dropped from
  the indicators on ethnic-minority children completing primary and lower secondary school
  (5.2a, 5.2b); "mỗi quý" (each quarter) or "hằng tháng" (every month) dropped from the
  indicators on news items, articles and programmes (6.3, 6.4);
- the Strategy cited with the wrong period ("Chiến lược quốc gia về bình đẳng giới giai đoạn
  2021-2025" for the 2021–2030 Strategy) in the title, the opening paragraphs or the title of
  the document being implemented. When the period written is the plan's own (it can be read
  as "implementing the Strategy during …"), the rule only notes it.

Each indicator's phrases are data (`src/gecli/data/wording.yaml`): only the phrases without
which the indicator measures something else, each with its equivalent wordings — a faithful
rewording is not reported. The rule warns or notes, never reports an error.

**Why.** The level above compiles the lower levels' figures by national indicator. A target
that changes the measure ("40% nữ tham gia lãnh đạo", 40% women in leadership, instead of the
share of agencies with a woman in a key leadership post) makes the locality report a figure
that cannot be added to the province's or the nation's.

**Example.** Nguyễn Trãi ward's 2025 plan says "Tỷ lệ trẻ em trai và trẻ em gái hoàn thành
giáo dục tiểu học đạt 100%; tỷ lệ hoàn thành cấp trung học cơ sở đạt 100%" (boys and girls
completing primary school 100%; completing lower secondary school 100%): national indicators
5.2a and 5.2b measure *ethnic-minority* children. Thanh Liêm district's 2021–2025 plan says
"Thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2025", while the Strategy
(Resolution 28/NQ-CP) covers 2021–2030.

**Fix.** Rewrite the target's sentence after the national indicator's name, keeping the
phrases the message names; cite the Strategy with its period ("… Chiến lược quốc gia về bình
đẳng giới giai đoạn 2021-2030 trên địa bàn huyện giai đoạn 2021-2025").
"""
