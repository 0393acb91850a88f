"""The committed JSON Schema is current, describes the model in Vietnamese, and accepts the
published plans (so an editor using it agrees with gecli)."""

import json

import jsonschema
import yaml

from gecli.schema import plan_schema, plan_schema_text
from support import PLANS, REPO

SCHEMA_FILE = REPO / "schemas" / "plan.schema.json"


def test_committed_schema_is_current():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == plan_schema_text(), "run: gecli schema --force"


def test_schema_is_in_vietnamese():
    schema = plan_schema()
    assert "Kế hoạch" in schema["description"]
    assert schema["properties"]["period"]["description"].startswith("Năm")


def test_plans_validate_against_the_schema_and_point_at_it():
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    plans = sorted(PLANS.rglob("*.yaml"))
    assert plans
    for path in plans:
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith("# yaml-language-server: $schema=")
        assert (path.parent / first_line.split("=", 1)[1]).resolve() == SCHEMA_FILE
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        errors = [e.message for e in validator.iter_errors(json.loads(json.dumps(data, default=str)))]
        assert errors == [], f"{path}: {errors[:3]}"


def test_schema_command_refuses_to_overwrite_without_force(cli, tmp_path):
    target = tmp_path / "plan.schema.json"
    target.write_text("{}", encoding="utf-8")
    result = cli("schema", "-o", str(target))
    assert result.exit_code == 2 and target.read_text(encoding="utf-8") == "{}"
    assert cli("schema", "-o", str(target), "--check").exit_code == 1
    assert cli("schema", "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8") == plan_schema_text()
    assert cli("schema", "-o", str(target), "--check").exit_code == 0
