"""The tools that read gecli's files, as they read them: pre-commit, yaml-language-server and
the GitHub Actions runner. Each worked when tried for real (pre-commit 4.7,
yaml-language-server 1.25, the runner's own parser); these tests encode what each consumer
requires, from its source, so that a regression shows without network or the tool itself.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from gecli.findings import Finding, Severity
from gecli.i18n import Message
from gecli.output import github
from gecli.validate import validate
from gecli.yamlio import PlanLoader
from support import PLANS, REPO, VALID_PLAN

SCHEMA_FILE = REPO / "schemas" / "plan.schema.json"


# --- pre-commit ---------------------------------------------------------------------------
# A hook repository's .pre-commit-hooks.yaml as pre-commit 4.x loads it
# (pre_commit/clientlib.py, MANIFEST_HOOK_DICT): a list of hooks; id, name, entry and
# language required; no other key than these; `files` a regex searched in each path
# (forward slashes, relative to the repository root).

MANIFEST_KEYS = {
    "id": str, "name": str, "entry": str, "language": str, "alias": str, "files": str, "exclude": str,
    "types": list, "types_or": list, "exclude_types": list, "additional_dependencies": list, "args": list,
    "always_run": bool, "fail_fast": bool, "pass_filenames": bool, "description": str,
    "language_version": str, "log_file": str, "minimum_pre_commit_version": str, "require_serial": bool,
    "stages": list, "verbose": bool,
}  # fmt: skip
REQUIRED = {"id", "name", "entry", "language"}
LANGUAGES = {
    "conda", "coursier", "dart", "docker", "docker_image", "dotnet", "fail", "golang", "haskell", "julia", "lua",
    "node", "perl", "pygrep", "python", "r", "ruby", "rust", "swift", "unsupported", "unsupported_script",
}  # fmt: skip


@pytest.fixture(scope="module")
def hook() -> dict:
    manifest = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(manifest, list)  # a mapping here means "needs pre-commit 5" to 4.x
    [hook] = manifest
    return hook


def test_pre_commit_manifest_has_what_pre_commit_4_requires(hook):
    assert REQUIRED <= set(hook) <= set(MANIFEST_KEYS), set(hook) - set(MANIFEST_KEYS)
    for key, value in hook.items():
        assert isinstance(value, MANIFEST_KEYS[key]), key
    assert hook["language"] in LANGUAGES and hook["language"] == "python"
    assert all(isinstance(arg, str) for arg in hook.get("args", []))
    re.compile(hook["files"])
    # The hook compares each plan with its parent: it needs the whole tree, not the changed files.
    assert hook["pass_filenames"] is False
    assert hook["id"] == "gecli-validate"


def test_pre_commit_can_install_the_hook_from_this_repository(hook):
    """language: python means `pip install .` of this repository, then `entry` on the PATH."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["build-system"]["build-backend"]
    entry = shlex.split(hook["entry"])  # pre-commit splits the entry like a shell
    assert project["project"]["scripts"][entry[0]] == "gecli.cli:main"


def test_pre_commit_runs_the_hook_on_changed_plans_only(hook):
    """`files` is searched in paths relative to the repository root: any plan, nothing else."""
    files = re.compile(hook["files"])
    changed = ["plans/kon-tum/2025.yaml", "plans/x/y/2021-2025.yml", "src/gecli/cli.py", "README.md", "plans/notes.txt"]
    assert [path for path in changed if files.search(path)] == changed[:2]


def run_hook(hook: dict, repository: Path) -> subprocess.CompletedProcess:
    """The command pre-commit runs: entry split like a shell, then args (no file names), from
    the repository root, with the hook environment's scripts first on the PATH."""
    command = shlex.split(hook["entry"]) + hook.get("args", [])
    scripts = Path(sys.executable).parent
    environment = dict(os.environ, PATH=f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}", GECLI_LANG="vi")
    if shutil.which(command[0], path=environment["PATH"]) is None:
        pytest.skip("the gecli script is not installed in this environment")
    return subprocess.run(command, cwd=repository, env=environment, capture_output=True, text=True, timeout=120)


def test_the_hook_fails_a_commit_with_errors(hook):
    result = run_hook(hook, REPO)  # the bundled plans keep the published documents' errors
    assert result.returncode == 1
    assert "plans/kon-tum/ia-hdrai/2025.yaml:" in result.stdout and "lỗi [weaker-than-parent]" in result.stdout


