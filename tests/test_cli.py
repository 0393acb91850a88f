"""The command line as a CI user meets it: version, languages, JSON contract, exit codes;
help and usage errors in the language asked, and what a short run loads."""

import json
import re
import subprocess
import sys

import pytest

from gecli import __version__
from gecli.i18n import catalog, requested_language
from support import VALID_PLAN


def test_version_and_help(cli):
    assert cli("--version").stdout.strip() == f"gecli {__version__}"
    result = cli("--help")
    assert result.exit_code == 0 and "validate" in result.stdout


def test_json_contract(cli, write):
    path = write(VALID_PLAN.replace("target: đạt 60%", "target: đạt nhiều"))
    result = cli("validate", "--format", "json", str(path))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["version"] == 1 and report["files"] == 1
    [finding] = report["findings"]
    assert set(finding) >= {"file", "line", "column", "rule", "severity", "indicator", "message"}
    assert (finding["line"], finding["column"], finding["rule"], finding["severity"], finding["indicator"]) == (
        19,
        25,
        "schema",
        "error",
        "1.1",
    )


def test_text_report_locates_and_explains_in_vietnamese(cli, write):
    path = write(VALID_PLAN.replace("level: tỉnh", "level: phường"))
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert f"{path.as_posix()}:1:8: lỗi [schema]" in result.stdout
    assert "Giá trị “phường” không hợp lệ" in result.stdout
    assert "Cách sửa: Chọn một trong: quốc gia, tỉnh, huyện, xã." in result.stdout  # no English "or"
    assert "1 lỗi, 0 cảnh báo, 0 ghi chú trong 1 tệp." in result.stdout


def test_a_value_typed_without_diacritics_is_spelt_back(cli, write):
    """A plan file keeps the schema's spelling (editors complete it), and gecli says which."""
    path = write(VALID_PLAN.replace("level: tỉnh", "level: Tinh"))
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert "Giá trị “Tinh” không hợp lệ: viết đúng chính tả là “tỉnh”." in result.stdout
    assert "Cách sửa: Viết “tỉnh”." in result.stdout


def test_english_on_request(cli, write):
    path = write(VALID_PLAN.replace("level: tỉnh", "level: phường"))
    by_option = cli("validate", "--lang", "en", str(path))
    by_env = cli("validate", str(path), env={"GECLI_LANG": "en"})
    for result in (by_option, by_env):
        assert "is not a valid value" in result.stdout and "Fix: Choose one of: quốc gia, tỉnh, huyện, xã." in result.stdout


def test_clean_run(cli, write):
    result = cli("validate", str(write(VALID_PLAN)))
    assert result.exit_code == 0 and "Không có vấn đề nào trong 1 tệp." in result.stdout


def test_directories_are_searched_recursively(cli, write):
    write(VALID_PLAN, "tree/a/one.yaml")
    write(VALID_PLAN, "tree/b/c/two.yml")
    write("not: a plan", "tree/.hidden/three.yaml")
    path = write("ignored", "tree/notes.txt")
    report = json.loads(cli("validate", "-f", "json", str(path.parent)).stdout)
    assert report["files"] == 2 and report["findings"] == []


def test_bad_option_is_a_usage_error(cli, write):
    assert cli("validate", "--format", "xml", str(write(VALID_PLAN))).exit_code == 2
    assert cli("validate").exit_code == 2


# --- Help and usage errors, in the language asked -----------------------------------------


COMMANDS = ["validate", "diff", "rules", "render", "new", "report", "import", "annotate", "schema"]
# Click's own words, which a Vietnamese help must not show, and the marks of an unfinished
# help: a message key, a Python type as metavar, a braced argument.
ENGLISH_CLICK = ("Usage:", "Options:", "Arguments:", "Commands:", "Show this message", "[required]", "default:")
VIETNAMESE_CLICK = ("Cách dùng", "Tùy chọn", "Đối số", "bắt buộc", "Hiện trợ giúp", "mặc định")
UNFINISHED = re.compile(r"cli_\w+|<\w+|list\[|\{\w+\}|\bNone\b")


