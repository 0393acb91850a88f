"""The rules about words, agencies and dates (issue 10), each on small constructed plans:
lead-coverage, obsolete-agency, cross-reference, indicator-wording and the self-checks of
deadline-order. Each finds its defect and says nothing on the corrected plan."""

from __future__ import annotations

import re

import pytest
import yaml

from gecli.findings import Severity
from gecli.new import new_plan
from gecli.validate import validate


def base(level: str = "tỉnh", date: str | dict | None = "24/3/2025", period: str | int = 2025) -> dict:
    """A small province plan: one objective with two targets, an organisation section."""
    plan = {
        "level": level,
        "issuer": {"name": "Ủy ban nhân dân tỉnh Thử", "locality": "tỉnh Thử"},
        "document": {"number": "9", "title": "Triển khai thực hiện Chiến lược quốc gia về bình đẳng giới năm 2025"},
        "period": period,
        "sections": [
            {
                "number": "I.",
                "title": "MỤC TIÊU",
                "items": [
                    {
                        "number": "1.",
                        "title": "Mục tiêu 2: Trong lĩnh vực kinh tế, lao động",
                        "items": [
                            {
                                "number": "-",
                                "text": "Chỉ tiêu 1: Tăng tỷ lệ lao động nữ làm công hưởng lương đạt 50%.",
                                "targets": [{"indicator": "2.1", "text": "Tăng tỷ lệ lao động nữ làm công hưởng lương đạt 50%.", "target": "đạt 50%"}],
                            },
                            {
                                "number": "-",
                                "text": "Chỉ tiêu 2: Tỷ lệ nữ giám đốc/chủ doanh nghiệp, hợp tác xã đạt 27%.",
                                "targets": [{"indicator": "2.3", "text": "Tỷ lệ nữ giám đốc/chủ doanh nghiệp, hợp tác xã đạt 27%.", "target": "đạt 27%"}],
                            },
                        ],
                    }
                ],
            },
            {"number": "II.", "title": "KINH PHÍ", "items": [{"text": "Ngân sách nhà nước."}]},
            {
                "number": "III.",
                "title": "TỔ CHỨC THỰC HIỆN",
                "items": [
                    {"number": "1.", "title": "Sở Nội vụ:", "text": "Chủ trì, theo dõi.", "agencies": ["Sở Nội vụ"]},
                    {"number": "2.", "title": "Sở Tài chính:", "text": "Bố trí kinh phí.", "agencies": ["Sở Tài chính"]},
                ],
            },
        ],
    }
    if date is not None:
        plan["document"]["date"] = date
    return plan


def section(plan: dict, title: str) -> dict:
    return next(s for s in plan["sections"] if s["title"] == title)


def targets(plan: dict) -> dict[str, dict]:
    lines = section(plan, "MỤC TIÊU")["items"][0]["items"]
    return {t["indicator"]: t for line in lines for t in line["targets"]}


def organisation(plan: dict) -> list[dict]:
    return section(plan, "TỔ CHỨC THỰC HIỆN")["items"]


def run(write, plan: dict, name: str = "plan.yaml"):
    report = validate([str(write(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), name))])
    return [f for f in report.findings if not f.suppressed]


def found(findings, rule: str) -> set[tuple[str | None, str]]:
    return {(f.indicator, f.severity.value) for f in findings if f.rule == rule}


def of(findings, rule: str):
    return [f for f in findings if f.rule == rule]


# --- lead-coverage -------------------------------------------------------------------------


def with_leads(**leads):
    plan = base()
    for indicator, lead in leads.items():
        targets(plan)[indicator.replace("_", ".")]["lead"] = lead
    return plan


def test_lead_coverage_an_indicator_nobody_leads(write):
    findings = run(write, with_leads(**{"2_1": "Sở Nội vụ"}))
    assert found(findings, "lead-coverage") == {("2.3", "warning")}
    assert "2.3" in of(findings, "lead-coverage")[0].message.text("vi")


def test_lead_coverage_every_indicator_led_is_silent(write):
    assert found(run(write, with_leads(**{"2_1": "Sở Nội vụ", "2_3": "Sở Tài chính"})), "lead-coverage") == set()


