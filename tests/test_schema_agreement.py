"""What an editor shows (the JSON Schema, read with YAML 1.2 as yaml-language-server does)
and what gecli says agree: one field is edited at a time, and both must accept the plan or
both refuse it."""

import json
import re

import pytest
import yaml
from jsonschema import Draft202012Validator

from gecli.model import Plan
from gecli.source import LoadError, parse
from support import REPO, VALID_PLAN

SCHEMA = Draft202012Validator(json.loads((REPO / "schemas" / "plan.schema.json").read_text(encoding="utf-8")))


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2's core schema, written here independently of gecli's loader."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:null", r"~|null|Null|NULL|", list("~nN") + [""]),
    ("tag:yaml.org,2002:bool", r"true|True|TRUE|false|False|FALSE", list("tTfF")),
    ("tag:yaml.org,2002:int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", list("-+0123456789")),
    ("tag:yaml.org,2002:float", r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", list("-+.0123456789")),
]:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(rf"^(?:{pattern})$"), first)


def schema_accepts(text: str) -> bool:
    return SCHEMA.is_valid(yaml.load(text, Loader=Yaml12Loader))


def gecli_accepts(text: str) -> bool:
    try:
        data = parse(text.encode("utf-8"), "plan.yaml").data
    except LoadError:
        return False
    try:
        Plan.model_validate(data)
    except ValueError:
        return False
    return True


# (what is edited, the line as in VALID_PLAN, the line after the edit, accepted?)
EDITS = [
    ("indicator unquoted", 'indicator: "1.1"', "indicator: 1.1", True),
    ("indicator unquoted, unknown", 'indicator: "1.1"', "indicator: 9.9", False),
    ("indicator with a letter", 'indicator: "1.1"', 'indicator: "3.2a"', True),
    ("indicator unknown text", 'indicator: "1.1"', 'indicator: "7.1"', False),
    ("number as integer", 'number: "956"', "number: 956", True),
    ("number as list", 'number: "956"', "number: [956]", False),
    ("ISO date", "date: 24/3/2025", "date: 2025-03-24", True),
    ("impossible date", "date: 24/3/2025", 'date: "31/2/2025"', False),
    ("impossible ISO date", "date: 24/3/2025", "date: 2025-02-31", False),
    ("day 32", "date: 24/3/2025", "date: 32/1/2025", False),
    ("year 1900", "date: 24/3/2025", "date: 24/3/1900", False),
    ("blank day", "date: 24/3/2025", "date: {month: 3, year: 2025}", True),
    ("empty date", "date: 24/3/2025", "date: {}", False),
    ("period span", "period: 2025", 'period: "2021-2025"', True),
    ("period backwards", "period: 2025", 'period: "2025-2021"', False),
    ("period as text", "period: 2025", 'period: "năm nay"', False),
    ("period out of range", "period: 2025", "period: 1800", False),
    ("target as number", "target: đạt 60%", "target: 60", True),
    ("target without figure", "target: đạt 60%", 'target: "nhiều hơn"', False),
    ("target yes/no", "target: đạt 60%", 'target: "hoàn thành"', True),
    ("target empty", "target: đạt 60%", 'target: ""', False),
    ("structured target", "target: đạt 60%", "target: {comparator: at_least, value: 60, unit: percent}", True),
    ("structured unit unknown", "target: đạt 60%", "target: {comparator: at_least, value: 60, unit: per_bogus}", False),
    ("structured comparator unknown", "target: đạt 60%", "target: {comparator: bigger, value: 60}", False),
    ("structured value as text", "target: đạt 60%", 'target: {value: "60"}', True),
    ("structured value not a number", "target: đạt 60%", 'target: {value: "sáu mươi"}', False),
    ("baseline year as text", "year: 2024}", 'year: "2024"}', False),
    ("baseline year", "year: 2024}", "year: 2023}", True),
    ("level yes", "level: tỉnh", "level: yes", False),
    ("level without diacritics", "level: tỉnh", "level: tinh", False),
    ("unknown key", "period: 2025", "period: 2025\nperiods: 2025", False),
    ("missing title", "  title: Triển khai thực hiện Chiến lược quốc gia về bình đẳng giới năm 2025\n", "", False),
    ("yearly deadline", "by: 15/12/2025", "by: 15/12", True),
    ("yearly 29/2", "by: 15/12/2025", "by: 29/2", True),
    ("yearly 31/2", "by: 15/12/2025", 'by: "31/2"', False),
    ("yearly flag yes", "by: 15/12/2025", "by: 15/12/2025\n    yearly: yes", False),
    ("yearly flag true", "by: 15/12/2025", "by: 15/12/2025\n    yearly: true", True),
]


@pytest.mark.parametrize("what, before, after, accepted", EDITS, ids=[e[0] for e in EDITS])
def test_schema_and_gecli_agree(what, before, after, accepted):
    assert VALID_PLAN.count(before) == 1, before
    text = VALID_PLAN.replace(before, after)
    assert (gecli_accepts(text), schema_accepts(text)) == (accepted, accepted)


def test_the_unedited_plan_is_accepted_by_both():
    assert gecli_accepts(VALID_PLAN) and schema_accepts(VALID_PLAN)


def test_the_one_disagreement_a_schema_cannot_see():
    """An editor reads `indicator: 1.10` as the number 1.1; gecli reads what was written and
    refuses it rather than silently taking indicator 1.1."""
    text = VALID_PLAN.replace('indicator: "1.1"', "indicator: 1.10")
    assert schema_accepts(text) and not gecli_accepts(text)
