"""The JSON Schema of the plan model, for editors (yaml-language-server) and other tools."""

from __future__ import annotations

import json

from gecli.model import Plan

SCHEMA_PATH = "schemas/plan.schema.json"


def plan_schema() -> dict:
    schema = Plan.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }


def plan_schema_text() -> str:
    return json.dumps(plan_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
