"""Each rule on small crafted plans: what it flags, what it must not flag."""

import json

import pytest

from gecli.rules import all_rules, documented_rules
from gecli.validate import validate


def plan(level, name, targets, *, number=None, date=None, implements="", reporting="", extra=""):
    lines = [
        f"level: {level}",
        f"issuer: {{name: Ủy ban nhân dân {name}}}",
        "document:",
        f'  number: "{number}"' if number else "",
        f"  date: {date}" if date else "",
        "  title: Kế hoạch thử",
        "period: 2025",
        implements,
        "sections:",
        "  - title: Mục tiêu",
        "    items:",
        "      - targets:" if targets else "      - targets: []",
    ]
    for indicator, fields in targets.items():
        lines.append(f'          - indicator: "{indicator}"')
        lines += [f"            {key}: {value}" for key, value in fields.items()]
    return "\n".join(line for line in lines if line) + "\n" + reporting + extra


PARENT_REF = """implements:
  - number: 956/KH-UBND
    date: 24/3/2025
    issuer: Ủy ban nhân dân tỉnh Thử
    path: ../2025.yaml
"""


@pytest.fixture
def family(write):
    """A province plan and a district plan that cites it by path; returns findings by file."""

    def _family(parent_targets, child_targets, *, child_extra="", parent_extra="", implements=PARENT_REF):
        write(plan("tỉnh", "tỉnh Thử", parent_targets, number="956", date="24/3/2025", extra=parent_extra), "t/2025.yaml")
        child = write(plan("huyện", "huyện Con", child_targets, implements=implements, extra=child_extra), "t/h/2025.yaml")
        report = validate([str(child.parent.parent)])
        return report, [f for f in report.findings if f.file.endswith("t/h/2025.yaml")]

    return _family


def rules_of(findings, include_notes=False):
    return {(f.rule, f.indicator) for f in findings if not f.suppressed and (include_notes or f.severity.value != "note")}


@pytest.mark.parametrize(
    "indicator, parent, child, weaker",
    [
        ("1.1", "đạt 60%", "có 30%", True),
        ("1.1", "đạt 60%", "đạt 60%", False),
        ("1.1", "đạt 60%", "khoảng 75%", False),
        ("5.2a", "trên 90%", "đạt 90%", True),  # same number, looser wording
        ("5.2a", "đạt 90%", "trên 90%", False),
        ("4.2", "dưới 31,7/100.000", "dưới 32,5/100.000", True),  # lower is better
        ("4.2", "dưới 31,7/100.000", "giảm còn 30/100.000", False),
        ("4.1", "ở mức dưới 108 bé trai/100 bé gái", "ở mức 110 bé trai/100 bé gái", True),
        ("3.1", "còn 1,7 lần", "còn 1,5 lần", False),
        ("4.2", "dưới 31,7/100.000", "0%", False),  # different unit: not compared (unit-mismatch says why)
    ],
)
def test_weaker_than_parent(family, indicator, parent, child, weaker):
    _, findings = family({indicator: {"target": f'"{parent}"'}}, {indicator: {"target": f'"{child}"'}})
    assert (("weaker-than-parent", indicator) in rules_of(findings)) is weaker


def test_weaker_can_be_waived_with_a_reason(family, cli, tmp_path):
    waiver = "\n            waivers: [{rule: weaker-than-parent, reason: Địa bàn mới thành lập}]"
    report, findings = family({"1.1": {"target": '"đạt 60%"'}}, {"1.1": {"target": '"có 30%"' + waiver}})
    [finding] = [f for f in findings if f.rule == "weaker-than-parent"]
    assert finding.suppressed == "Địa bàn mới thành lập" and report.exit_code() == 0
    result = cli("validate", "--format", "json", str(tmp_path / "t"))
    [record] = [r for r in json.loads(result.stdout)["findings"] if r["rule"] == "weaker-than-parent"]
    assert record["suppressed"] is True and record["waiver_reason"] == "Địa bàn mới thành lập"
    assert result.exit_code == 0


def test_missing_indicator_and_plan_level_waiver(family):
    parent = {"1.1": {"target": '"đạt 60%"'}, "3.4": {"target": '"có 70%"'}, "4.4": {"target": '"40%"'}}
    _, findings = family(parent, {"1.1": {"target": '"đạt 60%"'}})
    assert rules_of(findings, include_notes=True) == {("missing-indicator", "3.4"), ("missing-indicator", "4.4")}
    assert {f.indicator: f.severity.value for f in findings} == {"3.4": "warning", "4.4": "note"}
    waived = "waivers:\n  - {rule: missing-indicator, indicator: \"3.4\", reason: Huyện không có cơ sở công lập}\n"
    _, findings = family(parent, {"1.1": {"target": '"đạt 60%"'}}, child_extra=waived)
    assert [f.suppressed for f in findings if f.indicator == "3.4"] == ["Huyện không có cơ sở công lập"]