def test_the_hook_passes_a_clean_tree(hook, tmp_path):
    (tmp_path / "plans" / "tinh").mkdir(parents=True)
    (tmp_path / "plans" / "tinh" / "2025.yaml").write_text(VALID_PLAN, encoding="utf-8")
    result = run_hook(hook, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Không có vấn đề nào trong 1 tệp." in result.stdout


def test_the_hook_says_where_plans_are_expected(hook, tmp_path):
    result = run_hook(hook, tmp_path)  # a repository with no plans/ folder: a usage problem, not a pass
    assert result.returncode == 2
    assert "plans/" in result.stdout + result.stderr and "Traceback" not in result.stderr


# --- yaml-language-server ------------------------------------------------------------------
# redhat-developer/yaml-language-server: a modeline is a comment line matching
# `^#\s+(?:yaml-language-server\s*:|\$schema:)`, the schema `\$schema(?:=|:\s*)(\S+)`
# (modelineUtil.ts); a relative path is resolved from the YAML file's folder (path.resolve,
# yamlSchemaService.ts). The server knows the dialects draft-04, -07, 2019-09 and 2020-12 by
# their meta-schema URI, fragment and trailing slashes removed and http made https; older
# versions check every schema against draft-07's meta-schema. $refs are followed by path.

MODELINE = re.compile(r"^#\s+(?:yaml-language-server\s*:|\$schema:)")
SCHEMA_IN_MODELINE = re.compile(r"\$schema(?:=|:\s*)(\S+)")
DIALECTS = {
    "https://json-schema.org/draft-04/schema": jsonschema.Draft4Validator,
    "https://json-schema.org/draft-07/schema": jsonschema.Draft7Validator,
    "https://json-schema.org/draft/2019-09/schema": jsonschema.Draft201909Validator,
    "https://json-schema.org/draft/2020-12/schema": jsonschema.Draft202012Validator,
}


def modeline_schema(path: Path) -> Path:
    """The schema file yaml-language-server opens for ``path``."""
    comments = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    [modeline] = [line for line in comments if MODELINE.match(line)][:1]
    reference = SCHEMA_IN_MODELINE.search(modeline)[1]
    assert "://" not in reference and not reference.startswith("/")  # relative: the repository moves
    return Path(os.path.normpath(path.parent / reference))


def normalise_schema_uri(uri: str) -> str:
    uri = uri.strip().split("#", 1)[0]
    uri = re.sub(r"^http://json-schema\.org/", "https://json-schema.org/", uri, flags=re.IGNORECASE)
    return uri.rstrip("/")


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def test_schema_is_in_a_dialect_the_server_knows(schema):
    dialect = DIALECTS.get(normalise_schema_uri(schema["$schema"]))
    assert dialect is not None, schema["$schema"]
    dialect.check_schema(schema)
    jsonschema.Draft7Validator.check_schema(schema)  # what versions before dialects check


def test_schema_references_resolve_inside_the_file(schema):
    """No network, no other file: every $ref is a path in this document."""
    references = re.findall(r'"\$ref": "([^"]*)"', SCHEMA_FILE.read_text(encoding="utf-8"))
    assert references
    for reference in references:
        assert reference.startswith("#/"), reference
        node = schema
        for part in reference[2:].split("/"):
            node = node[part]
        assert isinstance(node, dict)


def test_bundled_plans_point_at_the_schema_and_validate(schema):
    validator = DIALECTS[normalise_schema_uri(schema["$schema"])](schema)
    plans = sorted(PLANS.rglob("*.yaml"))
    assert len(plans) == 5
    for path in plans:
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
        assert modeline_schema(path) == SCHEMA_FILE
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=PlanLoader)  # YAML 1.2, as the server reads
        errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(data)]
        assert errors == [], f"{path}: {errors[:3]}"


@pytest.fixture
def repository(tmp_path) -> Path:
    """A plans repository as a Sở Nội vụ keeps one: schemas/ at the root, plans below."""
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    shutil.copytree(PLANS / "quoc-gia", tmp_path / "plans" / "quoc-gia")
    (tmp_path / "plans" / "kon-tum").mkdir()
    shutil.copy(PLANS / "kon-tum" / "2025.yaml", tmp_path / "plans" / "kon-tum" / "2025.yaml")
    return tmp_path