def test_lead_coverage_reads_the_executor_cell_when_lead_is_not_written(write):
    plan = with_leads(**{"2_1": "Sở Nội vụ"})
    targets(plan)["2.3"]["appendix"] = {"executor": "Sở Tài chính chủ trì, phối hợp với các đơn vị có liên quan"}
    plan["appendix"] = {"title": "PHÂN CÔNG"}
    assert found(run(write, plan), "lead-coverage") == set()


def test_lead_coverage_a_lost_executor_cell_is_not_judged(write):
    """The extraction lost the cell (executor left out): gecli cannot tell; a blank cell ("") is blank."""
    plan = with_leads(**{"2_1": "Sở Nội vụ"})
    plan["appendix"] = {"title": "PHÂN CÔNG"}
    targets(plan)["2.3"]["appendix"] = {"number": "2.3", "target": "27"}
    assert found(run(write, plan), "lead-coverage") == set()
    targets(plan)["2.3"]["appendix"]["executor"] = ""
    assert found(run(write, plan), "lead-coverage") == {("2.3", "warning")}


def test_lead_coverage_two_agencies_each_lead(write):
    plan = with_leads(**{"2_1": "Sở Nội vụ", "2_3": "Sở Tài chính"})
    organisation(plan)[0]["charges"] = [
        {"indicators": ["2.3"], "role": "responsible", "text": "Chịu trách nhiệm tổ chức thực hiện chỉ tiêu 2 của mục tiêu 2"}
    ]
    findings = run(write, plan)
    assert found(findings, "lead-coverage") == {("2.3", "warning")}
    text = of(findings, "lead-coverage")[0].message.text("vi")
    assert "Sở Tài chính" in text and "Sở Nội vụ" in text and text.count("plan.yaml:") == 2


def test_lead_coverage_the_same_lead_twice_is_one_lead(write):
    plan = with_leads(**{"2_1": "Sở Nội vụ", "2_3": "Sở Tài chính"})
    organisation(plan)[1]["charges"] = [{"indicators": ["2.3"], "role": "responsible"}]
    organisation(plan)[0]["charges"] = [{"indicators": ["2.3"], "role": "coordinate"}]
    assert found(run(write, plan), "lead-coverage") == set()


def test_lead_coverage_one_agency_written_with_and_without_its_locality(write):
    plan = with_leads(**{"2_1": "Sở Nội vụ", "2_3": "Sở Tài chính"})
    organisation(plan)[1].update(agencies=["Sở Tài chính tỉnh Thử"], charges=[{"indicators": ["2.3"], "role": "responsible"}])
    assert found(run(write, plan), "lead-coverage") == set()
    organisation(plan)[1]["agencies"] = ["Sở Tài chính tỉnh"]
    assert found(run(write, plan), "lead-coverage") == set()


def test_lead_coverage_assignments_in_the_text(write):
    """No appendix: Tổ chức thực hiện charges the indicators; one is only counted."""
    plan = base()
    organisation(plan)[0]["charges"] = [
        {"indicators": ["2.1"], "role": "responsible", "text": "Chịu trách nhiệm tổ chức thực hiện chỉ tiêu 1 của mục tiêu 2"}
    ]
    organisation(plan)[1]["charges"] = [
        {"indicators": ["2.3"], "role": "data", "text": "Chủ trì thu thập và báo cáo số liệu chỉ tiêu 2 của mục tiêu 2"}
    ]
    findings = run(write, plan)
    assert found(findings, "lead-coverage") == {("2.3", "warning")}
    [finding] = of(findings, "lead-coverage")
    assert finding.message.key == "lead_data_only" and "Sở Tài chính" in finding.message.text("vi")
    organisation(plan)[1]["charges"][0]["role"] = "responsible"
    assert found(run(write, plan), "lead-coverage") == set()


def test_lead_coverage_a_plan_that_assigns_no_indicator_is_not_judged(write):
    assert found(run(write, base()), "lead-coverage") == set()


# --- obsolete-agency -----------------------------------------------------------------------


