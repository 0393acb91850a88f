"""Word in: `gecli import` turns a published plan into a plan file, `gecli validate` checks a
document directly and says where in it, `gecli annotate` hands the draft back with comments.

The seeds in tests/sources are real published plans (text extractions); plans/ holds their
hand transcriptions, which are what an import must come back to."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from gecli.importer.readers.docx import paragraph_elements

from support import REPO

SEEDS = {
    "001_753fda21913fb3fa.txt": "plans/kon-tum/2025.yaml",
    "000_a45720b33fd1c28e.txt": "plans/kon-tum/ia-hdrai/2025.yaml",
    "003_f21cf61eb0bffd5d.txt": "plans/kon-tum/tp-kon-tum/nguyen-trai/2025.yaml",
    "002_2a4895f359df666b.txt": "plans/ha-nam/thanh-liem/2021-2025.yaml",
}
# The ward cites the city's plan, which has no file: its hand transcription is compared with
# the province's plan (found in the folders above it); a document is told so with --parent.
PARENT_GIVEN = {"plans/kon-tum/tp-kon-tum/nguyen-trai/2025.yaml": "plans/kon-tum/2025.yaml"}
PLANS = list(SEEDS.values())
# Findings that rest on a transcriber's reading which an import leaves to a person: the lead of
# Ia H'Drai's 3.2b, whose executor cell the text extraction lost (the import flags the row), and
# the data duty of Thanh Liêm's Phòng Văn hóa - Thông tin, which names 3.2a and 3.2b by their
# words, not by number ("thu thập, thống kê số liệu … được tiếp cận các dịch vụ hỗ trợ, tư vấn").
READINGS = {
    ("000_a45720b33fd1c28e.txt", "plans/kon-tum/ia-hdrai/2025.yaml"): (Counter({("lead-coverage", "3.2b", "warning"): 1}), Counter()),
    ("plans/ha-nam/thanh-liem/2021-2025.yaml",): (Counter(), Counter({("lead-coverage", "3.2a", "warning"): 1, ("lead-coverage", "3.2b", "warning"): 1})),
}
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(autouse=True)
def at_repository(monkeypatch):
    monkeypatch.chdir(REPO)


def findings(cli, *args: str) -> list[dict]:
    result = cli("validate", *args, "--format", "json", "--fail-on", "note")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]


def summary(found: list[dict], file: str) -> Counter:
    return Counter((f["rule"], f["indicator"], f["severity"]) for f in found if f["file"] == file)


def hand_findings(cli, plan: str, seed: str | None = None) -> Counter:
    """The findings on the transcription, as a document of it should have them."""
    found = summary(findings(cli, "plans"), plan)
    for key, (only_document, only_transcription) in READINGS.items():
        if key[-1] == plan and (len(key) == 1 or key[0] == seed):
            found = found + only_document - only_transcription
    return found


def document_findings(cli, document: str, plan: str) -> Counter:
    given = ["--parent", PARENT_GIVEN[plan]] if plan in PARENT_GIVEN else []
    return summary(findings(cli, document, "plans", *given), document)


def render(cli, plan: str, folder: Path) -> Path:
    out = folder / (Path(plan).parent.name + ".docx")
    result = cli("render", plan, "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def convert(source: Path, target: str, folder: Path) -> Path:
    """``source`` converted by LibreOffice into ``folder``."""
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", target, "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return folder / f"{source.stem}.{target.split(':')[0]}"


# --- gecli import -------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_a_published_plan_imports_to_its_transcription(cli, tmp_path, seed):
    out = tmp_path / "ke-hoach.yaml"
    result = cli("import", f"tests/sources/{seed}", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "chỉ tiêu" in result.stderr and str(out.as_posix()) in result.stderr  # the summary, and where
    # The file loads as a plan: no schema problem, whatever was uncertain.
    assert not [f for f in findings(cli, str(out)) if f["rule"] in ("schema", "yaml", "unreadable")]
    # Every indicator of the hand transcription, with the same target as `gecli diff` sees it.
    # (Two unmeasurable targets, "giảm 00‰", are incomparable: then the wordings are the same.)
    rows = json.loads(cli("diff", SEEDS[seed], str(out), "--format", "json").stdout)["rows"]
    assert rows and all(row["verdict"] == "equal" or row["parent"] == row["child"] for row in rows)


def test_what_the_import_is_unsure_of_is_flagged_in_the_file(cli, tmp_path):
    out = tmp_path / "ia-hdrai.yaml"
    cli("import", "tests/sources/000_a45720b33fd1c28e.txt", "-o", str(out))
    text = out.read_text(encoding="utf-8")
    # The flattened appendix leaves executor cells to judge: said at the place, not guessed.
    assert text.count("# KIỂM TRA:") >= 5
    # The published defect is kept: body "trên 90%", appendix 99,75.
    assert '"đạt trên 90%"' in text and '"99,75"' in text


def test_a_document_that_cannot_be_read_writes_nothing(cli, tmp_path):
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "hong.yaml"
    result = cli("import", str(broken), "-o", str(out))
    assert result.exit_code == 2
    assert "hong.docx" in result.stderr and not out.exists()
    assert "Traceback" not in result.output


def test_import_does_not_overwrite_without_force(cli, tmp_path):
    out = tmp_path / "ke-hoach.yaml"
    out.write_text("# của tôi\n", encoding="utf-8")
    source = "tests/sources/002_2a4895f359df666b.txt"
    refused = cli("import", source, "-o", str(out))
    assert refused.exit_code == 2 and out.read_text(encoding="utf-8") == "# của tôi\n"
    assert cli("import", source, "-o", str(out), "--force").exit_code == 0
    assert "level:" in out.read_text(encoding="utf-8")


# --- nothing lost: render, then import ------------------------------------------------------


_NOT_PRINTED = {
    "note",  # the transcriber's remarks
    "path",  # where the cited plan's file is
    "agencies", "charges",  # who is charged, read from the headings that are compared as text
    "lead", "partners",  # printed inside the executor cell, which is compared
    "header",  # the issuer's header lines, printed from its name
}  # fmt: skip
_MARKS = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\(\d{1,2}\)")


def _comparable(value, key: str = ""):
    """A plan's data as printed: whitespace and footnote mark style aside, quantities by what
    they mean (the wording quoted may be longer or shorter)."""
    if isinstance(value, dict):
        if {"value", "unit"} <= value.keys() and "raw" in value:
            return {k: v for k, v in value.items() if k != "raw"}
        return {k: _comparable(v, k) for k, v in value.items() if k not in _NOT_PRINTED and v not in (None, [], {}, "")}
    if isinstance(value, list):
        return [_comparable(v, key) for v in value]
    if isinstance(value, str):
        return " ".join(_MARKS.sub("¹", value).split())
    return value


def _differences(expected, found, path="") -> list[str]:
    if isinstance(expected, dict) and isinstance(found, dict):
        return [d for k in expected.keys() | found.keys() for d in _differences(expected.get(k), found.get(k), f"{path}.{k}")]
    if isinstance(expected, list) and isinstance(found, list) and len(expected) == len(found):
        return [d for i, (a, b) in enumerate(zip(expected, found)) for d in _differences(a, b, f"{path}[{i}]")]
    return [] if expected == found else [f"{path}: {str(expected)[:80]!r} → {str(found)[:80]!r}"]


def _read_back(document: Path) -> dict:
    from gecli.importer.document import read_document
    from gecli.model import Plan

    return Plan.model_validate(read_document(document, document.name).data).model_dump(mode="json")


def _plan(path: str) -> dict:
    from gecli.model import Plan
    from gecli.source import load

    return Plan.model_validate(load(REPO / path).data).model_dump(mode="json")


# How a reporting deadline is quoted is the transcriber's choice of words around the date.
_QUOTE_CHOICE = re.compile(r"^\.reporting\[\d+\]\.text:")


@pytest.mark.parametrize("plan", PLANS)
def test_render_then_import_gives_the_plan_back(cli, tmp_path, plan):
    found = _comparable(_read_back(render(cli, plan, tmp_path)))
    differences = [d for d in _differences(_comparable(_plan(plan)), found) if not _QUOTE_CHOICE.match(d)]
    assert differences == []


@needs_libreoffice
def test_the_pdf_of_a_render_imports_to_the_same_plan(cli, tmp_path):
    plan = "plans/ha-nam/thanh-liem/2021-2025.yaml"
    pdf = convert(render(cli, plan, tmp_path), "pdf", tmp_path)
    differences = [d for d in _differences(_comparable(_plan(plan)), _comparable(_read_back(pdf))) if not _QUOTE_CHOICE.match(d)]
    assert differences == []


# --- gecli validate on a document ---------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_a_seed_document_has_the_findings_of_its_transcription(cli, seed):
    plan = SEEDS[seed]
    assert document_findings(cli, f"tests/sources/{seed}", plan) == hand_findings(cli, plan, seed)


@pytest.mark.parametrize("plan", PLANS)
def test_a_rendered_docx_has_the_findings_of_its_plan(cli, tmp_path, plan):
    document = render(cli, plan, tmp_path)
    expected = hand_findings(cli, plan)
    assert expected and document_findings(cli, str(document), plan) == expected


def _typed_into_word(text_file: Path, out: Path) -> Path:
    """A text extraction pasted into Word: a paragraph per line, tabs kept."""
    document = Document()
    for line in text_file.read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line)
    document.save(out)
    return out


@pytest.mark.parametrize("seed", SEEDS)
def test_a_text_pasted_into_word_reads_as_the_text(cli, tmp_path, seed):
    document = _typed_into_word(REPO / "tests/sources" / seed, tmp_path / "dan-vao-word.docx")
    plan = SEEDS[seed]
    assert document_findings(cli, str(document), plan) == hand_findings(cli, plan, seed)


def test_findings_on_a_docx_name_the_paragraph_and_quote_it(cli, tmp_path):
    document = render(cli, "plans/kon-tum/ia-hdrai/2025.yaml", tmp_path)
    found = [f for f in findings(cli, str(document), "plans") if f["file"] == str(document)]
    body = next(f for f in found if f["rule"] == "weaker-than-parent" and f["indicator"] == "1.1")
    # Paragraphs are numbered as Word counts them: the header's table cells too.
    paragraphs = list(paragraph_elements(Document(document).element.body))
    paragraph = "".join(t.text or "" for t in paragraphs[body["paragraph"] - 1].iter(qn("w:t")))
    assert body["line"] is None and body["quote"] and body["quote"].rstrip("…") in paragraph and "30%" in body["quote"]
    cell = next(f for f in found if f["rule"] == "text-value-mismatch")
    assert (cell["table"], cell["cell"], cell["quote"]) == (3, 4, "99,75")
    text = cli("validate", str(document), "plans").stdout
    assert f"{document} (đoạn {body['paragraph']})" in text and "« 99,75 »" in text


def test_a_draft_alone_is_compared_with_the_national_strategy(cli, tmp_path):
    # Received as a document, nothing else at hand: the cited province plan has no file, so
    # the national strategy gecli ships is the parent, and the message says why.
    document = render(cli, "plans/kon-tum/ia-hdrai/2025.yaml", tmp_path)
    alone = [f for f in findings(cli, str(document)) if f["rule"] == "weaker-than-parent" and f["indicator"] == "1.1"]
    assert len(alone) == 1
    assert "Chiến lược quốc gia" in alone[0]["message"] and "956/KH-UBND" in alone[0]["message"]


# --- gecli annotate -----------------------------------------------------------------------


def _comments(path: Path) -> dict[str, tuple[str, str]]:
    """Comment id -> (author and text, the words it is anchored on)."""
    document = Document(path)
    said = {str(c.comment_id): (c.author, c.text) for c in document.comments}
    anchored: dict[str, list[str]] = {}
    open_ids: set[str] = set()
    for element in document.element.body.iter():
        if element.tag == qn("w:commentRangeStart"):
            open_ids.add(element.get(qn("w:id")))
        elif element.tag == qn("w:commentRangeEnd"):
            open_ids.discard(element.get(qn("w:id")))
        elif element.tag == qn("w:t"):
            for comment in open_ids:
                anchored.setdefault(comment, []).append(element.text or "")
    return {key: (f"{author}: {text}", "".join(anchored.get(key, []))) for key, (author, text) in said.items()}


def test_annotate_puts_each_finding_in_the_margin_of_a_copy(cli, tmp_path):
    draft = render(cli, "plans/kon-tum/ia-hdrai/2025.yaml", tmp_path)
    before = draft.read_bytes()
    reviewed = tmp_path / "gop-y.docx"
    result = cli("annotate", str(draft), "-o", str(reviewed), "--parent", "plans/kon-tum/2025.yaml")
    assert result.exit_code == 0, result.output
    assert draft.read_bytes() == before  # the draft itself is not touched
    comments = _comments(reviewed)
    expected = hand_findings(cli, "plans/kon-tum/ia-hdrai/2025.yaml")
    assert len(comments) == sum(expected.values()) and f"{len(comments)} góp ý" in result.stderr
    said = {text: words for text, words in comments.values()}
    assert all(text.startswith("gecli: ") for text in said)
    weaker = next((text, words) for text, words in said.items() if "(1.1)" in text or "chỉ tiêu 1.1" in text)
    assert "[weaker-than-parent]" in weaker[0] and "Cách sửa" in weaker[0]
    assert "30%" in weaker[1]  # anchored on the sentence that sets 30%
    mismatch = next(words for text, words in said.items() if "[text-value-mismatch]" in text)
    assert mismatch == "99,75"  # anchored on the appendix cell
    # The copy still reads as the same plan.
    assert _comparable(_read_back(reviewed)) == _comparable(_read_back(draft))


def test_annotate_keeps_to_the_no_overwrite_rule(cli, tmp_path):
    draft = render(cli, "plans/ha-nam/thanh-liem/2021-2025.yaml", tmp_path)
    assert cli("annotate", str(draft), "-o", str(draft)).exit_code == 2  # never over the draft
    other = tmp_path / "co-san.docx"
    other.write_bytes(b"keep")
    assert cli("annotate", str(draft), "-o", str(other)).exit_code == 2 and other.read_bytes() == b"keep"
    assert cli("annotate", str(draft), "-o", str(other), "--force").exit_code == 0


def test_annotate_takes_only_word_documents(cli, tmp_path):
    result = cli("annotate", "tests/sources/002_2a4895f359df666b.txt", "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 2 and ".docx" in result.stderr and not (tmp_path / "x.docx").exists()


# --- what fuzzing found ---------------------------------------------------------------------


def _seed_lines(seed: str) -> list[str]:
    return (REPO / "tests/sources" / seed).read_text(encoding="utf-8").split("\n")


def test_a_document_that_names_no_year_is_refused_not_invented(cli, tmp_path):
    # Nguyễn Trãi's plan with every mention of its year removed: nothing says which year.
    lines = [line.replace("2025", "") for line in _seed_lines("003_f21cf61eb0bffd5d.txt")]
    source = tmp_path / "khong-nam.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "khong-nam.yaml"
    result = cli("import", str(source), "-o", str(out))
    assert result.exit_code == 2 and not out.exists()
    assert "“period”" in result.stderr and "không tự điền" in result.stderr and "năm 2025" in result.stderr
    checked = cli("validate", str(source), "--format", "json")
    assert checked.exit_code == 2
    assert [(f["rule"], f["file"]) for f in json.loads(checked.stdout)["findings"]] == [("unreadable", str(source))]


def test_a_bare_dash_under_noi_nhan_is_no_recipient(cli, tmp_path):
    lines = _seed_lines("002_2a4895f359df666b.txt")
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("Nơi nhận"))
    lines.insert(at + 1, "-")
    source = tmp_path / "gach.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "gach.yaml"
    assert cli("import", str(source), "-o", str(out)).exit_code == 0
    assert 'recipients:\n  - "UBND tỉnh, Sở LĐTBXH;"' in out.read_text(encoding="utf-8")
