"""Nothing a user types can crash gecli, run code, hang it or clobber a file. Each test is a
reproducer from the fuzzing campaign of the hardening issue: a located message or a clean
one, the documented exit code, no traceback, nothing run, nothing read, nothing half-written."""

import json
import os
import stat

import pytest

from gecli.files import OutputExists, write_atomic
from gecli.validate import validate
from support import PLANS, VALID_PLAN


def no_traceback(result) -> None:
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)


def findings(cli, path, *options):
    result = cli("validate", "--format", "json", *options, str(path))
    no_traceback(result)
    return result, json.loads(result.stdout)["findings"]


# --- 2. The template sandbox -------------------------------------------------------------

# Known server-side template injection payloads (Jinja), and resource exhaustion.
SSTI = [
    "{{ plan.parse_raw(\"cos\\nsystem\\n(S'touch pwned'\\ntR.\", content_type='application/pickle', allow_pickle=True) }}",
    "{{ plan.parse_file('secret.json') }}",
    "{{ '{0.__globals__}'.format_map({'0': roman}) }}",
    "{{ '{0.__class__}'.format(roman) }}",
    "{{ roman.__globals__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch pwned').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('touch pwned').read() }}",
    "{{ self.__init__.__globals__.__builtins__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ config.items() }}",
    "{{ request.application.__globals__ }}",
    "{{ doc|attr('__class__') }}",
    "{{ (plan|attr('\\x5f\\x5fclass\\x5f\\x5f')) }}",
    "{{ plan.objectives.append(1) }}",
    "{% set x = plan.update({'a': 1}) %}",
    "{% include '/etc/passwd' %}",
    "{% include '../secret.json' %}",
    "{% import 'secret.json' as s %}",
    "{{ 'a' * 1000000000 }}",
    "{{ [1] * 1000000000 }}",
    "{{ 9 ** 999999 }}",
    "{{ range(10 ** 9) | list }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "{{ undefined_name }}",
    "{% if %}",
]


@pytest.mark.parametrize("payload", SSTI)
def test_template_injection_ends_cleanly(cli, tmp_path, payload, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "secret.json").write_text('{"password": "hunter2"}', encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "ke-hoach.j2").write_text(payload + "\n", encoding="utf-8")
    monkeypatch.setattr("gecli.render.templating.TIME_LIMIT", 2)
    result = cli("render", str(PLANS / "kon-tum/2025.yaml"), "-o", str(tmp_path / "out.docx"), "--templates", str(folder))
    assert result.exit_code == 2, result.output
    no_traceback(result)
    assert "ke-hoach.j2" in result.output or "secret.json" in result.output or "/etc/passwd" in result.output
    assert not (tmp_path / "pwned").exists() and "hunter2" not in result.output
    assert not (tmp_path / "out.docx").exists()


def test_templates_see_plain_data_only():
    from gecli.model import Plan
    from gecli.render.context import template_context
    from gecli.source import load

    plan = Plan.model_validate(load(PLANS / "kon-tum/2025.yaml").data)
    context = template_context(plan)

    def plain(value):
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(plain(item) for item in value)
        return value is None or isinstance(value, (str, int, float, bool))

    helpers = {name for name, value in context.items() if callable(value)}
    assert helpers == {"roman"}
    assert all(plain(value) for name, value in context.items() if name not in helpers)


def test_a_value_is_never_markup(tmp_path):
    """A sentence holding a line break and "## " stays one body paragraph."""
    from docx import Document

    from gecli.render import render_plan

    text = VALID_PLAN.replace(
        "level: tỉnh", 'level: tỉnh\nopening: "Thực hiện Kế hoạch.\\n## Không phải tiêu đề\\n# cũng không"'
    )
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    import io

    document = Document(io.BytesIO(render_plan(str(path))))
    opening = next(p for p in document.paragraphs if p.text.startswith("Thực hiện Kế hoạch."))
    assert opening.text == "Thực hiện Kế hoạch. ## Không phải tiêu đề # cũng không"
    assert not any(run.bold for run in opening.runs)