def test_obsolete_agency_names_the_successor_and_the_basis(write):
    plan = with_leads(**{"2_1": "Sở Lao động - Thương binh và Xã hội", "2_3": "Sở Kế hoạch và Đầu tư"})
    findings = run(write, plan)
    assert {f.severity for f in of(findings, "obsolete-agency")} == {Severity.ERROR}
    texts = [f.message.text("vi") for f in of(findings, "obsolete-agency")]
    assert len(texts) == 2
    assert any("nay là Sở Nội vụ" in t and "Nghị định 45/2025/NĐ-CP" in t and "01/03/2025" in t for t in texts)
    assert any("nay là Sở Tài chính" in t for t in texts)
    assert all("plan.yaml:" in t and "reorganisations.yaml" in t for t in texts)
    assert "Sở Nội vụ" in of(findings, "obsolete-agency")[0].message.hint("vi")


def test_obsolete_agency_the_old_name_was_right_before_the_change(write):
    plan = with_leads(**{"2_1": "Sở LĐTBXH", "2_3": "Sở Kế hoạch và Đầu tư"})
    plan["document"]["date"] = "15/01/2025"
    assert of(run(write, plan), "obsolete-agency") == []


def test_obsolete_agency_partial_date_is_read_at_its_earliest(write):
    plan = with_leads(**{"2_1": "Sở LĐTBXH"})
    plan["document"]["date"] = {"month": 2, "year": 2025}  # could be 28/2: not reported
    assert of(run(write, plan), "obsolete-agency") == []
    plan["document"]["date"] = {"month": 3, "year": 2025}
    assert len(of(run(write, plan), "obsolete-agency")) == 1
    del plan["document"]["date"]  # no date: the first day of the period
    assert of(run(write, plan), "obsolete-agency") == []


def test_obsolete_agency_district_bodies_after_the_district_level_ended(write):
    plan = base(level="xã", date="10/7/2025")
    plan["issuer"] = {"name": "Ủy ban nhân dân xã Thử", "locality": "xã Thử"}
    organisation(plan)[0].update(title="Phòng Nội vụ huyện:", agencies=["Phòng Nội vụ huyện"])
    organisation(plan)[1].update(title="Phòng Lao động - Thương binh và Xã hội:", agencies=["Phòng Lao động - Thương binh và Xã hội"])
    plan["reporting"] = [{"to": "Phòng Nội vụ", "by": "05/12/2025"}]
    plan["recipients"] = ["UBND huyện (b/c);", "Văn phòng HĐND và UBND xã;", "Ban Dân tộc HĐND tỉnh;", "Lưu: VT."]
    findings = of(run(write, plan), "obsolete-agency")
    texts = [f.message.text("vi") for f in findings]
    assert len(findings) == 4  # two agencies, the report's recipient, UBND huyện
    assert sum("nay là Phòng Văn hóa - Xã hội" in t for t in texts) == 3
    # Phòng LĐTBXH went to Phòng Nội vụ on 1/3, which ended on 1/7: the chain is named.
    assert any("Phòng Nội vụ từ 01/03/2025" in t and "Phòng Văn hóa - Xã hội từ 01/07/2025" in t for t in texts)
    assert not any("Văn phòng HĐND" in t or "Ban Dân tộc" in t for t in texts)


def test_obsolete_agency_unverified_successor_is_only_a_note(write):
    plan = base(date="10/7/2025")
    organisation(plan)[0].update(title="Phòng Y tế huyện:", agencies=["Phòng Y tế huyện"])
    [finding] = of(run(write, plan), "obsolete-agency")
    assert finding.severity is Severity.NOTE and finding.message.key == "obsolete_agency_unverified"


def test_obsolete_agency_single_source_is_a_warning(write):
    plan = base(level="xã", date="10/7/2025")
    plan["issuer"] = {"name": "Ủy ban nhân dân xã Thử", "locality": "xã Thử"}
    organisation(plan)[0].update(title="Phòng Dân tộc và Tôn giáo:", agencies=["Phòng Dân tộc và Tôn giáo"])
    [finding] = of(run(write, plan), "obsolete-agency")
    assert finding.severity is Severity.WARNING and "mới có một nguồn" in finding.message.text("vi")


