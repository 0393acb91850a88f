"""The command line as a CI user meets it: version, languages, JSON contract, exit codes."""

import json

from gecli import __version__
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