@pytest.mark.parametrize(
    "args, env, lang",
    [
        ([], {}, "vi"), ([], {"GECLI_LANG": "en"}, "en"), (["--lang", "en"], {}, "en"),
        (["validate", "x", "--lang=en"], {}, "en"), (["--lang", "en", "validate", "--lang", "vi"], {}, "vi"),
        (["--lang", "vi"], {"GECLI_LANG": "en"}, "vi"), (["--lang", "fr"], {"GECLI_LANG": "en"}, "en"),
        (["validate", "--", "--lang", "en"], {}, "vi"), (["--lang"], {}, "vi"),
    ],
)  # fmt: skip
def test_requested_language(monkeypatch, args, env, lang):
    monkeypatch.delenv("GECLI_LANG", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert requested_language(args) == lang


def test_help_in_english_wherever_lang_stands(cli):
    """The issue's first report: `gecli --lang en --help` was "No such option: --lang"."""
    for args, env in (
        (["--lang", "en", "--help"], {}),
        (["--help", "--lang", "en"], {}),
        (["--help"], {"GECLI_LANG": "en"}),
    ):
        result = cli(*args, env=env)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("Usage: gecli [OPTIONS] COMMAND [ARGS]...\n")
        assert "Show this help and exit." in result.stdout and "check them, compare them" in " ".join(result.stdout.split())
        assert "  validate  Check plans: format, consistency, against the parent plan.\n" in result.stdout


def test_help_in_vietnamese_by_default(cli):
    result = cli("--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Cách dùng: gecli [TÙY_CHỌN] LỆNH [ĐỐI_SỐ]...\n")
    assert "Hiện trợ giúp này rồi thoát." in result.stdout and "\nLệnh:\n" in result.stdout
    assert not any(word in result.stdout for word in ENGLISH_CLICK)


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_command_has_a_finished_help_in_both_languages(cli, name, lang):
    result = cli(name, "--help", "--lang", lang)
    assert result.exit_code == 0, result.output
    help_text = result.stdout
    assert not UNFINISHED.search(help_text), UNFINISHED.search(help_text)
    first = help_text.splitlines()[0]
    assert first.startswith(f"{'Cách dùng' if lang == 'vi' else 'Usage'}: gecli {name} [{'TÙY_CHỌN' if lang == 'vi' else 'OPTIONS'}]")
    if lang == "vi":
        assert not any(word in help_text for word in ENGLISH_CLICK), help_text
    else:
        assert not any(word in help_text for word in VIETNAMESE_CLICK), help_text
    summary = " ".join(catalog()[f"cli_{name}"][lang].split("\n\n")[0].split())
    assert summary in " ".join(help_text.split())


def test_every_parameter_says_what_it_is_for():
    import typer.main

    from gecli.cli import app

    group = typer.main.get_command(app)
    assert list(group.commands) == COMMANDS
    for name, command in group.commands.items():
        assert command.help in catalog() and command.short_help in catalog()
        for param in command.params:
            assert param.help in catalog(), (name, param.name)
            if not getattr(param, "is_flag", False):
                assert param.metavar, (name, param.name)


def test_usage_lines_read_naturally(cli):
    expected = {
        ("validate", "vi"): "Cách dùng: gecli validate [TÙY_CHỌN] ĐƯỜNG_DẪN...",
        ("validate", "en"): "Usage: gecli validate [OPTIONS] PATH...",
        ("diff", "en"): "Usage: gecli diff [OPTIONS] PARENT.yaml CHILD.yaml",
        ("rules", "vi"): "Cách dùng: gecli rules [TÙY_CHỌN] [MÃ]",
        ("render", "en"): "Usage: gecli render [OPTIONS] PLAN.yaml -o DOCUMENT.docx",
        ("annotate", "vi"): "Cách dùng: gecli annotate [TÙY_CHỌN] DỰ_THẢO.docx -o GÓP_Ý.docx",
        ("import", "en"): "Usage: gecli import [OPTIONS] DOCUMENT -o PLAN.yaml",
        ("report", "vi"): "Cách dùng: gecli report [TÙY_CHỌN] ĐƯỜNG_DẪN... -o BÁO_CÁO.html",
    }
    for (name, lang), line in expected.items():
        assert cli(name, "--help", "--lang", lang).stdout.splitlines()[0] == line
    new = cli("new", "--help", "--lang", "en").stdout
    assert " ".join(new.split("\n\n")[0].split()) == "Usage: gecli new [OPTIONS] --parent PARENT.yaml --level LEVEL --issuer ISSUER -o PLAN.yaml"
    assert "-f, --format text|json|github|sarif" in cli("validate", "--help").stdout
    assert "--parent CẤP_TRÊN.yaml      Kế hoạch cấp trên.  [bắt\u00a0buộc]" in cli("new", "--help").stdout


def test_help_messages_exist_in_both_languages():
    keys = [key for key in catalog() if key.startswith("cli_")]
    assert len(keys) > 60
    for key in keys:
        assert set(catalog()[key]) == {"vi", "en"}, key


@pytest.mark.parametrize(
    "args, vi, en",
    [
        (["validate"], "Lỗi: Thiếu ĐƯỜNG_DẪN.", "Error: Missing PATH."),
        (["validate", "-f", "xml", "x"], "Lỗi: Giá trị của --format không hợp lệ; chọn một trong: text, json, github, sarif.",
         "Error: Invalid value for --format; choose one of: text, json, github, sarif."),
        (["validate", "-j", "0", "x"], "Lỗi: Giá trị của --jobs phải là một số nguyên từ 1 trở lên.",
         "Error: --jobs takes a whole number of at least 1."),
        (["validate", "--bogus", "x"], "Lỗi: Không có tùy chọn --bogus.", "Error: No such option: --bogus."),
        (["valdate", "x"], "Lỗi: Không có lệnh “valdate”. Các lệnh: validate, diff, rules, render, new, report, import, annotate, schema. Có phải ý bạn là validate?",
         "Error: No such command “valdate”. Commands: validate, diff, rules, render, new, report, import, annotate, schema. Did you mean validate?"),
        (["rules", "a", "b"], "Lỗi: Thừa đối số: b.", "Error: Unexpected arguments: b."),
        (["validate", "x", "-f"], "Lỗi: Tùy chọn -f cần một giá trị.", "Error: Option -f needs a value."),
        (["new", "--parent", "p.yaml", "--level", "xa", "--issuer", "X", "-o", "o.yaml", "--year", "sau"],
         "Lỗi: Giá trị của --year phải là một số nguyên.", "Error: --year takes a whole number."),
        (["new", "--parent", "p.yaml"], "Lỗi: Thiếu tùy chọn --level.", "Error: Missing option --level."),
        (["rules", "--lang", "fr"], "Lỗi: Giá trị của --lang không hợp lệ; chọn một trong: vi, en.",
         "Error: Invalid value for --lang; choose one of: vi, en."),
    ],
)  # fmt: skip
def test_usage_errors_in_the_users_language(cli, args, vi, en):
    for lang, expected in (("vi", vi), ("en", en)):
        result = cli(*args, env={"GECLI_LANG": lang})
        assert result.exit_code == 2
        assert expected in result.output, result.output
        assert "Traceback" not in result.output


def test_usage_error_shows_the_usage_and_where_help_is(cli):
    result = cli("validate")
    assert result.output.startswith("Cách dùng: gecli validate [TÙY_CHỌN] ĐƯỜNG_DẪN...\nXem trợ giúp: gecli validate --help\n\nLỗi: ")


def test_no_command_shows_the_help(cli):
    for args in ([], ["--lang", "en"]):
        result = cli(*args)
        assert result.exit_code == 2  # a usage error, as Click has it, with the help as its message
        assert ("Usage: gecli" if args else "Cách dùng: gecli") in result.output and "validate" in result.output


def test_rules_and_messages_follow_a_language_given_before_the_command(cli, write):
    path = write(VALID_PLAN.replace("level: tỉnh", "level: phường"))
    assert "Fix: Choose one of" in cli("--lang", "en", "validate", str(path)).stdout
    assert "A target weaker than the parent plan's" in cli("--lang", "en", "rules").stdout


def run_python(code: str, *args: str) -> str:
    from support import REPO

    completed = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, capture_output=True, text=True, check=True)
    return completed.stdout