def test_obsolete_agency_merged_province(write):
    plan = base(date="10/7/2025")
    plan["recipients"] = ["UBND tỉnh Kon Tum (b/c);", "Lưu: VT."]
    [finding] = of(run(write, plan), "obsolete-agency")
    assert "tỉnh Quảng Ngãi" in finding.message.text("vi") and "202/2025/QH15" in finding.message.text("vi")


def test_obsolete_agency_correct_plan_is_silent(write):
    plan = with_leads(**{"2_1": "Sở Nội vụ", "2_3": "Sở Tài chính"})
    plan["reporting"] = [{"to": "Sở Nội vụ", "by": "05/12/2025"}]
    plan["recipients"] = ["Bộ Nội vụ (b/c);", "Sở Dân tộc và Tôn giáo;", "Lưu: VT."]
    assert of(run(write, plan), "obsolete-agency") == []


def test_gecli_new_never_drafts_an_abolished_agency(write, tmp_path):
    """A national record naming the old ministries, drafted for a province in 2026 and in 2024."""
    parent = base(level="quốc gia", date="03/3/2021", period="2021-2030")
    parent["issuer"] = {"name": "Chính phủ"}
    parent["document"].update(number="28", symbol="NQ-CP", title="Ban hành Chiến lược")
    for target in targets(parent).values():
        target["lead"] = "Bộ Lao động - Thương binh và Xã hội"
    organisation(parent)[0].update(title="Bộ Lao động - Thương binh và Xã hội:", agencies=["Bộ Lao động - Thương binh và Xã hội"])
    organisation(parent)[1].update(title="Bộ Kế hoạch và Đầu tư:", agencies=["Bộ Kế hoạch và Đầu tư"])
    parent["reporting"] = [{"to": "Bộ Lao động - Thương binh và Xã hội", "by": "15/12", "yearly": True}]
    parent_path = write(yaml.safe_dump(parent, allow_unicode=True, sort_keys=False), "qg/2021-2030.yaml")
    for year, expected in ((2026, "Sở Nội vụ"), (2024, "Sở Lao động - Thương binh và Xã hội")):
        output = tmp_path / "qg" / "t" / f"{year}.yaml"
        output.parent.mkdir(parents=True, exist_ok=True)
        text = new_plan(str(parent_path), "tỉnh", "Ủy ban nhân dân tỉnh Thử", str(output), year)
        draft = yaml.safe_load(text)
        leads = {t["lead"] for s in draft["sections"] for i in s.get("items", []) for line in i.get("items", []) for t in line.get("targets", [])}
        assert leads == {expected}
        assert draft["reporting"][0]["to"] == expected
        output.write_text(text, encoding="utf-8")
        assert of([f for f in validate([str(output)]).findings if not f.suppressed], "obsolete-agency") == []
        if year == 2026:
            assert "→ Sở Nội vụ (từ 01/03/2025" in text and "Bộ Kế hoạch và Đầu tư → Bộ Tài chính" in text
            assert "Bộ Nội vụ (b/c);" in draft["recipients"]


# --- cross-reference -----------------------------------------------------------------------


def six_sections() -> dict:
    """V is KINH PHÍ and the agencies are assigned in VI, as in the issue."""
    plan = base()
    objectives, budget, organisation_ = plan["sections"]
    plan["sections"] = [
        {"number": "I.", "title": "MỤC ĐÍCH", "items": [{"text": "Nhằm …"}]},
        {**objectives, "number": "II."},
        {"number": "III.", "title": "NHIỆM VỤ", "items": [{"text": "Tuyên truyền."}]},
        {"number": "IV.", "title": "THỜI GIAN", "items": [{"text": "Năm 2025."}]},
        {**budget, "number": "V."},
        {**organisation_, "number": "VI."},
    ]
    return plan


