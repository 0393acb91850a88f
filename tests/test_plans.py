"""The published plans, transcribed: they load with no schema error, every sentence is the
published one, and the figures that matter are the ones the documents state — defects
included."""

import re
import unicodedata
from decimal import Decimal

import pytest

from gecli.quantity import Comparator
from gecli.validate import read_plan
from support import PLANS, REPO

SOURCES = REPO / "tests" / "sources"  # text extractions of the published documents
TRANSCRIPTIONS = {
    "kon-tum/2025.yaml": "001_753fda21913fb3fa.txt",
    "kon-tum/ia-hdrai/2025.yaml": "000_a45720b33fd1c28e.txt",
    "kon-tum/tp-kon-tum/nguyen-trai/2025.yaml": "003_f21cf61eb0bffd5d.txt",
    "ha-nam/thanh-liem/2021-2025.yaml": "002_2a4895f359df666b.txt",
}
ALL_PLANS = ["quoc-gia/2021-2030.yaml", *TRANSCRIPTIONS]


def load(relative: str):
    """The plan, which must load and follow the model (its defects are other rules' findings)."""
    checked, problems = read_plan(PLANS / relative, relative)
    assert problems == [] and checked is not None
    return checked.plan


def targets(plan) -> dict:
    return {t.indicator: t for _, t in plan.targets()}


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("*", "")
    return re.sub(r"<[^>]+>", " ", text).split()


def published_sentences(plan) -> list[tuple[str, str]]:
    found = [("opening", p) for p in plan.opening] + [("closing", p) for p in plan.closing]
    found += [("recipient", line) for line in plan.recipients] + [("footnote", note.text) for note in plan.footnotes]
    for loc, item, _ in plan.walk():
        where = "/".join(map(str, loc))
        found += [(f"{where} title", item.title), (f"{where} text", item.text)]
        found += [(f"{where} target {t.indicator}", t.text) for t in item.targets]
        found += [(f"{where} wording {t.indicator}", t.target.raw) for t in item.targets if t.target]
    return [(where, s) for where, s in found if s]


def test_the_five_plans_are_all_there():
    assert sorted(p.relative_to(PLANS).as_posix() for p in PLANS.rglob("*.yaml")) == sorted(ALL_PLANS)


@pytest.mark.parametrize("relative", ALL_PLANS)
def test_plan_loads_without_schema_error(relative):
    assert list(load(relative).targets())


@pytest.mark.parametrize("relative, source", TRANSCRIPTIONS.items())
def test_body_sentences_are_verbatim(relative, source):
    published = " ".join(words((SOURCES / source).read_text(encoding="utf-8")))
    missing = [(where, s) for where, s in published_sentences(load(relative)) if " ".join(words(s)) not in published]
    assert missing == []


@pytest.mark.parametrize("relative, source", TRANSCRIPTIONS.items())
def test_appendix_rows_follow_the_published_table(relative, source):
    # The extraction flattens the table (cells of neighbouring columns interleave), so a
    # row's words must appear in order and close together rather than as one run.
    published = words((SOURCES / source).read_text(encoding="utf-8"))
    for target in targets(load(relative)).values():
        if not (target.appendix and target.appendix.text):
            continue
        row = words(target.appendix.text)
        starts = [i for i, word in enumerate(published) if _same(word, row[0])]
        assert min(_span(published, row, start) for start in starts) < 2 * len(row) + 10, target.indicator


def _same(published: str, written: str) -> bool:
    return published.strip("(),.;:") == written.strip("(),.;:") or written in published


def _span(published: list[str], row: list[str], start: int) -> int:
    """How many published words it takes, from ``start``, to meet the row's words in order."""
    position = start
    for word in row[1:]:
        position = next((i for i in range(position + 1, len(published)) if _same(published[i], word)), None)
        if position is None:
            return len(published)
    return position - start


def test_national_strategy_milestones():
    plan = load("quoc-gia/2021-2030.yaml")
    by_id = targets(plan)
    assert len(by_id) == 23 and plan.level.value == "quốc gia"
    assert (plan.document.number, plan.document.symbol, str(plan.document.date)) == ("28", "NQ-CP", "03/3/2021")
    one = by_id["1.1"]
    assert [(m.year, m.target.value) for m in one.milestones] == [(2025, 60), (2030, 75)]
    assert by_id["4.1"].milestone(2025, plan.year).value == 111
    assert by_id["2.2"].milestone(2027, plan.year).comparator is Comparator.LESS_THAN
    # Unconfirmed values are left out, never invented.
    for unconfirmed in ("4.3", "6.2", "6.3", "6.4"):
        assert by_id[unconfirmed].milestones == []
    assert [m.year for m in by_id["5.2b"].milestones] == [2025]


