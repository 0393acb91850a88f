"""`gecli diff`: the right verdict for every indicator, in text, JSON and Markdown."""

import json

import pytest

from support import REPO

PROVINCE = "plans/kon-tum/2025.yaml"
DISTRICT = "plans/kon-tum/ia-hdrai/2025.yaml"

# Ia H'Drai 2025 against Kon Tum 2025, as the two published documents state them.
VERDICTS = {
    "1.1": "weaker",  # 30% vs 60%
    "2.1": "equal",
    "2.2": "equal",
    "2.3": "weaker",  # 27% vs 31%
    "3.1": "equal",
    "3.2a": "equal",
    "3.2b": "equal",
    "3.3": "equal",
    "3.4": "weaker",  # 70% vs 100%
    "4.1": "stronger",  # dưới 106 vs dưới 108: lower is better
    "4.2": "weaker",  # dưới 32,5 vs dưới 31,7: lower is better
    "4.3": "equal",  # both xuống 55/1.000
    "5.1": "equal",
    "5.2a": "weaker",  # trên 90% vs 99,75%
    "5.2b": "weaker",  # 77% vs 95,5%
    "5.3": "equal",
    "5.4a": "equal",
    "5.4b": "equal",
    "6.1": "equal",
    "6.2": "equal",
    "6.3": "equal",  # 03 tin, bài each quarter
    "6.4": "equal",
}


@pytest.fixture
def in_repo(monkeypatch):
    monkeypatch.chdir(REPO)


def test_district_against_province(cli, in_repo):
    result = cli("diff", PROVINCE, DISTRICT, "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert (document["version"], document["parent"], document["child"]) == (1, PROVINCE, DISTRICT)
    assert {row["indicator"]: row["verdict"] for row in document["rows"]} == VERDICTS
    row = next(r for r in document["rows"] if r["indicator"] == "1.1")
    assert (row["parent"], row["child"], row["difference"], row["unit"]) == ("có 60%", "có 30%", "-30", "percent")
    assert set(row) >= {"indicator", "parent", "child", "verdict"}


def test_missing_and_incomparable_against_the_national_strategy(cli, in_repo):
    rows = json.loads(cli("diff", "plans/quoc-gia/2021-2030.yaml", PROVINCE, "-f", "json").stdout)["rows"]
    verdicts = {row["indicator"]: row["verdict"] for row in rows}
    assert verdicts["4.4"] == "missing"  # Kon Tum drops 4.4
    assert verdicts["4.3"] == "incomparable"  # the national value is unconfirmed
    assert verdicts["5.3"] == "weaker"  # đạt 30% vs trên 30%
    assert verdicts["5.1"] == "equal"  # đạt 100% vs hoàn thành


def test_extra_in_child_only(cli, in_repo, tmp_path):
    child = tmp_path / "child.yaml"
    child.write_text((REPO / PROVINCE).read_text(encoding="utf-8"), encoding="utf-8")
    rows = json.loads(cli("diff", DISTRICT, str(child), "-f", "json").stdout)["rows"]
    assert all(row["verdict"] != "extra" for row in rows)
    rows = json.loads(cli("diff", "plans/kon-tum/tp-kon-tum/nguyen-trai/2025.yaml", PROVINCE, "-f", "json").stdout)["rows"]
    # The ward's "Chỉ tiêu 4" (events on 20/10) is none of the strategy's: 6.4 is the province's only.
    assert {row["indicator"] for row in rows if row["verdict"] == "extra"} == {"3.4", "5.3", "5.4a", "5.4b", "6.4"}


def test_text_and_markdown(cli, in_repo):
    text = cli("diff", PROVINCE, DISTRICT, env={"COLUMNS": "160"}).stdout
    assert "huyện Ia H'Drai 2025" in text and "−30 điểm %" in text and "kém hơn" in text
    assert "6 kém hơn, 0 thiếu, 15 bằng, 1 mạnh hơn, 0 khác." in text
    markdown = cli("diff", PROVINCE, DISTRICT, "--format", "markdown").stdout
    assert "| 1.1 | ≥ 60% | ≥ 30% | −30 điểm % | **kém hơn** |" in markdown
    english = cli("diff", PROVINCE, DISTRICT, "--format", "markdown", "--lang", "en").stdout
    assert "| 4.2 | < 31,7/100.000 trẻ đẻ sống" not in english and "**weaker**" in english


def test_exit_code_option(cli, in_repo):
    assert cli("diff", PROVINCE, DISTRICT, "--exit-code", "-f", "json").exit_code == 1
    assert cli("diff", PROVINCE, PROVINCE, "--exit-code", "-f", "json").exit_code == 0


def test_invalid_file_is_reported_not_compared(cli, in_repo, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("level: tinh\n", encoding="utf-8")
    result = cli("diff", PROVINCE, str(broken))
    assert result.exit_code == 2 and "Traceback" not in result.output