@pytest.mark.parametrize("line, key", [("Như mục V;", "xref_not_organisation"), ("Các đơn vị tại Mục VII;", "xref_no_section"), ("Như mục VI;", None)])
def test_cross_reference_recipients_to_a_section(write, line, key):
    plan = six_sections()
    plan["recipients"] = ["Bộ Nội vụ (b/c);", line, "Lưu: VT."]
    findings = of(run(write, plan), "cross-reference")
    assert [f.message.key for f in findings] == ([key] if key else [])
    if key == "xref_not_organisation":
        text = findings[0].message.text("vi")
        assert "V. KINH PHÍ" in text and "VI. TỔ CHỨC THỰC HIỆN" in text and text.count("plan.yaml:") == 2


def test_cross_reference_appendix_that_is_not_there(write):
    plan = base()
    plan["sections"][0]["items"].append({"text": "(Chi tiết nội dung, nhiệm vụ, đơn vị thực hiện tại Phụ lục kèm theo)"})
    organisation(plan)[0]["text"] = "Căn cứ nhiệm vụ được giao tại Phụ lục (kèm theo) chủ trì thực hiện."
    findings = of(run(write, plan), "cross-reference")
    assert [f.message.key for f in findings] == ["xref_no_appendix", "xref_no_appendix"]
    plan["appendix"] = {"title": "PHÂN CÔNG THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU"}
    assert of(run(write, plan), "cross-reference") == []


@pytest.mark.parametrize(
    "sentence, key",
    [
        ("Chịu trách nhiệm tổ chức thực hiện chỉ tiêu 3 của mục tiêu 2.", "xref_no_target"),
        ("Chủ trì thực hiện chỉ tiêu 1 của mục tiêu 4.", "xref_no_objective"),
        ("Chịu trách nhiệm tổ chức thực hiện chỉ tiêu 1, 2 của mục tiêu 2.", None),
        ("Chủ trì thực hiện chỉ tiêu 1 và 2 thuộc Mục tiêu 2.", None),
    ],
)
def test_cross_reference_target_of_an_objective(write, sentence, key):
    plan = base()
    organisation(plan)[0]["text"] = sentence
    findings = of(run(write, plan), "cross-reference")
    assert [f.message.key for f in findings] == ([key] if key else [])
    if key == "xref_no_target":
        assert "chỉ có 2 chỉ tiêu" in findings[0].message.text("vi") and "plan.yaml:" in findings[0].message.text("vi")


def test_cross_reference_counts_unnumbered_target_lines(write):
    plan = base()
    for line in plan["sections"][0]["items"][0]["items"]:
        line["text"] = line["text"].split(": ", 1)[1]  # no "Chỉ tiêu N:" labels
    organisation(plan)[0]["text"] = "Chủ trì thực hiện chỉ tiêu 2 của mục tiêu 2; chỉ tiêu 3 của mục tiêu 2."
    assert [f.message.params["target"] for f in of(run(write, plan), "cross-reference")] == [3]


# --- indicator-wording ---------------------------------------------------------------------


def with_target(indicator: str, text: str, target: str) -> dict:
    plan = base()
    line = plan["sections"][0]["items"][0]["items"][0]
    line["text"] = f"Chỉ tiêu 1: {text}"
    line["targets"] = [{"indicator": indicator, "text": text, "target": target}]
    return plan


@pytest.mark.parametrize(
    "indicator, text, target, key",
    [
        # the ratio's reference dropped
        ("3.1", "Giảm số giờ làm công việc nội trợ và chăm sóc trong gia đình không được trả công của phụ nữ còn 1,7 lần.", "còn 1,7 lần", "wording_missing"),
        # a rate for the ratio
        ("4.1", "Tỷ lệ giới tính khi sinh ở mức dưới 108 bé trai/100 bé gái sinh ra sống.", "ở mức dưới 108 bé trai/100 bé gái", "wording_wrong"),
        # a narrower scope
        ("3.1", "Giảm số giờ chăm sóc con nhỏ không được trả công của phụ nữ còn 1,7 lần so với nam giới.", "còn 1,7 lần", "wording_wrong"),
        ("5.2a", "Tỷ lệ trẻ em hoàn thành giáo dục tiểu học đạt 95%.", "đạt 95%", "wording_missing"),
        # faithful paraphrases
        ("3.1", "Phấn đấu số giờ làm việc nhà, chăm sóc trong gia đình không được trả công của phụ nữ chỉ còn 1,7 lần so với nam giới.", "còn 1,7 lần", None),
        ("4.1", "Tỷ số giới tính khi sinh dưới 108 bé trai/100 bé gái.", "dưới 108 bé trai/100 bé gái", None),
        ("5.2a", "Trẻ em dân tộc thiểu số hoàn thành cấp tiểu học đạt 95%.", "đạt 95%", None),
        ("6.3", "Mỗi xã hằng quý có ít nhất 04 tin, bài về bình đẳng giới.", "có ít nhất 04 tin, bài", None),
    ],
)
def test_indicator_wording(write, indicator, text, target, key):
    findings = of(run(write, with_target(indicator, text, target)), "indicator-wording")
    assert [f.message.key for f in findings] == ([key] if key else [])
    assert all(f.severity is not Severity.ERROR for f in findings)
    if key:
        message = findings[0].message.text("vi")
        assert indicator in message and "wording.yaml" in message and "plan.yaml" not in message


