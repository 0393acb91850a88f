"""Real Word footnotes (`gecli.render.footnotes`), checked in the saved DOCX and on the page.

Notes are found by reference order and w:type, never by a fixed w:id: Word and LibreOffice
number them by where their references stand, and LibreOffice renumbers the ids when it saves.
"""

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import PartFactory
from lxml import etree

from gecli.render import layout
from gecli.render.footnotes import Footnotes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOTES = [
    "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư.",
    "Thông tư hướng dẫn thể thức & <kỹ thuật> trình bày văn bản hành chính.",
]
FOUR_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")


def plan_page():
    """An A4 page built as the renderer builds one: text, a note, more text, a note, text."""
    document = Document()
    layout._prepare_styles(document)
    layout._page(document.sections[0], landscape=False)
    footnotes = Footnotes(document)
    paragraph = document.add_paragraph()
    layout._run(paragraph, "Căn cứ Nghị định số 30/2020/NĐ-CP", 14)
    footnotes.add(paragraph, NOTES[0])
    layout._run(paragraph, " và Thông tư số 01/2011/TT-BNV", 14)
    footnotes.add(paragraph, NOTES[1])
    layout._run(paragraph, ", Ủy ban nhân dân tỉnh ban hành Kế hoạch.", 14)
    document.add_paragraph("Đoạn thứ hai không có chú thích.")
    return document