def test_kon_tum_province_2025():
    plan = load("kon-tum/2025.yaml")
    by_id = targets(plan)
    assert (plan.level.value, plan.document.number, str(plan.document.date)) == ("tỉnh", "956", "24/3/2025")
    assert set(by_id) == set(targets(load("quoc-gia/2021-2030.yaml"))) - {"4.4"}
    assert by_id["1.1"].target.value == 60 and by_id["2.3"].target.value == 31
    # 4.2: "dưới 31,7" while the 2024 result was already 31,6
    assert (by_id["4.2"].target.comparator, by_id["4.2"].target.value) == (Comparator.LESS_THAN, Decimal("31.7"))
    assert (by_id["4.2"].baseline.value.value, by_id["4.2"].baseline.year) == (Decimal("31.6"), 2024)
    # 4.3: body "giảm từ 70 … xuống 55", appendix row "giảm từ 55 … xuống 56,3", 2024 result 68
    assert (by_id["4.3"].target.baseline, by_id["4.3"].target.value) == (70, 55)
    assert "xuống 56,3/1.000" in by_id["4.3"].appendix.text and by_id["4.3"].baseline.value.value == 68
    assert by_id["5.2a"].target.value == Decimal("99.75")
    breakdown = {row.label: row for row in by_id["1.1"].breakdown}
    state_bodies = breakdown["Cơ quan quản lý nhà nước"]
    assert (state_bodies.target.value, state_bodies.target.fraction.numerator, state_bodies.target.fraction.denominator) == (55, 11, 20)
    assert [(str(d.by), d.to) for d in plan.reporting] == [("15/12/2025", "Sở Nội vụ")]
    assert plan.signature.name == "Y Ngọc"


def test_ia_hdrai_2025():
    plan = load("kon-tum/ia-hdrai/2025.yaml")
    by_id = targets(plan)
    assert plan.level.value == "huyện" and plan.document.number is None
    assert (plan.document.date.day, plan.document.date.month, plan.document.date.year) == (None, 4, 2025)
    assert plan.implements[0].number == "956/KH-UBND" and plan.implements[0].path == "../2025.yaml"
    assert len(by_id) == 22 and "4.4" not in by_id
    assert by_id["1.1"].target.value == 30  # the province demands 60%
    assert by_id["3.4"].target.value == 70
    # body "đạt trên 90%", appendix 99,75
    assert (by_id["5.2a"].target.comparator, by_id["5.2a"].target.value) == (Comparator.MORE_THAN, 90)
    assert by_id["5.2a"].appendix.target.value == Decimal("99.75")
    assert (by_id["4.2"].target.comparator, by_id["4.2"].target.value) == (Comparator.LESS_THAN, Decimal("32.5"))
    assert (by_id["4.3"].target.baseline, by_id["4.3"].target.value) == (73, 55)
    assert by_id["5.2b"].target.value == 77
    assert [(str(d.by), d.to) for d in plan.reporting] == [("15/12/2025", "Phòng Nội vụ")]
    organisation = next(section for section in plan.sections if "TỔ CHỨC" in section.title)
    assert len([item for item in organisation.items if item.agencies]) == 12 and plan.signature.name == "Nguyễn Tiến Dũng"
    assert by_id["2.3"].lead == "Phòng Tài chính - Kế hoạch"


def test_nguyen_trai_ward_2025():
    plan = load("kon-tum/tp-kon-tum/nguyen-trai/2025.yaml")
    by_id = targets(plan)
    assert plan.level.value == "xã" and plan.implements[0].number == "62/KH-UBND" and plan.implements[0].path is None
    assert "3.4" not in by_id  # a ward has no public social-assistance facility
    assert (by_id["4.1"].target.comparator, by_id["4.1"].target.value) == (Comparator.AT, 100)
    assert (by_id["4.2"].target.value, by_id["4.2"].target.unit) == (0, "percent")
    assert (by_id["4.3"].target.change, by_id["4.3"].target.value) == ("decrease", 0)
    assert by_id["1.1"].target.value == 40 and "6.4" not in by_id  # its "Chỉ tiêu 4" is about 20/10 events
    assert [s.number for s in plan.sections] == ["I.", "II.", "III.", "IV.", "V."]
    assert [(str(d.by)) for d in plan.reporting] == ["03/12/2025"]
    assert plan.signature.name == "Trần Thị Long"


def test_thanh_liem_draft_2021_2025():
    plan = load("ha-nam/thanh-liem/2021-2025.yaml")
    by_id = targets(plan)
    assert (plan.period.start, plan.period.end) == (2021, 2025)
    assert plan.document.number is None and (plan.document.date.month, plan.document.date.year) == (7, 2021)
    assert [s.number for s in plan.sections] == ["I.", "II.", "IV.", "V."]  # III is missing as published
    specific = next(item for item in plan.sections[0].items if item.title and "Mục tiêu cụ thể" in item.title)
    assert [o.number for o in specific.items] == ["a)", "b)", "c)", "d)", "đ)", "e)"]
    assert by_id["1.1"].target.value == 30 and by_id["2.3"].target.value == 20
    assert by_id["4.1"].target.value == Decimal("110.7")
    assert (by_id["4.3"].target.baseline, by_id["4.3"].target.value) == (23, 18)
    assert by_id["6.4"].target is None
    [deadline] = plan.reporting
    assert deadline.yearly and (deadline.by.day, deadline.by.month, deadline.by.year) == (5, 12, None)
    assert (plan.signature.on_behalf, plan.signature.name) == ("KT. CHỦ TỊCH", "Lại Thị Ngọc Trâm")
