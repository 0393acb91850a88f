"""The JSON Schema of the plan model, for editors (yaml-language-server) and other tools."""

from __future__ import annotations

import json
import os
from pathlib import Path

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


def schema_reference(output: Path) -> str | None:
    """The schema's path relative to a plan file written at ``output`` (for the
    yaml-language-server modeline), when a folder above it holds schemas/plan.schema.json."""
    output = output.resolve()
    schema = next((folder / SCHEMA_PATH for folder in output.parents if (folder / SCHEMA_PATH).is_file()), None)
    return Path(os.path.relpath(schema, output.parent)).as_posix() if schema else None