def save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def part(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def notes(data: bytes) -> dict[str, etree._Element]:
    """Normal footnotes by id (separators left out)."""
    root = part(data, "word/footnotes.xml")
    return {n.get(W + "id"): n for n in root.iter(W + "footnote") if n.get(W + "type", "normal") == "normal"}


def text(element) -> str:
    return "".join(t.text or "" for t in element.iter(W + "t")).strip()


def referenced(data: bytes) -> list[str]:
    """The note texts in the order their references stand in the body."""
    by_id = notes(data)
    body = part(data, "word/document.xml")
    return [text(by_id[ref.get(W + "id")]) for ref in body.iter(W + "footnoteReference")]


def fonts_are_times(root) -> bool:
    fonts = list(root.iter(W + "rFonts"))
    return bool(fonts) and all(f.get(W + slot) == "Times New Roman" for f in fonts for slot in FOUR_SLOTS)


# --- the XML -----------------------------------------------------------------------------------


def test_part_has_its_content_type_and_relationship():
    data = save(plan_page())
    types = part(data, "[Content_Types].xml")
    overrides = [o for o in types if o.get("PartName") == "/word/footnotes.xml"]
    assert [o.get("ContentType") for o in overrides] == [CT.WML_FOOTNOTES]
    rels = [r for r in part(data, "word/_rels/document.xml.rels") if r.get("Type") == RT.FOOTNOTES]
    assert [r.get("Target") for r in rels] == ["footnotes.xml"]


def test_reference_run_points_to_its_note_and_stands_where_it_was_added():
    data = save(plan_page())
    paragraph = part(data, "word/document.xml").find(f"{W}body/{W}p")
    runs = paragraph.findall(W + "r")
    # text, reference, text, reference, text: each reference after the text added before it
    kinds = ["ref" if r.find(W + "footnoteReference") is not None else text(r) for r in runs]
    assert kinds == [
        "Căn cứ Nghị định số 30/2020/NĐ-CP", "ref", "và Thông tư số 01/2011/TT-BNV", "ref",
        ", Ủy ban nhân dân tỉnh ban hành Kế hoạch.",
    ]  # fmt: skip
    by_id = notes(data)
    for run, expected in zip([r for r in runs if r.find(W + "footnoteReference") is not None], NOTES):
        note = by_id[run.find(W + "footnoteReference").get(W + "id")]
        assert text(note) == expected  # & and < come back as written
        properties = run.find(W + "rPr")
        assert properties.find(W + "vertAlign").get(W + "val") == "superscript"
        assert properties.find(W + "rStyle").get(W + "val") == "FootnoteReference"
        assert properties.find(W + "sz").get(W + "val") == "28"  # raised 14 pt, like its sentence
    assert fonts_are_times(part(data, "word/document.xml"))


def test_note_is_times_justified_with_its_mark_first():
    document = plan_page()
    Footnotes(document).add(document.paragraphs[1], "Cỡ chữ 12.", size=12)
    data = save(document)
    assert fonts_are_times(part(data, "word/footnotes.xml"))
    sizes = []
    for note in notes(data).values():
        (paragraph,) = note.findall(W + "p")
        assert paragraph.find(f"{W}pPr/{W}jc").get(W + "val") == "both"
        assert paragraph.find(f"{W}pPr/{W}pStyle").get(W + "val") == "FootnoteText"
        mark, body = paragraph.findall(W + "r")
        assert mark.find(W + "footnoteRef") is not None
        assert mark.find(f"{W}rPr/{W}vertAlign").get(W + "val") == "superscript"
        assert body.find(f"{W}rPr/{W}vertAlign") is None
        sizes.append({r.find(f"{W}rPr/{W}sz").get(W + "val") for r in (mark, body)})
    assert sizes == [{"20"}, {"20"}, {"24"}]  # half-points: 10 pt by default, else as asked
    styles = part(data, "word/styles.xml")
    ids = [s.get(W + "styleId") for s in styles.iter(W + "style")]
    assert ids.count("FootnoteText") == ids.count("FootnoteReference") == 1


def test_separator_notes_and_settings():
    data = save(plan_page())
    root = part(data, "word/footnotes.xml")
    kinds = [n.get(W + "type", "normal") for n in root.iter(W + "footnote")]
    assert kinds == ["separator", "continuationSeparator", "normal", "normal"]
    separators = [n for n in root.iter(W + "footnote") if n.get(W + "type", "normal") != "normal"]
    assert [s.find(f"{W}p/{W}r")[0].tag for s in separators] == [W + "separator", W + "continuationSeparator"]
    named = part(data, "word/settings.xml").find(W + "footnotePr").findall(W + "footnote")
    assert [n.get(W + "id") for n in named] == [s.get(W + "id") for s in separators]


def test_two_notes_in_reference_order_with_distinct_ids():
    data = save(plan_page())
    assert referenced(data) == NOTES
    ids = [int(i) for i in notes(data)]
    separator_ids = {int(n.get(W + "id")) for n in part(data, "word/footnotes.xml").iter(W + "footnote") if n.get(W + "type")}
    assert len(set(ids)) == 2 and min(ids) >= 1 and not separator_ids & set(ids)


def test_calling_again_adds_nothing_twice():
    document = plan_page()
    Footnotes(document)
    Footnotes(document)
    data = save(document)
    assert len(part(data, "word/settings.xml").findall(W + "footnotePr")) == 1
    assert [n.get(W + "type") for n in part(data, "word/footnotes.xml").iter(W + "footnote")].count("separator") == 1
    rels = [r for r in part(data, "word/_rels/document.xml.rels") if r.get("Type") == RT.FOOTNOTES]
    assert len(rels) == 1 and referenced(data) == NOTES


def test_same_input_same_bytes():
    first = layout.stable_bytes(plan_page(), "Kế hoạch", "UBND")
    assert layout.stable_bytes(plan_page(), "Kế hoạch", "UBND") == first


def test_only_the_body_can_reference_a_note():
    document = plan_page()
    with pytest.raises(ValueError):
        Footnotes(document).add(document.sections[0].header.paragraphs[0], "Không được.")


# --- python-docx reopens and saves again ---------------------------------------------------------


def test_reopen_save_reopen_keeps_the_notes_and_adds_more():
    again = save(Document(io.BytesIO(save(plan_page()))))
    assert referenced(again) == NOTES
    document = Document(io.BytesIO(again))
    Footnotes(document).add(document.paragraphs[1], "Thêm sau khi mở lại.")
    data = save(Document(io.BytesIO(save(document))))
    assert referenced(data) == [*NOTES, "Thêm sau khi mở lại."]
    kinds = [n.get(W + "type", "normal") for n in part(data, "word/footnotes.xml").iter(W + "footnote")]
    assert kinds.count("separator") == kinds.count("continuationSeparator") == 1
    assert len(part(data, "word/settings.xml").findall(W + "footnotePr")) == 1


def test_document_opened_before_the_module_registered_its_part(monkeypatch):
    data = save(plan_page())
    # As if gecli.render.footnotes had not been imported yet: the part loads as bytes only.
    monkeypatch.delitem(PartFactory.part_type_for, CT.WML_FOOTNOTES)
    document = Document(io.BytesIO(data))
    monkeypatch.undo()
    Footnotes(document).add(document.paragraphs[1], "Vẫn thêm được.")
    assert referenced(save(document)) == [*NOTES, "Vẫn thêm được."]


# --- LibreOffice -------------------------------------------------------------------------------


def soffice(tmp: Path, target: str, source: Path) -> Path:
    """Convert with a private profile; LibreOffice exits 0 even when it fails, so look for the file."""
    out = tmp / target.split(":")[0]
    profile = f"-env:UserInstallation={(tmp / 'profile').as_uri()}"
    command = ["soffice", profile, "--headless", "--norestore", "--convert-to", target, "--outdir", str(out), str(source)]
    subprocess.run(command, capture_output=True, timeout=300, check=False)
    produced = out / source.with_suffix("." + target.split(":")[0]).name
    assert produced.exists(), f"LibreOffice did not write {produced.name}"
    return produced


def words(pdf: Path) -> tuple[float, list[tuple[str, float, float, float, float]]]:
    """Page 1's height and its words as (text, xMin, yMin, xMax, yMax), y from the top."""
    xhtml = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, check=True).stdout
    page = next(e for e in ET.fromstring(xhtml).iter() if e.tag.endswith("page"))
    found = [(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))) for w in page]
    return float(page.get("height")), found


