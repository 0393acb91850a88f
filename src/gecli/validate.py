"""`gecli validate` as a library: paths in, findings out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from gecli.findings import LOAD_RULES, Finding, Severity
from gecli.i18n import Message
from gecli.model import Plan
from gecli.schema_errors import plan_findings
from gecli.source import LoadError, Source, load

PLAN_SUFFIXES = (".yaml", ".yml")


@dataclass
class LoadedPlan:
    source: Source
    plan: Plan


@dataclass
class Report:
    files: int = 0
    findings: list[Finding] = field(default_factory=list)
    plans: list[LoadedPlan] = field(default_factory=list)

    def counts(self) -> dict[Severity, int]:
        counts = dict.fromkeys(Severity, 0)
        for finding in self.findings:
            if not finding.suppressed:
                counts[finding.severity] += 1
        return counts

    def exit_code(self, fail_on: Severity = Severity.ERROR) -> int:
        """0 clean, 1 a finding at or above ``fail_on``, 2 a file that could not be read."""
        active = [f for f in self.findings if not f.suppressed]
        if any(f.rule in LOAD_RULES for f in active):
            return 2
        return 1 if any(f.severity.rank >= fail_on.rank for f in active) else 0


def plan_files(paths: list[str]) -> tuple[list[tuple[Path, str]], list[Finding]]:
    """The plan files under ``paths`` (directories searched recursively), sorted, and
    findings for paths that do not exist."""
    files: list[tuple[Path, str]] = []
    missing: list[Finding] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                relative = found.relative_to(path).parts
                if found.suffix in PLAN_SUFFIXES and found.is_file() and not any(p.startswith(".") for p in relative):
                    files.append((found, found.as_posix()))
        elif path.exists():
            files.append((path, path.as_posix()))
        else:
            missing.append(
                Finding(given, None, None, "unreadable", Severity.ERROR, Message("file_missing", path=given))
            )
    return files, missing


def check_file(path: Path, shown: str) -> tuple[LoadedPlan | None, list[Finding]]:
    """Read and validate one file against the plan model."""
    try:
        source = load(path, shown)
    except LoadError as error:
        line, column = (error.position.line, error.position.column) if error.position else (None, None)
        return None, [Finding(shown, line, column, error.rule, Severity.ERROR, error.message)]
    try:
        plan = Plan.model_validate(source.data)
    except ValidationError as error:
        return None, plan_findings(source, error)
    return LoadedPlan(source, plan), []


def validate(paths: list[str]) -> Report:
    files, findings = plan_files(paths)
    report = Report(files=len(files), findings=findings)
    for path, shown in files:
        loaded, problems = check_file(path, shown)
        report.findings.extend(problems)
        if loaded:
            report.plans.append(loaded)
    report.findings.sort(key=Finding.sort_key)
    return report
