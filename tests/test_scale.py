"""At national scale gecli keeps only what comparing plans needs and reads files in worker
processes; the report must be the one a plain, single-process check of whole plans gives."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gecli.output import json_format
from gecli.validate import validate
from support import REPO


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """80 plans (benchmarks/generate.py): provinces, districts and communes citing their
    parents, some weaker than them, one national strategy."""
    out = tmp_path_factory.mktemp("tree") / "plans"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(out), "--provinces", "2", "--districts", "7", "--communes", "70"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return out


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_report_is_byte_for_byte_the_plain_one(tree, monkeypatch, jobs):
    import gecli.validate as engine

    monkeypatch.setattr(engine, "FILES_PER_WORKER", 1)
    plain = json_format.render(validate([str(tree)], keep_plans=True), "vi")
    assert json_format.render(validate([str(tree)], jobs=jobs), "vi") == plain
    assert '"rule": "weaker-than-parent"' in plain and '"rule": "missing-indicator"' in plain


def test_a_checked_plan_keeps_its_facts_not_the_plan(tree):
    report = validate([str(tree)], jobs=1)
    assert report.plans and all(checked.plan is None for checked in report.plans)
    plain = validate([str(tree)], keep_plans=True)
    assert all(checked.plan is not None for checked in plain.plans)


def test_plans_whose_parents_are_absent_fall_back_to_the_national_strategy(tree, tmp_path):
    # Communes alone, with the national strategy: each is compared with it, by index.
    import shutil

    communes = tmp_path / "communes"
    shutil.copytree(tree / "quoc-gia", communes / "quoc-gia")
    for index, plan in enumerate(sorted(tree.glob("*/*/*/2025.yaml"))):
        (communes / f"x{index}").mkdir()
        shutil.copy(plan, communes / f"x{index}" / "2025.yaml")
    report = validate([str(communes)], jobs=1)
    weaker = [f for f in report.findings if f.rule == "weaker-than-parent" and f.indicator == "4.3"]
    assert len(weaker) == len(list(communes.glob("x*"))) and all("Chiến lược quốc gia" in f.message.text("vi") for f in weaker)