# --- 3. Tracebacks on input ---------------------------------------------------------------


@pytest.mark.parametrize(
    "date, key",
    [("2025-02-31", "date_invalid"), ("0000-01-01", "out_of_range"), ("2025-13-01", "out_of_range"), ("2025-03-24T10:00", "date_unparsed")],
)
def test_impossible_timestamps_are_located(write, date, key):
    path = write(VALID_PLAN.replace("date: 24/3/2025", f"date: {date}"))
    [finding] = validate([str(path)]).findings
    assert (finding.rule, finding.line, finding.column, finding.message.key) == ("schema", 7, 9, key)


@pytest.mark.parametrize(
    "field, value",
    [
        ("number", "9" * 5000),  # beyond Python's 4 300-digit limit
        ("number", "1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1"),  # YAML 1.1 sexagesimal
        ("indicator", "1" * 310),  # float overflow
        ("target", "1" * 29),  # beyond Decimal's default precision when shown
        ("target", "1e400"),  # infinity
        ("target", ".nan"),
    ],
)
def test_huge_and_odd_numbers_are_findings(cli, write, field, value):
    line = {"number": 'number: "956"', "indicator": 'indicator: "1.1"', "target": "target: đạt 60%"}[field]
    path = write(VALID_PLAN.replace(line, f"{line.split(':')[0]}: {value}"))
    result, found = findings(cli, path)
    assert result.exit_code in (0, 1)
    assert all(f["line"] is not None and len(f["message"]) < 400 for f in found)


def test_a_29_digit_target_is_shown_in_full(cli, write):
    path = write(VALID_PLAN.replace("target: đạt 60%", "target: " + "1" * 29 + "%"))
    _, found = findings(cli, path)
    [implausible] = [f for f in found if f["rule"] == "implausible-value"]
    assert "1" * 29 in implausible["message"].replace(".", "")


def test_a_cited_path_too_long_for_the_file_system(cli, write):
    plan = VALID_PLAN + f"implements:\n  - number: 28/NQ-CP\n    path: {'x' * 256}.yaml\n"
    _, found = findings(cli, write(plan))
    assert [f["rule"] for f in found] == ["parent-reference"]


def test_render_title_and_issuer_beyond_the_document_properties_limit(cli, write, tmp_path):
    long_title = "Triển khai thực hiện " + "rất dài " * 60
    plan = VALID_PLAN.replace("Triển khai thực hiện Chiến lược quốc gia về bình đẳng giới năm 2025", long_title.strip())
    plan = plan.replace("Ủy ban nhân dân tỉnh Kon Tum", "Ủy ban nhân dân tỉnh " + "Kon Tum " * 40)
    result = cli("render", str(write(plan)), "-o", str(tmp_path / "long.docx"))
    assert result.exit_code == 0, result.output
    from docx import Document

    document = Document(str(tmp_path / "long.docx"))
    assert len(document.core_properties.title) == 255
    assert any(p.text == long_title.strip() for p in document.paragraphs)


def test_markup_characters_in_paths_and_names(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "[").mkdir()
    (tmp_path / "[x").mkdir()
    plan = tmp_path / "[" / "b].yaml"
    plan.write_text(VALID_PLAN.replace("tỉnh Kon Tum", "xã [/b] [red]"), encoding="utf-8")
    checked = cli("validate", "[/b].yaml")
    assert checked.exit_code == 0 and "[/b].yaml" not in checked.output  # a clean run names no file
    rendered = cli("render", "[/b].yaml", "-o", "[/x].docx")
    assert rendered.exit_code == 0 and "[/x].docx" in rendered.output
    compared = cli("diff", str(PLANS / "kon-tum/2025.yaml"), "[/b].yaml")
    assert compared.exit_code == 0 and "xã [/b] [red]" in compared.output
    broken = cli("validate", "[/nope].yaml")
    assert broken.exit_code == 2 and "[/nope].yaml" in broken.output
    for result in (checked, rendered, compared, broken):
        no_traceback(result)