def test_nearest_ancestor_when_the_cited_parent_has_no_file(family):
    cited = "implements:\n  - {number: 62/KH-UBND, date: 2/4/2025, issuer: UBND thành phố}\n"
    _, findings = family({"1.1": {"target": '"đạt 60%"'}}, {"1.1": {"target": '"có 30%"'}}, implements=cited)
    [finding] = [f for f in findings if f.rule == "weaker-than-parent"]
    text = finding.message.text("vi")
    assert "so với tỉnh Thử 2025" in text and "62/KH-UBND" in text


@pytest.mark.parametrize(
    "fields, rule",
    [
        ({"text": '"Phấn đấu đạt 60%."', "target": '"đạt 50%"'}, "text-value-mismatch"),
        ({"target": '"trên 90%"', "appendix": '{text: "Tỷ lệ hoàn thành", unit: "%", target: "99,75"}'}, "text-value-mismatch"),
        ({"target": '"giảm từ 55 xuống 56,3/1.000"'}, "contradictory-direction"),
        ({"target": '"tăng từ 50% lên 40%"'}, "contradictory-direction"),
        ({"target": '"dưới 31,7/100.000"', "baseline": '{value: "31,6/100.000", year: 2024}'}, "target-below-baseline"),
        ({"target": '"ở mức 100 bé trai/100 bé gái"'}, "implausible-value"),
        ({"target": '"đạt 120%"'}, "implausible-value"),
        ({"target": '"0%"'}, "unit-mismatch"),
        ({"text": '"Tổ chức hoạt động nhân ngày 20/10."'}, "unmeasurable-target"),
        ({"target": '"giảm 00‰"'}, "unmeasurable-target"),
        ({"target": '"55% (12/20)"'}, "fraction-mismatch"),
    ],
)
def test_rule_flags(write, fields, rule):
    indicator = {"contradictory-direction": "4.3", "target-below-baseline": "4.2", "unit-mismatch": "4.2"}.get(rule)
    if rule == "implausible-value" and "bé trai" in fields["target"]:
        indicator = "4.1"
    if rule == "unmeasurable-target" and "‰" in fields.get("target", ""):
        indicator = "4.3"
    if rule == "contradictory-direction" and "%" in fields["target"]:
        indicator = "2.1"
    indicator = indicator or ("5.2a" if "appendix" in fields else "1.1")
    report = validate([str(write(plan("tỉnh", "tỉnh Thử", {indicator: fields})))])
    assert (rule, indicator) in rules_of(report.findings)


@pytest.mark.parametrize(
    "fields",
    [
        {"target": '"46,5% (59/127)"'},  # 46,46… rounds to 46,5
        {"target": '"giảm từ 73 xuống 55/1.000"'},
        {"target": '"ở mức dưới 108 bé trai/100 bé gái"', "baseline": '{value: "108 bé trai/100 bé gái", year: 2024}'},
        {"text": '"Đến cuối năm 2025 có 60% các cơ quan có lãnh đạo chủ chốt là nữ."', "target": '"có 60%"', "appendix": '{unit: "%", target: "60"}'},
    ],
)
def test_no_false_alarm(write, fields):
    indicator = {"giảm": "4.3", "bé trai": "4.1"}
    chosen = next((i for word, i in indicator.items() if word in fields["target"]), "1.1")
    report = validate([str(write(plan("tỉnh", "tỉnh Thử", {chosen: fields})))])
    assert rules_of(report.findings, include_notes=True) == set()


def test_numbering_gap_knows_the_vietnamese_alphabet(write):
    points = "\n".join(f"      - {{number: \"{n}\", text: T}}" for n in ["a)", "b)", "c)", "d)", "đ)", "e)", "g)", "g)"])
    sections = f"sections:\n  - {{number: I., title: A}}\n  - number: II.\n    title: B\n    items:\n{points}\n  - {{number: IV., title: C}}\n"
    text = plan("tỉnh", "tỉnh Thử", {}).split("sections:")[0]
    report = validate([str(write(text + sections))])
    found = [(f.rule, f.message.key, f.line) for f in report.findings]
    assert [k for r, k, _ in found if r == "numbering-gap"] == ["numbering_repeat", "numbering_gap"]