def test_indicator_wording_the_shared_sentence_counts(write):
    """Two targets in one sentence share its subject: "dân tộc thiểu số" is said once."""
    plan = base()
    sentence = "Tỷ lệ học sinh dân tộc thiểu số hoàn thành cấp tiểu học đạt 99%; tỷ lệ hoàn thành cấp trung học cơ sở đạt 95%."
    plan["sections"][0]["items"][0]["items"] = [
        {
            "number": "-",
            "text": sentence,
            "targets": [
                {"indicator": "5.2a", "text": "Tỷ lệ học sinh dân tộc thiểu số hoàn thành cấp tiểu học đạt 99%", "target": "đạt 99%"},
                {"indicator": "5.2b", "text": "tỷ lệ hoàn thành cấp trung học cơ sở đạt 95%.", "target": "đạt 95%"},
            ],
        }
    ]
    assert of(run(write, plan), "indicator-wording") == []


@pytest.mark.parametrize(
    "period, cited, severity",
    [(2025, "2021-2025", "warning"), ("2021-2025", "2021 - 2025", "note"), (2025, "2021-2030", None), (2015, "2011-2020", None)],
)
def test_indicator_wording_strategy_period(write, period, cited, severity):
    plan = base(period=period, date=None)
    plan["opening"] = [f"Thực hiện Nghị quyết số 28/NQ-CP ban hành Chiến lược quốc gia về bình đẳng giới giai đoạn {cited}; Ủy ban nhân dân tỉnh ban hành Kế hoạch."]
    findings = of(run(write, plan), "indicator-wording")
    assert [f.severity.value for f in findings] == ([severity] if severity else [])
    if severity:
        assert "2021-2030" in findings[0].message.text("vi") and "28/NQ-CP" in findings[0].message.text("vi")


# --- deadline-order, the plan against itself ------------------------------------------------


def deadlines(*entries: dict) -> dict:
    plan = base()
    plan["reporting"] = list(entries)
    return plan


def test_deadline_units_on_the_last_days_of_the_year(write):
    findings = of(run(write, deadlines({"to": "Sở Nội vụ", "by": "30/12/2025"})), "deadline-order")
    assert [(f.message.key, f.severity.value) for f in findings] == [("deadline_year_end", "warning")]
    assert of(run(write, deadlines({"to": "Sở Nội vụ", "by": "10/12/2025"})), "deadline-order") == []


def test_deadline_units_no_earlier_than_the_issuers_own(write):
    own = {"reporter": "Ủy ban nhân dân tỉnh", "to": "Bộ Nội vụ", "by": "20/12/2025"}
    findings = of(run(write, deadlines({"to": "Sở Nội vụ", "by": "20/12/2025"}, own)), "deadline-order")
    assert [(f.message.key, f.severity.value) for f in findings] == [("deadline_not_before_own", "error")]
    text = findings[0].message.text("vi")
    assert "Bộ Nội vụ" in text and "plan.yaml:" in text
    assert of(run(write, deadlines({"to": "Sở Nội vụ", "by": "10/12/2025"}, own)), "deadline-order") == []
    # The issuer's own deadline is known: 30/12 is fine when it reports in January.
    later = {**own, "by": "10/01/2026"}
    keys = [f.message.key for f in of(run(write, deadlines({"to": "Sở Nội vụ", "by": "30/12/2025"}, later)), "deadline-order")]
    assert keys == ["deadline_after_period"]


