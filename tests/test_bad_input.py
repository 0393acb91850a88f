"""Hostile and broken files: a clear located message, the documented exit code, no traceback,
no code executed, no hang."""

import json

import pytest

from support import VALID_PLAN

ALIAS_BOMB = "\n".join(
    ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    + [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
)

# name, file content, exit code, rule, message key, (line, column) or None
CASES = [
    ("empty", "", 1, "schema", "plan_empty", (1, 1)),
    ("list", "- level: tỉnh\n- period: 2025\n", 1, "schema", "plan_not_mapping", (1, 1)),
    ("scalar", "Kế hoạch năm 2025\n", 1, "schema", "plan_not_mapping", (1, 1)),
    ("python tag", 'level: !!python/object/apply:os.system ["touch PWNED"]\n', 2, "yaml", "yaml_tag", (1, 8)),
    ("custom tag", "level: !tinh tỉnh\n", 2, "yaml", "yaml_tag", (1, 8)),
    ("alias bomb", ALIAS_BOMB, 2, "yaml", "yaml_too_many_nodes", None),
    ("duplicate key", "level: tỉnh\nperiod: 2025\nlevel: xã\n", 2, "yaml", "yaml_duplicate_key", (3, 1)),
    ("tab", "level: tỉnh\nissuer:\n\tname: x\n", 2, "yaml", "yaml_tab", (3, 1)),
    ("deep nesting", "a: " + "[" * 100_000 + "]" * 100_000 + "\n", 2, "yaml", "yaml_too_deep", (1, 68)),
    ("moderate nesting", "a: " + "[" * 100 + "]" * 100 + "\n", 2, "yaml", "yaml_too_deep", (1, 68)),
    ("two documents", "level: tỉnh\n---\nlevel: xã\n", 2, "yaml", "yaml_syntax", (2, 1)),
    ("unclosed quote", 'level: "tỉnh\nperiod: 2025\n', 2, "yaml", "yaml_syntax", None),
    (
        "binary",
        b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
        2,
        "unreadable",
        "file_binary",
        (1, 6),
    ),
    ("latin-1", "level: tỉnh\nissuer: {name: Hà Nội}\n".encode("cp1258", errors="replace").replace(b"H", b"\xe9H"), 2, "unreadable", "file_not_utf8", None),
]


@pytest.mark.parametrize("name, content, code, rule, key, position", CASES, ids=[c[0] for c in CASES])
def test_bad_file(cli, write, tmp_path, name, content, code, rule, key, position):
    path = write(content)
    result = cli("validate", "--format", "json", str(path))
    assert result.exit_code == code, result.output
    report = json.loads(result.stdout)
    [finding] = report["findings"]
    assert finding["rule"] == rule and finding["file"] == path.as_posix()
    if position:
        assert (finding["line"], finding["column"]) == position
    assert finding["message"] and finding["hint"]
    from gecli.validate import validate

    assert [f.message.key for f in validate([str(path)]).findings] == [key]
    assert "Traceback" not in result.output
    assert not (tmp_path / "PWNED").exists()


def test_bom_is_accepted(cli, write):
    path = write("\ufeff".encode() + VALID_PLAN.encode())
    result = cli("validate", str(path))
    assert result.exit_code == 0, result.output


def test_missing_path_is_a_finding_and_exit_2(cli):
    result = cli("validate", "--format", "json", "does/not/exist.yaml")
    assert result.exit_code == 2
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["rule"] == "unreadable" and finding["line"] is None and "does/not/exist.yaml" in finding["message"]


def test_unreadable_file_does_not_hide_the_others(cli, write):
    good = write(VALID_PLAN, "a/good.yaml")
    write("level: [", "a/broken.yaml")
    result = cli("validate", "--format", "json", str(good.parent))
    report = json.loads(result.stdout)
    assert result.exit_code == 2 and report["files"] == 2
    assert [f["file"].rsplit("/", 1)[1] for f in report["findings"]] == ["broken.yaml"]


def test_text_report_has_no_traceback(cli, write):
    result = cli("validate", str(write("level: !!python/name:os.system\n")))
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "plan.yaml:1:8" in result.output