def test_each_list_of_items_is_numbered_on_its_own(write):
    """"2." after the points a) … l) of item 1 is no gap: each list and each style runs apart."""
    points = "\n".join(f"          - {{number: \"{n}\", text: T}}" for n in ["a)", "b)", "c)", "d)", "đ)", "e)", "g)", "h)", "i)", "k)", "l)"])
    sections = (
        "sections:\n  - number: VI.\n    title: TỔ CHỨC THỰC HIỆN\n    items:\n"
        f"      - number: \"1.\"\n        title: Phân công trách nhiệm\n        items:\n{points}\n"
        "      - {number: \"2.\", title: Chế độ báo cáo, text: T}\n"
        "      - {number: \"-\", text: T}\n      - {number: \"3.\", text: T}\n"
    )
    text = plan("tỉnh", "tỉnh Thử", {}).split("sections:")[0]
    report = validate([str(write(text + sections))])
    assert [f for f in report.findings if f.rule == "numbering-gap"] == []


@pytest.mark.parametrize("child_date, flagged", [("15/12/2025", True), ("16/12/2025", True), ("05/12/2025", False)])
def test_deadline_order(family, child_date, flagged):
    parent = "reporting:\n  - {to: Sở Nội vụ, by: 15/12/2025}\n"
    child = f"reporting:\n  - {{to: Phòng Nội vụ, by: {child_date}}}\n"
    _, findings = family({}, {}, parent_extra=parent, child_extra=child)
    assert (("deadline-order", None) in rules_of(findings)) is flagged


@pytest.mark.parametrize(
    "reference, message",
    [
        ("{number: 956/KH-UBND, date: 24/3/2025, issuer: Uỷ ban nhân dân tỉnh Thử, path: ../2025.yaml}", None),
        ("{number: 956/KH-UBND, date: 24/3/2025, issuer: UBND tỉnh Thử, path: ../2025.yaml}", None),
        ("{number: 965/KH-UBND, date: 24/3/2025, path: ../2025.yaml}", "reference_number"),
        ("{number: 956/KH-UBND, date: 25/3/2025, path: ../2025.yaml}", "reference_date"),
        ("{number: 956/KH-UBND, issuer: Ủy ban nhân dân tỉnh Khác, path: ../2025.yaml}", "reference_issuer"),
        ("{number: 956/KH-UBND, path: ../2024.yaml}", "reference_path_missing"),
    ],
)
def test_parent_reference(family, reference, message):
    _, findings = family({}, {}, implements=f"implements:\n  - {reference}\n")
    assert [f.message.key for f in findings if f.rule == "parent-reference"] == ([message] if message else [])


def test_every_rule_has_a_documentation_page(cli):
    for rule in all_rules():
        page = cli("rules", rule.slug)
        assert page.exit_code == 0
        for part in ("Vì sao", "Ví dụ", "Cách sửa"):
            assert part in page.stdout, (rule.slug, part)
    listing = cli("rules").stdout
    assert all(rule.slug in listing for rule in all_rules()) and "schema" in listing
    assert cli("rules", "no-such-rule").exit_code == 2


def test_every_rule_has_a_page_in_english_and_the_builtin_ones_have_pages(cli):
    """`gecli rules` lists schema, yaml, unreadable and internal-error: each has a page too,
    and every page and title exists in English."""
    for rule in documented_rules():
        assert rule.page("en") != rule.page("vi"), rule.slug
        for lang, parts in (("vi", ("Vì sao", "Ví dụ", "Cách sửa")), ("en", ("Why", "Example", "Fix"))):
            page = cli("rules", rule.slug, "--lang", lang)
            assert page.exit_code == 0, (rule.slug, lang)
            assert rule.title_in(lang) in page.stdout
            for part in parts:
                assert part in page.stdout, (rule.slug, lang, part)
    listing = cli("rules", "--lang", "en").stdout
    assert "A target weaker than the parent plan's" in listing and "Invalid or unsafe YAML" in listing
    assert "Chỉ tiêu kém hơn" not in listing
    assert "Tệp không đúng mẫu kế hoạch" in cli("rules", "schema").stdout


def test_sixteen_public_slugs_are_stable():
    assert {rule.slug for rule in all_rules()} == {
        "weaker-than-parent", "missing-indicator", "text-value-mismatch", "contradictory-direction",
        "target-below-baseline", "implausible-value", "unit-mismatch", "unmeasurable-target",
        "fraction-mismatch", "numbering-gap", "deadline-order", "parent-reference",
        "lead-coverage", "obsolete-agency", "cross-reference", "indicator-wording",
    }  # fmt: skip


def test_validate_does_not_load_rendering_libraries():
    import subprocess
    import sys

    code = (
        "import sys, gecli.cli; from gecli.validate import validate; validate(['plans']);"
        "print(sorted(m for m in ('docx', 'jinja2') if m in sys.modules))"
    )
    from support import REPO

    output = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert output.stdout.strip() == "[]"