def test_deadline_after_the_end_of_the_period(write):
    findings = of(run(write, deadlines({"to": "Sở Nội vụ", "by": "15/12/2026"})), "deadline-order")
    assert [(f.message.key, f.severity.value) for f in findings] == [("deadline_after_period", "warning")]
    assert "2025" in findings[0].message.text("vi") and "plan.yaml:" in findings[0].message.text("vi")


def test_deadline_without_a_year_says_which_year(write):
    findings = of(run(write, deadlines({"to": "Sở Nội vụ", "by": "15/6"})), "deadline-order")
    assert [(f.message.key, f.severity.value) for f in findings] == [("deadline_year_assumed", "note")]
    assert "15/06/2025" in findings[0].message.text("vi")
    assert of(run(write, deadlines({"to": "Sở Nội vụ", "by": "15/6", "yearly": True})), "deadline-order") == []


# --- all four rules: a correct plan is silent, and the regular expressions stay linear -------


def test_a_correct_plan_raises_nothing_new(write):
    plan = six_sections()
    for indicator, lead in (("2.1", "Sở Nội vụ"), ("2.3", "Sở Tài chính")):
        targets(plan)[indicator]["lead"] = lead
    plan["opening"] = ["Thực hiện Nghị quyết số 28/NQ-CP ban hành Chiến lược quốc gia về bình đẳng giới giai đoạn 2021-2030."]
    plan["reporting"] = [{"to": "Sở Nội vụ", "by": "05/12/2025"}, {"reporter": "Sở Nội vụ", "to": "Bộ Nội vụ", "by": "15/12/2025"}]
    plan["recipients"] = ["Bộ Nội vụ (b/c);", "Như mục VI;", "Lưu: VT."]
    rules = {"lead-coverage", "obsolete-agency", "cross-reference", "indicator-wording", "deadline-order"}
    assert [f for f in run(write, plan) if f.rule in rules] == []


def test_long_hostile_text_is_checked_quickly(write):
    """Linear matching: a 60 000-character sentence of near-misses."""
    import time

    plan = base()
    noise = ("chỉ tiêu 1, 2, 3, " * 2000) + ("Phòng Dân tộc " * 1000) + ("tại mục " * 1000)
    organisation(plan)[0]["text"] = noise
    plan["recipients"] = [noise]
    organisation(plan)[0]["agencies"] = [noise[:5000]]
    start = time.perf_counter()
    run(write, plan)
    assert time.perf_counter() - start < 10


def test_every_new_message_has_both_languages_and_a_hint():
    from gecli.i18n import catalog

    keys = [k for k in catalog() if re.match(r"(lead_|obsolete_agency|xref_|wording_|deadline_(?!not_earlier))", k) and not k.endswith(".hint")]
    assert len(keys) >= 18
    for key in keys:
        assert catalog()[key]["vi"] and catalog()[key]["en"], key
        if key not in ("obsolete_agency_step", "wording_strategy_own_period"):
            assert f"{key}.hint" in catalog(), key


def test_reorganisation_data_is_sourced_and_unambiguous():
    from gecli.names import name_key
    from gecli.reorganisations import entries

    data = entries()
    assert len(data) == 60
    spellings: dict[str, str] = {}
    for entry in data.values():
        assert entry.sources and entry.basis and entry.status in ("confirmed", "single source", "unconfirmed")
        assert entry.next is None or entry.next in data
        for spelling in entry.spellings:
            assert spellings.setdefault(name_key(spelling), entry.id) == entry.id, spelling
    # The names communes still use are never matched bare.
    for bare in ("Văn phòng HĐND và UBND", "Phòng Kinh tế", "Phòng Kinh tế, Hạ tầng và Đô thị", "Ủy ban nhân dân thành phố"):
        assert name_key(bare) not in spellings