def test_files_written_by_new_and_import_point_at_the_schema(cli, repository, schema):
    from gecli.render import render_plan

    validator = DIALECTS[normalise_schema_uri(schema["$schema"])](schema)
    drafted = repository / "plans" / "kon-tum" / "xa-moi" / "2025.yaml"
    args = ["--parent", str(repository / "plans/kon-tum/2025.yaml"), "--level", "xa", "--issuer", "Ủy ban nhân dân xã Mới"]
    assert cli("new", *args, "-o", str(drafted)).exit_code == 0
    document = repository / "ia-hdrai.docx"
    document.write_bytes(render_plan(str(PLANS / "kon-tum/ia-hdrai/2025.yaml")))
    imported = repository / "plans" / "kon-tum" / "ia-hdrai" / "2025.yaml"
    assert cli("import", str(document), "-o", str(imported)).exit_code == 0
    for path in (drafted, imported):
        assert modeline_schema(path) == repository / "schemas" / "plan.schema.json"
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=PlanLoader)
        assert [error.message for error in validator.iter_errors(data)] == [], path


# --- GitHub Actions workflow commands --------------------------------------------------------
# The runner's parser (actions/runner src/Runner.Common/ActionCommand.cs, TryParseV2), ported:
# leading spaces trimmed; "::" then the command up to the first space and the properties up to
# the next "::"; properties split on ",", each on its first "="; an empty value is dropped;
# then the data. Unescaping replaces %0D, %0A (and %3A, %2C in properties) and %25 last.

DATA_ESCAPES = [("\r", "%0D"), ("\n", "%0A"), ("%", "%25")]
PROPERTY_ESCAPES = [("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25")]
COMMANDS = {"error", "warning", "notice"}


def unescape(text: str, mappings) -> str:
    for token, replacement in mappings:
        text = text.replace(replacement, token)
    return text


def runner_parse(line: str) -> tuple[str, dict[str, str], str] | None:
    message = line.lstrip()
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    info = message[2:end]
    name, space, properties_text = info.partition(" ")
    if name not in COMMANDS:
        return None
    properties = {}
    if space:
        for item in filter(None, properties_text.strip().split(",")):
            pair = [part for part in item.split("=", 1) if part]
            if len(pair) == 2:
                properties[pair[0].lower()] = unescape(pair[1], PROPERTY_ESCAPES)
    return name, properties, unescape(message[end + 2 :], DATA_ESCAPES)


def annotations(report, lang: str = "vi") -> list[tuple[str, dict[str, str], str]]:
    output = github.render(report, lang)
    lines = output.split("\n")
    assert lines.pop() == ""  # the runner reads the log line by line: one command per line
    parsed = [runner_parse(line) for line in lines]
    assert None not in parsed
    return parsed


TRICKY_NAMES = ["kế hoạch 50%,a:b.yaml", "a::b%0A,c%25.yaml", " x=y.yaml", "%3A%2C.yaml"]


@pytest.mark.parametrize("name", TRICKY_NAMES)
def test_runner_reads_back_file_line_title_and_message(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(VALID_PLAN + '"a::b%0A 50%,\\r\\nc": 1\n', encoding="utf-8")
    report = validate([name])
    [finding] = report.findings
    [(command, properties, data)] = annotations(report)
    assert command == "error"
    assert properties == {"file": name, "line": str(finding.line), "col": str(finding.column), "title": "gecli schema"}
    assert data == f"{finding.message.text('vi')} → {finding.message.hint('vi')}"
    assert "a::b%0A 50%,\r\nc" in data


def test_runner_reads_every_bundled_finding(monkeypatch):
    monkeypatch.chdir(REPO)
    report = validate(["plans"])
    shown = [finding for finding in report.findings if finding.suppressed is None]
    parsed = annotations(report, "en")
    assert len(parsed) == len(shown) > 40
    for (command, properties, _), finding in zip(parsed, shown):
        assert command == {"error": "error", "warning": "warning", "note": "notice"}[finding.severity.value]
        assert properties["file"] == finding.file and int(properties["line"]) == finding.line


def test_runner_reads_a_finding_without_a_line():
    finding = Finding("khong,co:tep.yaml", None, None, "unreadable", Severity.ERROR, Message("file_missing", path="a\nb"))
    [(command, properties, data)] = annotations(type("Report", (), {"findings": [finding]})())
    assert (command, properties) == ("error", {"file": "khong,co:tep.yaml", "title": "gecli unreadable"})
    assert data.startswith("Không tìm thấy tệp hoặc thư mục “a\nb”.")


@given(st.text())
def test_escaping_round_trips_through_the_runner(text):
    assert unescape(github.escape_property(text), PROPERTY_ESCAPES) == text
    assert unescape(github.escape_data(text), DATA_ESCAPES) == text
    assert not re.search(r"[\r\n]", github.escape_data(text))
    assert not re.search(r"[\r\n:,]", github.escape_property(text))
