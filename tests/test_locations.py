"""Deliberate mistakes are reported at the exact file:line:column, with what to write instead."""

import pytest

from gecli.validate import read_plan, validate
from support import VALID_PLAN


def column_of(text: str, line: int, snippet: str) -> int:
    return text.splitlines()[line - 1].index(snippet) + 1


def test_valid_plan_has_no_findings(write):
    report = validate([str(write(VALID_PLAN))])
    assert report.findings == [] and report.exit_code() == 0


# (old line text, new line text, expected line, snippet whose column is expected, rule, message key)
MISTAKES = [
    ("level: tỉnh", "level: phường", 1, "phường", "schema", "enum"),
    ("level: tỉnh", "level: tính", 1, "tính", "schema", "enum_spelling"),
    ("  name: Ủy ban nhân dân tỉnh Kon Tum", "  header: [ỦY BAN NHÂN DÂN]", 3, "header", "schema", "missing"),
    ("  title: Triển khai", "  titel: Triển khai", 8, "titel", "schema", "extra_forbidden"),
    ("  date: 24/3/2025", "  date: 31/2/2025", 7, "31/2", "schema", "date_invalid"),
    ("  date: 24/3/2025", "  date: 24.3.2025", 7, "24.3", "schema", "date_unparsed"),
    ("period: 2025", "period: 2025-2021", 9, "2025-2021", "schema", "period_order"),
    ('- indicator: "1.1"', '- indicator: "7.1"', 18, '"7.1"', "schema", "indicator_unknown"),
    ("target: đạt 60%", "target: nhiều hơn năm trước", 19, "nhiều", "schema", "quantity_unparsed"),
    ("target: lên đạt 50%", "target: đạt 50% hoặc 60%", 22, "đạt", "schema", "quantity_unparsed"),
    ('{value: "55%", year: 2024}', '{value: "55%", year: năm ngoái}', 20, "năm ngoái", "schema", "wrong_type"),
    ("    by: 15/12/2025", "    by: mười lăm tháng mười hai", 25, "mười", "schema", "date_unparsed"),
    ('- title: "Mục tiêu 1: Trong lĩnh vực chính trị"', "- title: [Mục tiêu 1]", 14, "[", "schema", "wrong_type"),
    ("target: đạt 60%", "target:\n                  - đạt 60%", 20, "- đạt", "schema", "wrong_type"),
    ("level: tỉnh", "level: tỉnh\nlevel: xã", 2, "level", "yaml", "yaml_duplicate_key"),
    ("  place: Kon Tum", "\tplace: Kon Tum", 6, "\t", "yaml", "yaml_tab"),
    ("  place: Kon Tum", "  place: Kon Tum: tỉnh", 6, ": tỉnh", "yaml", "yaml_syntax"),
    ("  number: \"956\"", "  number: !!python/object/apply:os.system [\"true\"]", 5, "!!", "yaml", "yaml_tag"),
]


@pytest.mark.parametrize("old, new, line, snippet, rule, key", MISTAKES, ids=[m[5] + ":" + m[1][:24] for m in MISTAKES])
def test_mistake_is_located(write, old, new, line, snippet, rule, key):
    assert old in VALID_PLAN
    text = VALID_PLAN.replace(old, new, 1)
    path = write(text)
    report = validate([str(path)])
    located = [(f.line, f.column, f.rule, f.message.key) for f in report.findings]
    assert (line, column_of(text, line, snippet), rule, key) in located, located
    finding = next(f for f in report.findings if f.message.key == key)
    assert finding.file == path.as_posix()
    assert finding.message.hint("vi"), "every finding says what to write instead"


def test_missing_key_points_at_its_mapping(write):
    text = VALID_PLAN.replace("  title: Triển khai thực hiện Chiến lược quốc gia về bình đẳng giới năm 2025\n", "")
    report = validate([str(write(text))])
    [finding] = report.findings
    assert (finding.line, finding.column, finding.message.key) == (5, 3, "missing")
    assert "title" in finding.message.text("vi")


def test_finding_inside_a_target_names_its_indicator(write):
    text = VALID_PLAN.replace("target: lên đạt 50%", "target: đạt nhiều")
    [finding] = validate([str(write(text))]).findings
    assert finding.indicator == "2.1"


def test_unknown_key_lists_the_allowed_ones(write):
    text = VALID_PLAN.replace("  place: Kon Tum", "  plase: Kon Tum")
    [finding] = [f for f in validate([str(write(text))]).findings if f.message.key == "extra_forbidden"]
    assert "place" in finding.message.hint("vi") and "plase" in finding.message.text("vi")


def test_decomposed_unicode_is_normalised(write):
    import unicodedata

    text = unicodedata.normalize("NFD", VALID_PLAN)
    path = write(text)
    assert validate([str(path)]).findings == []
    plan = read_plan(path, str(path))[0].plan
    assert plan.issuer.name == unicodedata.normalize("NFC", "Ủy ban nhân dân tỉnh Kon Tum")
    assert plan.level.value == "tỉnh"