@pytest.fixture
def parent_with(tmp_path):
    def make(pattern: str, by: str):
        """The province's plan with the first line matching ``pattern`` changed."""
        import re

        text = (PLANS / "kon-tum/2025.yaml").read_text(encoding="utf-8").replace("../quoc-gia/", str(PLANS / "quoc-gia") + "/")
        changed, count = re.subn(pattern, by, text, count=1, flags=re.MULTILINE)
        assert count == 1, pattern
        path = tmp_path / "parent.yaml"
        path.write_text(changed, encoding="utf-8")
        return path

    return make


def test_new_from_a_parent_with_an_impossible_yearly_deadline(cli, parent_with, tmp_path):
    parent = parent_with(r"(?<=by: ).*$", '"31/2"')
    result = cli("new", "--parent", str(parent), "--level", "xã", "--issuer", "Ủy ban nhân dân xã Ia Tơi", "-o", str(tmp_path / "c.yaml"))
    assert result.exit_code == 2 and "31/2" in result.output
    no_traceback(result)


def test_new_from_a_parent_with_a_yearly_29_february(cli, parent_with, tmp_path):
    parent = parent_with(r"(?<=by: ).*$", '"29/2"')
    child = tmp_path / "c.yaml"
    result = cli("new", "--parent", str(parent), "--level", "xã", "--issuer", "Ủy ban nhân dân xã Ia Tơi", "-o", str(child))
    assert result.exit_code == 0, result.output
    assert "18/02/2025" in child.read_text(encoding="utf-8")  # ten days before the 28th


def test_new_from_a_parent_whose_lead_holds_a_line_break(cli, parent_with, tmp_path):
    parent = parent_with(r"(?<=lead: ).*Tài chính.*$", '"Sở Ngoại giao\\nlevel: quốc gia"')
    child = tmp_path / "c.yaml"
    result = cli("new", "--parent", str(parent), "--level", "xã", "--issuer", "Ủy ban nhân dân xã Ia Tơi", "-o", str(child))
    assert result.exit_code == 0, result.output
    assert validate([str(child)]).findings == [] or all(f.rule != "schema" for f in validate([str(child)]).findings)


@pytest.mark.parametrize("command", ["render", "new", "schema"])
@pytest.mark.parametrize("target", ["directory", "device", "below a file"])
def test_output_places_that_cannot_be_written(cli, tmp_path, command, target):
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    output = {"directory": tmp_path / "a-folder", "device": "/dev/null", "below a file": tmp_path / "a-file" / "out"}[target]
    args = {
        "render": ["render", str(PLANS / "kon-tum/2025.yaml"), "-o", str(output), "--force"],
        "new": ["new", "--parent", str(PLANS / "kon-tum/2025.yaml"), "--level", "xã", "--issuer", "Ủy ban nhân dân xã A", "-o", str(output), "--force"],
        "schema": ["schema", "-o", str(output), "--force"],
    }[command]
    result = cli(*args)
    assert result.exit_code == 2, result.output
    no_traceback(result)
    assert str(output) in result.output
    assert os.path.exists("/dev/null") and stat.S_ISCHR(os.stat("/dev/null").st_mode)


# --- 4. One bad file never takes the others down ----------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_crash_on_one_file_is_a_finding_for_that_file(cli, tmp_path, monkeypatch, jobs):
    for index in range(66):
        (tmp_path / f"plan-{index:02d}.yaml").write_text(VALID_PLAN, encoding="utf-8")
    (tmp_path / "plan-13.yaml").write_text(VALID_PLAN.replace("Kon Tum", "Bug"), encoding="utf-8")
    import dataclasses

    from gecli.rules import all_rules

    def crash(subject):
        if "Bug" in subject.plan.issuer.name:
            raise ZeroDivisionError("a bug")
        return iter(())

    rules = tuple(dataclasses.replace(r, check=crash) if r.slug == "fraction-mismatch" else r for r in all_rules())
    monkeypatch.setattr("gecli.validate.all_rules", lambda: rules)
    result = cli("validate", "--format", "json", "--jobs", str(jobs), str(tmp_path))
    report = json.loads(result.stdout)
    assert report["files"] == 66 and result.exit_code == 2
    [internal] = report["findings"]
    assert internal["rule"] == "internal-error" and internal["file"].endswith("plan-13.yaml")
    assert "fraction-mismatch" in internal["message"] and internal["hint"]