LOADED = (
    "import sys, io, contextlib\n"
    "from gecli.cli import main\n"
    "sys.argv = ['gecli', *sys.argv[1:]]\n"
    "out = io.StringIO()\n"
    "try:\n"
    "    with contextlib.redirect_stdout(out): main()\n"
    "except SystemExit: pass\n"
    "heavy = ('pydantic', 'rich', 'docx', 'jinja2', 'pypdfium2', 'rapidfuzz', 'gecli.model', 'gecli.quantity', 'gecli.validate')\n"
    "print(sorted(name for name in heavy if name in sys.modules))\n"
    "print(out.getvalue()[:20])\n"
)


def test_help_loads_only_typer_and_the_messages():
    """`gecli --help` started in 0.38 s, mostly importing pydantic (findings → i18n → quantity):
    the help needs none of it."""
    loaded, start = run_python(LOADED, "--help").splitlines()[:2]
    assert loaded == "[]" and start.startswith("Cách dùng: gecli")


def test_validating_yaml_loads_no_document_or_terminal_library():
    """A pre-commit hook or CI run on YAML files: no Word, PDF, template or rich (output to a
    pipe is plain text)."""
    loaded = run_python(LOADED, "validate", "plans/kon-tum/2025.yaml").splitlines()[0]
    assert loaded == "['gecli.model', 'gecli.quantity', 'gecli.validate', 'pydantic']"


def test_the_console_script_speaks_english_when_asked():
    from support import REPO

    completed = subprocess.run(
        [sys.executable, "-m", "gecli", "--lang", "en", "--help"], cwd=REPO, capture_output=True, text=True
    )
    assert completed.returncode == 0 and completed.stdout.startswith("Usage: gecli [OPTIONS] COMMAND [ARGS]...")


def test_the_report_in_a_terminal_is_the_same_text_in_colour(write):
    """Coloured through rich in a terminal, plain text (without rich) in a pipe: the same words."""
    import io

    from gecli.output.text import print_report
    from gecli.validate import validate
    from support import PLANS

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    report = validate([str(PLANS), str(write("level: [\n", "[/b] :smile:.yaml"))])
    plain, coloured = io.StringIO(), Terminal()
    print_report(report, plain, "vi")
    print_report(report, coloured, "vi")
    assert "\x1b[" not in plain.getvalue() and "\x1b[" in coloured.getvalue()
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured.getvalue()) == plain.getvalue()
    assert "[/b] :smile:.yaml:2:1: lỗi [yaml]" in plain.getvalue()
    assert plain.getvalue().endswith("✖ 19 lỗi, 18 cảnh báo, 14 ghi chú trong 6 tệp. (4 vấn đề được miễn trừ có lý do, xem --format json)\n")