def find(found, phrase: str) -> int:
    """Index of the first word of `phrase` among the page's words."""
    wanted = phrase.split()
    for i in range(len(found) - len(wanted) + 1):
        if [w[0] for w in found[i : i + len(wanted)]] == wanted:
            return i
    raise AssertionError(f"{phrase!r} not on the page")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_puts_numbered_notes_at_the_foot_of_the_page(tmp_path):
    source = tmp_path / "plan.docx"
    source.write_bytes(save(plan_page()))
    height, found = words(soffice(tmp_path, "pdf", source))
    upper = [w for w in found if w[2] < height / 2]
    body = upper[find(upper, "Căn cứ Nghị định số 30/2020/NĐ-CP")]
    tops = []
    for number, (note, cited) in enumerate(zip(NOTES, ["30/2020/NĐ-CP", "01/2011/TT-BNV"]), start=1):
        # In the body: the cited words, then the note's number, smaller and raised.
        at = find(upper, cited)
        word, mark = upper[at], upper[at + 1]
        assert mark[0] == str(number)
        assert mark[4] - mark[2] < 0.8 * (word[4] - word[2]) and mark[4] < word[4]
        # At the foot: the note, after its own number, below the text that cites it.
        first = found[find(found, note)]
        assert first[2] > 0.7 * height and first[2] > body[4]
        assert any(w[0] == str(number) and w[3] <= first[1] and abs(w[2] - first[2]) < 3 for w in found)
        tops.append(first[2])
    assert tops == sorted(tops)  # note 1 above note 2


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_resave_keeps_the_notes_and_more_can_be_added(tmp_path):
    source = tmp_path / "plan.docx"
    source.write_bytes(save(plan_page()))
    resaved = soffice(tmp_path, "docx:MS Word 2007 XML", source).read_bytes()
    assert referenced(resaved) == NOTES  # whatever ids LibreOffice chose
    document = Document(io.BytesIO(resaved))
    Footnotes(document).add(document.paragraphs[-1], "Thêm vào bản LibreOffice.")
    data = save(document)
    assert referenced(data) == [*NOTES, "Thêm vào bản LibreOffice."]
    ids = [n.get(W + "id") for n in part(data, "word/footnotes.xml").iter(W + "footnote")]
    assert len(ids) == len(set(ids))