def test_sarif_stays_valid_with_an_internal_error(cli, tmp_path, monkeypatch):
    (tmp_path / "plan.yaml").write_text(VALID_PLAN, encoding="utf-8")
    monkeypatch.setattr("gecli.validate.read_plan", lambda *a: 1 / 0)
    result = cli("validate", "--format", "sarif", str(tmp_path))
    log = json.loads(result.stdout)
    assert result.exit_code == 2 and log["runs"][0]["results"][0]["ruleId"] == "internal-error"


# --- 5. Bounded time and memory ------------------------------------------------------------


def test_a_fifo_is_refused_without_waiting(cli, tmp_path):
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    result, [finding] = findings(cli, fifo)
    assert result.exit_code == 2 and finding["rule"] == "unreadable" and "không phải một tệp thông thường" in finding["message"]


def test_a_device_is_refused_before_reading(cli):
    result, [finding] = findings(cli, "/dev/zero")
    assert result.exit_code == 2 and finding["rule"] == "unreadable"


def test_a_large_file_is_refused_by_its_size(cli, tmp_path):
    path = tmp_path / "big.yaml"
    with open(path, "wb") as stream:
        stream.truncate(6 * 1024 * 1024)  # sparse: refused before a byte is read
    result, [finding] = findings(cli, path)
    assert result.exit_code == 2 and "6144 KB" in finding["message"]


def test_a_huge_wording_is_refused_not_searched(write):
    path = write(VALID_PLAN.replace("target: đạt 60%", "target: '" + "(1/1 " * 30_000 + "'"))
    [finding] = validate([str(path)]).findings
    assert finding.message.key == "quantity_unparsed" and finding.message.params["reason"].key == "reason_too_long"


# --- 7. Writing files ------------------------------------------------------------------------


def test_two_writers_racing_for_one_name(tmp_path, monkeypatch):
    """The existence check and the publication are one step: a file that appears in between
    is neither overwritten nor reported as written."""
    import gecli.files as files

    target = tmp_path / "out.docx"
    real = files._write_temporary

    def rival_wins(path, data):
        temporary = real(path, data)
        target.write_bytes(b"the other run")
        return temporary

    monkeypatch.setattr(files, "_write_temporary", rival_wins)
    with pytest.raises(OutputExists):
        write_atomic(target, b"ours")
    assert target.read_bytes() == b"the other run"
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]  # no temporary left


def test_an_output_that_fails_while_it_is_made_leaves_nothing(tmp_path):
    """The report page is written a piece at a time as it is made; an error midway leaves
    neither the target nor a temporary file."""

    def pieces():
        yield b"<!DOCTYPE html>"
        raise RuntimeError("the template failed")

    with pytest.raises(RuntimeError):
        write_atomic(tmp_path / "bao-cao.html", pieces())
    assert list(tmp_path.iterdir()) == []


def test_a_dangling_symlink_is_not_replaced_without_force(tmp_path):
    link = tmp_path / "out.docx"
    link.symlink_to(tmp_path / "nowhere")
    with pytest.raises(OutputExists):
        write_atomic(link, b"x")
    assert link.is_symlink()


def test_outputs_get_the_mode_of_the_users_umask(tmp_path):
    previous = os.umask(0o027)
    try:
        write_atomic(tmp_path / "a.docx", b"x")
    finally:
        os.umask(previous)
    write_atomic(tmp_path / "b.docx", b"x")
    assert stat.S_IMODE(os.stat(tmp_path / "a.docx").st_mode) == 0o640
    assert stat.S_IMODE(os.stat(tmp_path / "b.docx").st_mode) == 0o666 & ~previous


def test_a_killed_runs_temporary_is_removed_by_the_next_write(tmp_path):
    leftover = tmp_path / ".out.docx.gecli-999999999.tmp"  # no such process
    leftover.write_bytes(b"half")
    ours = tmp_path / f".out.docx.gecli-{os.getpid()}.tmp"
    write_atomic(tmp_path / "out.docx", b"whole")
    assert not leftover.exists() and not ours.exists() and (tmp_path / "out.docx").read_bytes() == b"whole"


# --- 8. Locations ----------------------------------------------------------------------------


def test_a_control_character_is_located(cli, write):
    path = write(VALID_PLAN.replace("Kon Tum\n", "Kon\x0cTum\n", 1))
    result, [finding] = findings(cli, path)
    assert result.exit_code == 2 and (finding["line"], finding["column"]) == (3, 33) and "U+000C" in finding["message"]


def test_the_value_is_shown_as_written(cli, write):
    _, [finding] = findings(cli, write(VALID_PLAN.replace("level: tỉnh", "level: yes")))
    assert "“yes”" in finding["message"] and "True" not in finding["message"]


def test_control_characters_written_as_escapes_render(cli, write, tmp_path):
    """Found by benchmarks/fuzz.py: "\x0c" in a double-quoted value is a character XML cannot hold."""
    plan = VALID_PLAN.replace(
        "  title: Triển khai thực hiện Chiến lược quốc gia về bình đẳng giới năm 2025",
        '  title: "Triển\\x0c khai\\x00 năm 2025"',
    )
    result = cli("render", str(write(plan)), "-o", str(tmp_path / "out.docx"))
    assert result.exit_code == 0, result.output
    from docx import Document

    assert Document(str(tmp_path / "out.docx")).paragraphs[1].text == "Triển  khai  năm 2025"


def test_an_item_number_of_five_thousand_digits(cli, write):
    """Found by benchmarks/fuzz.py: a number beyond Python's int() limit in an item's marker."""
    plan = VALID_PLAN.replace("  - number: II.", "  - number: " + "9" * 5000)
    result, found = findings(cli, write(plan))
    assert result.exit_code == 0 and found == []


def test_the_data_cache_gives_what_the_yaml_says_and_survives_damage(tmp_path, monkeypatch):
    """Data files are kept parsed in the user's cache; a damaged, foreign or unwritable cache
    never changes what gecli knows."""
    import yaml

    from gecli import yamlio

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "gecli").mkdir()
    (tmp_path / "gecli" / "messages.yaml.12-00c0ffee.json").write_text('{"left by": "an older version"}')
    truth = yaml.safe_load((yamlio.Path(yamlio.__file__).parent / "data" / "messages.yaml").read_text("utf-8"))
    assert yamlio.load_data_file("messages.yaml") == truth  # parsed, then kept
    (kept,) = (tmp_path / "gecli").glob("messages.yaml.*.json")  # the older copy is gone
    assert yamlio.load_data_file("messages.yaml") == truth  # read back

    kept.write_bytes(b'{"half": ')
    assert yamlio.load_data_file("messages.yaml") == truth
    kept.write_bytes(b"\xff\xfe not json")
    assert yamlio.load_data_file("messages.yaml") == truth
    kept.unlink()
    os.mkfifo(kept)  # nobody writes to it: reading it would wait for ever
    assert yamlio.load_data_file("messages.yaml") == truth

    # Numbers as keys do not survive JSON: that file is never cached, and reads the same.
    assert yamlio.load_data_file("objectives.yaml") == yaml.safe_load(
        (yamlio.Path(yamlio.__file__).parent / "data" / "objectives.yaml").read_text("utf-8")
    )
    assert not list((tmp_path / "gecli").glob("objectives.yaml.*"))

    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert yamlio.load_data_file("messages.yaml") == truth
