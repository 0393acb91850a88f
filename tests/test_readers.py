"""The readers of `gecli import`: a published plan file into paragraphs, tables and footnotes.

Inputs are built here (python-docx, Pillow, LibreOffice) or are the real text extractions in
tests/sources. Only the tests that need LibreOffice are skipped when it is missing.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import struct
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from gecli.importer.blocks import Paragraph, Place, Table
from gecli.importer.readers import ImportProblem, read, read_bytes
from gecli.importer.readers import office

SOURCES = Path(__file__).parent / "sources"
SEED_000 = SOURCES / "000_a45720b33fd1c28e.txt"
SEED_001 = SOURCES / "001_753fda21913fb3fa.txt"
SEED_002 = SOURCES / "002_2a4895f359df666b.txt"
SEED_003 = SOURCES / "003_f21cf61eb0bffd5d.txt"
SEEDS = [SEED_000, SEED_001, SEED_002, SEED_003]

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: sudo apt-get install libreoffice-writer"
)


# --- building inputs -------------------------------------------------------------------

_EMPTY_NOTES = (
    f'<w:footnotes {nsdecls("w")}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def add_footnote(document, paragraph, text: str, note_id: int) -> None:
    """A real Word footnote (python-docx has no API): the note in word/footnotes.xml, in
    Word's "footnote text" style (10 pt), and a superscript "footnote reference" run at the
    end of ``paragraph``."""
    try:
        root = document.part.part_related_by(RT.FOOTNOTES).element
    except KeyError:
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(_EMPTY_NOTES), document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
        root = part.element
        note_style = document.styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH, builtin=True)
        note_style.element.styleId = "FootnoteText"
        note_style.font.size = Pt(10)
        mark_style = document.styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER, builtin=True)
        mark_style.element.styleId = "FootnoteReference"
        mark_style.font.superscript = True
    note = parse_xml(
        f'<w:footnote {nsdecls("w")} w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
        "<w:r><w:t xml:space=\"preserve\"> </w:t></w:r></w:p></w:footnote>"
    )
    list(note.iter(qn("w:t")))[0].text = " " + text
    root.append(note)
    run = paragraph.add_run()
    run._r.get_or_add_rPr().style = "FootnoteReference"
    run.font.superscript = True
    run._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{note_id}"/>'))


def add_content_control(document, text: str) -> None:
    """A paragraph inside a body-level content control (w:sdt), as templates have them."""
    sdt = parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="Trích yếu"/></w:sdtPr>'
        "<w:sdtContent><w:p><w:r><w:t></w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    list(sdt.iter(qn("w:t")))[0].text = text
    document.element.body.sectPr.addprevious(sdt)


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def save(document, path: Path) -> Path:
    document.save(path)
    return path


def paragraphs(source) -> list[Paragraph]:
    return [block for block in source.blocks if isinstance(block, Paragraph)]


def texts(source) -> list[str]:
    return [block.text for block in paragraphs(source)]


def tables(source) -> list[Table]:
    return [block for block in source.blocks if isinstance(block, Table)]


def problem(path: Path, shown: str | None = None) -> ImportProblem:
    with pytest.raises(ImportProblem) as caught:
        read(path, shown or path.name)
    message = caught.value.message
    for lang in ("vi", "en"):  # every refusal is said in both languages, with what to do
        assert message.text(lang) and message.hint(lang)
    return caught.value


def convert(source: Path, target: str, folder: Path) -> Path:
    """``source`` converted by LibreOffice into ``folder`` (target: "pdf", "odt", "doc"…)."""
    out = folder / "converted"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    result = out / f"{source.stem}.{target.split(':')[0]}"
    assert result.is_file(), f"LibreOffice wrote no {result.name}"
    return result


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of these numbered objects (1: the catalog), with the xref offsets computed."""
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF with ``text`` (ASCII) in Helvetica, xref offsets computed."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_file(objects)


# --- .docx -----------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_come_in_document_order(tmp_path):
    document = Document()
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "TT", "Chỉ tiêu"
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "Tỷ lệ nữ đạt 30%"
    document.add_paragraph("II. MỤC TIÊU")
    second = document.add_table(rows=1, cols=1)
    second.cell(0, 0).text = "Phụ lục"
    document.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    source = read(save(document, tmp_path / "ke-hoach.docx"), "ke-hoach.docx")
    kinds = [(type(block).__name__, block.text if isinstance(block, Paragraph) else block.rows[0][0].text) for block in source.blocks]
    assert kinds == [
        ("Paragraph", "I. MỤC ĐÍCH, YÊU CẦU"),
        ("Table", "TT"),
        ("Paragraph", "II. MỤC TIÊU"),
        ("Table", "Phụ lục"),
        ("Paragraph", "III. TỔ CHỨC THỰC HIỆN"),
    ]
    assert source.kind == "docx" and source.path == "ke-hoach.docx"
    assert [t.place.table for t in tables(source)] == [1, 2]
    assert tables(source)[0].rows[1][1].text == "Tỷ lệ nữ đạt 30%"


def test_docx_cell_paragraphs_are_cell_text_and_numbering_counts_them(tmp_path):
    document = Document()
    document.add_paragraph("Một")  # paragraph 1
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Sở Nội vụ chủ trì"  # 2
    table.cell(0, 0).add_paragraph("phối hợp các sở")  # 3
    table.cell(0, 1).text = "30%"  # 4
    document.add_paragraph("Hai")  # 5
    source = read(save(document, tmp_path / "p.docx"), "p.docx")
    assert texts(source) == ["Một", "Hai"], "a cell's paragraphs are not paragraphs of the body"
    assert [p.place for p in paragraphs(source)] == [Place(paragraph=1), Place(paragraph=5)]
    first, second = tables(source)[0].rows[0]
    assert first.text == "Sở Nội vụ chủ trì\nphối hợp các sở"
    assert first.place == Place(paragraph=2, table=1, row=1, column=1)
    assert second.place == Place(paragraph=4, table=1, row=1, column=2)
    assert first.place.describe().text("vi") == "bảng 1, dòng 1, cột 1"


def test_docx_merged_block_of_two_rows_and_three_columns(tmp_path):
    document = Document()
    table = document.add_table(rows=4, cols=4)
    for r in range(4):
        for c in range(4):
            table.cell(r, c).text = f"r{r}c{c}"
    merged = table.cell(1, 0).merge(table.cell(2, 2))  # gridSpan 3 on rows 1 and 2, vMerge across them
    merged.text = "Giai đoạn 2021–2025"
    source = read(save(document, tmp_path / "merge.docx"), "merge.docx")
    rows = tables(source)[0].rows
    assert [len(row) for row in rows] == [4, 4, 4, 4]
    assert rows[1][0].text == "Giai đoạn 2021–2025" and rows[1][0].merged_from is None
    for r, c in [(1, 1), (1, 2), (2, 0), (2, 1), (2, 2)]:
        assert rows[r][c].text == "Giai đoạn 2021–2025", (r, c)
        assert rows[r][c].merged_from == (1, 0), (r, c)
    assert rows[1][3].text == "r1c3" and rows[1][3].merged_from is None
    assert rows[2][3].text == "r2c3" and rows[3][0].text == "r3c0"
    assert rows[2][1].place.row == 3 and rows[2][1].place.column == 2


def test_docx_header_rows(tmp_path):
    document = Document()
    table = document.add_table(rows=3, cols=2)
    for row in table.rows[:2]:
        row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    source = read(save(document, tmp_path / "h.docx"), "h.docx")
    assert tables(source)[0].header_rows == 2


def test_docx_bold_centred_and_italic_flags(tmp_path):
    document = Document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("KẾ").bold = True
    title.add_run(" ")  # a space that is not bold does not matter
    title.add_run("HOẠCH").bold = True
    mixed = document.add_paragraph()
    mixed.add_run("Mục tiêu 1: ").bold = True
    mixed.add_run("Trong lĩnh vực chính trị")
    heading = document.styles.add_style("Đề mục", WD_STYLE_TYPE.PARAGRAPH)
    heading.font.bold = True
    document.add_paragraph("II. MỤC TIÊU", style=heading)  # bold through its style
    document.add_paragraph().add_run("(Kèm theo Kế hoạch số 956/KH-UBND)").italic = True
    source = read(save(document, tmp_path / "flags.docx"), "flags.docx")
    title_block, mixed_block, styled, italic = paragraphs(source)
    assert (title_block.text, title_block.bold, title_block.centred) == ("KẾ HOẠCH", True, True)
    assert (mixed_block.bold, mixed_block.centred) == (False, False)
    assert styled.bold is True
    assert italic.italic is True and italic.bold is False


def test_docx_footnotes_are_marks_in_reference_order(tmp_path):
    document = Document()
    first = document.add_paragraph("Ủy ban nhân dân tỉnh")
    add_footnote(document, first, "Theo đề nghị của Sở Nội vụ.", note_id=7)  # ids are not the numbers
    first.add_run(" ban hành Kế hoạch")
    table = document.add_table(rows=1, cols=1)
    cell_paragraph = table.cell(0, 0).paragraphs[0]
    cell_paragraph.add_run("lãnh đạo chủ chốt")
    add_footnote(document, cell_paragraph, "Cấp tỉnh: Phó Giám đốc Sở trở lên.", note_id=3)
    source = read(save(document, tmp_path / "notes.docx"), "notes.docx")
    assert texts(source) == ["Ủy ban nhân dân tỉnh¹ ban hành Kế hoạch"]
    assert tables(source)[0].rows[0][0].text == "lãnh đạo chủ chốt²"
    assert source.footnotes == {"¹": "Theo đề nghị của Sở Nội vụ.", "²": "Cấp tỉnh: Phó Giám đốc Sở trở lên."}
    assert paragraphs(source)[0].bold is False, "the superscript mark does not make the paragraph not-bold or bold"


def test_docx_content_controls_tracked_changes_and_nfd(tmp_path):
    document = Document()
    document.add_paragraph("Trước")
    add_content_control(document, "Trong ô nhập liệu")
    changed = document.add_paragraph("Giữ ")
    changed._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="A"><w:r><w:t xml:space="preserve">chèn </w:t></w:r></w:ins>'))
    changed._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="A"><w:r><w:delText>xoá </w:delText></w:r></w:del>'))
    changed.add_run("cuối")
    decomposed = unicodedata.normalize("NFD", "Bình đẳng giới trên địa bàn tỉnh")
    document.add_paragraph(decomposed + "\u00a0\u200b  năm\t2025")
    source = read(save(document, tmp_path / "c.docx"), "c.docx")
    assert texts(source) == ["Trước", "Trong ô nhập liệu", "Giữ chèn cuối", "Bình đẳng giới trên địa bàn tỉnh năm 2025"]
    assert all(text == unicodedata.normalize("NFC", text) for text in texts(source))
    assert [p.place.paragraph for p in paragraphs(source)] == [1, 2, 3, 4]


def test_docx_automatic_numbering_is_written_as_printed(tmp_path):
    document = Document()
    document.add_paragraph("Mục đích", style="List Number")
    document.add_paragraph("Yêu cầu", style="List Number")
    document.add_paragraph("Tăng cường tuyên truyền", style="List Bullet")
    source = read(save(document, tmp_path / "n.docx"), "n.docx")
    numbered = texts(source)
    assert numbered[0] == "1. Mục đích" and numbered[1] == "2. Yêu cầu"
    assert numbered[2].endswith("Tăng cường tuyên truyền") and numbered[2][0] in "•-▪"


def test_docx_what_is_not_read_is_said(tmp_path):
    document = Document()
    legacy = document.add_paragraph().add_run("Ke^ hoa.ch")
    legacy.font.name = ".VnTime"  # TCVN3: the letters are not Unicode Vietnamese
    outer = document.add_table(rows=1, cols=1)
    outer.cell(0, 0).text = "Đơn vị"
    inner = outer.cell(0, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Sở Nội vụ", "Sở Y tế"
    source = read(save(document, tmp_path / "cu.docx"), "cu.docx")
    assert tables(source)[0].rows[0][0].text == "Đơn vị\nSở Nội vụ\nSở Y tế"
    said = {warning.key: warning for warning in source.warnings}
    assert set(said) == {"import_legacy_font", "import_docx_nested_table"}
    assert ".VnTime" in said["import_legacy_font"].text("vi")
    assert "bảng 1, dòng 1, cột 1" in said["import_docx_nested_table"].text("vi")
    assert all(warning.hint("vi") and "cu.docx" in warning.text("vi") for warning in source.warnings)


def test_docx_damaged_file_is_refused_with_its_name(tmp_path):
    document = Document()
    document.add_paragraph("x")
    raw = bytearray(docx_bytes(document))
    path = tmp_path / "hong.docx"
    path.write_bytes(bytes(raw[: len(raw) // 2]))  # cut off: no zip directory
    refused = problem(path)
    assert refused.message.key in ("import_zip_broken", "import_docx_broken")
    assert "hong.docx" in refused.message.text("vi")


# --- text extractions (the seeds) ------------------------------------------------------


def by_line(source, line: int) -> Paragraph:
    return next(p for p in paragraphs(source) if p.place.line == line)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.name[:3])
def test_each_seed_reads(seed):
    source = read(seed, seed.name)
    assert source.kind == "text" and paragraphs(source)
    for paragraph in paragraphs(source):
        assert not paragraph.text.isdigit(), f"stray page number kept at line {paragraph.place.line}"
        assert "*" not in paragraph.text and "<i>" not in paragraph.text and "</i>" not in paragraph.text
        assert paragraph.text == unicodedata.normalize("NFC", paragraph.text) and "  " not in paragraph.text
        assert paragraph.place.line is not None


def test_seed_000_opening_is_one_paragraph_across_wraps_and_blank_lines():
    source = read(SEED_000, SEED_000.name)
    opening = by_line(source, 9)
    assert opening.text == (
        "Thực hiện Kế hoạch số 956/KH-UBND ngày 24/3/2025 của Ủy ban nhân dân tỉnh Kon Tum về việc "
        "triển khai thực hiện Chiến lược quốc gia về bình đẳng giới trên địa bàn tỉnh năm 2025; Ủy ban "
        "nhân dân huyện Ia H’Drai xây dựng Kế hoạch triển khai thực hiện Chiến lược quốc gia về bình "
        "đẳng giới trên địa bàn huyện năm 2025 như sau:"
    )
    after = texts(source)[texts(source).index(opening.text) + 1 :]
    assert after[:2] == ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"]
    assert by_line(source, 1).text == "KẾ HOẠCH"
    # A heading wrapped over two lines, then its first item on the next line without a blank.
    assert by_line(source, 69).text == "Mục tiêu 3: Trong đời sống gia đình và phòng ngừa, ứng phó với bạo lực trên cơ sở giới"
    assert by_line(source, 72).text.startswith("- Chỉ tiêu 1: Phấn đấu giảm số giờ")
    # A heading without a full stop, then a plain paragraph: two paragraphs.
    assert by_line(source, 43).text == "2. Yêu cầu"
    assert by_line(source, 45).text.startswith("Các hoạt động phải bám sát")


def test_seed_000_footnote_in_parentheses_is_collected():
    source = read(SEED_000, SEED_000.name)
    assert source.footnotes["(1)"].startswith("Cấp huyện: Phó các phòng ban cấp huyện")
    assert not any(text.startswith("(1) Cấp huyện") for text in texts(source))


def test_seed_001_footnote_leaves_the_flow_without_splitting_it():
    source = read(SEED_001, SEED_001.name)
    assert source.footnotes["¹"] == "Theo đề nghị của Sở Nội vụ tại Văn bản số 745/SNV-CCVC ngày 17 tháng 3 năm 2025."
    assert not any("Theo đề nghị của Sở Nội vụ" in text for text in texts(source))
    assert "Ủy ban nhân dân tỉnh¹ ban hành Kế hoạch" in by_line(source, 7).text
    flow = texts(source)
    second = flow.index("- Chỉ tiêu 2: Giảm tỷ trọng lao động nữ làm việc trong khu vực nông nghiệp trong tổng số lao động nữ có việc làm xuống dưới 30%.")
    assert flow[second + 1] == "- Chỉ tiêu 3: Tỷ lệ nữ giám đốc/chủ doanh nghiệp, hợp tác xã đạt ít nhất 31%."
    # The second note sits between two parts of the appendix table.
    assert source.footnotes["²"].startswith("Cấp tỉnh: Phó Giám đốc Sở và tương đương trở lên")


def test_seed_001_appendix_is_a_table():
    source = read(SEED_001, SEED_001.name)
    (appendix,) = tables(source)
    assert appendix.place.line == 202
    assert [cell.text for cell in appendix.rows[0][:6]] == [
        "TT", "Mục tiêu/chỉ tiêu", "Đơn vị tính", "Kết quả thực hiện năm 2024", "Kế hoạch thực hiện năm 2025", "Đơn vị thực hiện",
    ]
    row = next(row for row in appendix.rows if row[0].text == "4.2")
    cells = [cell.text for cell in row]
    assert cells[3:5] == ["31,6/100.000 trẻ", "31,7/100.000 trẻ"]
    assert row[3].place == Place(line=231, table=1, row=row[0].place.row, column=4)
    # The table goes on past the footnote and blank lines inside it; <i> marks are gone.
    assert any(cell.text == "Tỷ lệ học sinh (trẻ em trai và trẻ em gái) dân tộc thiểu số hoàn thành cấp trung học cơ sở" for r in appendix.rows for cell in r)
    assert appendix.rows[-1][0].text == "6.4"


def test_seed_001_formatting_marks_are_dropped():
    source = read(SEED_001, SEED_001.name)
    assert "(Chiến lược), triển khai Kế hoạch số 2684/KH-UBND" in by_line(source, 7).text
    assert "mỗi xã (phường) có ít nhất 03 tin" in by_line(source, 70).text


def test_seed_001_wrap_at_a_dash_and_a_page_break_is_joined():
    source = read(SEED_001, SEED_001.name)
    item = by_line(source, 166)
    assert item.text.startswith("8. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội tỉnh: Theo chức năng")
    assert item.text.endswith("Tổ chức giám sát việc thực hiện chính sách, pháp luật về bình đẳng giới và việc thực hiện chế độ chính sách đối với lao động nữ theo quy định.")


def test_seed_003_footnote_with_a_full_stop_after_the_mark():
    source = read(SEED_003, SEED_003.name)
    assert source.footnotes["¹"].startswith("Kế hoạch số 62/KH-UBND ngày 02/4/2025 của UBND thành phố")
    assert not any(text.startswith("¹") for text in texts(source))
    assert "Thành phố Kon Tum năm 2025¹. Ủy ban nhân dân phường" in by_line(source, 7).text
    # The paragraph cut by a page break at line 123 is whole again.
    assert "đưa nội dung về giới vào chương trình bồi dưỡng" in by_line(source, 123).text


def test_seed_002_letter_items_and_short_headings():
    source = read(SEED_002, SEED_002.name)
    assert by_line(source, 41).text == "2. Mục tiêu cụ thể"
    assert by_line(source, 42).text == "a) Mục tiêu 1: Lĩnh vực chính trị"
    assert by_line(source, 43).text.startswith("Chỉ tiêu: Đến năm 2025 đạt 30%")
    assert by_line(source, 20).text == "Thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2025 huyện Thanh Liêm"


def test_text_page_numbers_and_footnotes_inside_a_wrapped_paragraph(tmp_path):
    lines = [
        "Căn cứ Nghị quyết số 28/NQ-CP ngày 03/3/2021 của Chính phủ ban hành Chiến lược quốc",
        "gia về bình đẳng giới giai đoạn 2021 - 2030, Ủy ban nhân dân tỉnh² ban hành Kế hoạch",
        "",
        "7",
        "",
        "² Theo Văn bản số 745/SNV-CCVC ngày 17 tháng 3 năm 2025.",
        "triển khai thực hiện trên địa bàn tỉnh như sau:",
        "1. Mục tiêu chung",
    ]
    path = tmp_path / "trang.txt"
    path.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    source = read(path, path.name)
    assert texts(source) == [
        "Căn cứ Nghị quyết số 28/NQ-CP ngày 03/3/2021 của Chính phủ ban hành Chiến lược quốc gia về bình đẳng "
        "giới giai đoạn 2021 - 2030, Ủy ban nhân dân tỉnh² ban hành Kế hoạch triển khai thực hiện trên địa bàn tỉnh như sau:",
        "1. Mục tiêu chung",
    ]
    assert source.footnotes == {"²": "Theo Văn bản số 745/SNV-CCVC ngày 17 tháng 3 năm 2025."}
    assert [p.place.line for p in paragraphs(source)] == [1, 8]


def test_a_repeated_footnote_mark_keeps_the_first_note_and_says_so(tmp_path):
    path = tmp_path / "lap.txt"
    path.write_text("Ủy ban nhân dân tỉnh¹ ban hành.\n¹ Ghi chú một.\nTrang sau¹.\n¹ Ghi chú hai.\n", encoding="utf-8")
    source = read(path, path.name)
    assert source.footnotes == {"¹": "Ghi chú một."}
    (warning,) = source.warnings
    assert warning.key == "import_footnote_repeated" and "dòng 4" in warning.text("vi") and warning.hint("vi")


def test_a_numbered_line_is_not_taken_for_a_footnote(tmp_path):
    path = tmp_path / "muc.txt"
    path.write_text("Kế hoạch gồm 2 phần (1) và (2).\n(1) Mục tiêu\n1. Mục đích\n", encoding="utf-8")
    source = read(path, path.name)
    assert source.footnotes == {}
    assert texts(source)[-2:] == ["(1) Mục tiêu", "1. Mục đích"]


def test_hostile_text_reads_in_linear_time(tmp_path):
    hostile = "\n".join(
        [
            "*" * 60_000,
            "*a" * 30_000,
            "(" * 60_000 + "1)",
            "¹" * 60_000,
            "<i" * 30_000,
            "1." * 30_000 + " x",
            "- " * 30_000,
            "a\t" * 30_000,
            "\u00a0\u200b " * 30_000 + "x",
            "x(1)" * 20_000,
        ]
        * 4
    )
    path = tmp_path / "hostile.txt"
    path.write_text(hostile, encoding="utf-8")
    start = time.perf_counter()
    read(path, path.name)
    assert time.perf_counter() - start < 10


# --- PDF -------------------------------------------------------------------------------


@needs_libreoffice
def test_pdf_from_word_gives_paragraphs_table_and_footnote(tmp_path):
    document = Document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("KẾ HOẠCH").bold = True
    opening = document.add_paragraph(
        "Thực hiện Kế hoạch số 956/KH-UBND ngày 24/3/2025 của Ủy ban nhân dân tỉnh Kon Tum về việc triển "
        "khai thực hiện Chiến lược quốc gia về bình đẳng giới trên địa bàn tỉnh năm 2025; Ủy ban nhân dân tỉnh"
    )
    add_footnote(document, opening, "Theo đề nghị của Sở Nội vụ tại Văn bản số 745/SNV-CCVC.", note_id=1)
    opening.add_run(" ban hành Kế hoạch như sau:")
    heading = document.add_paragraph()
    heading.add_run("I. MỤC ĐÍCH, YÊU CẦU").bold = True
    document.add_paragraph(unicodedata.normalize("NFD", "- Chỉ tiêu 1: Tăng tỷ lệ lao động nữ làm công hưởng lương đạt 50%."))
    table = document.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for r, row in enumerate([("TT", "Chỉ tiêu", "Kế hoạch"), ("1", "Tỷ lệ nữ lãnh đạo", "30%"), ("2", "Tỷ lệ tử vong bà mẹ", "31,7/100.000 trẻ")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("Căn cứ nội dung Kế hoạch, các đơn vị chủ động triển khai thực hiện./.")
    pdf = convert(save(document, tmp_path / "ke-hoach.docx"), "pdf", tmp_path)
    source = read(pdf, pdf.name)
    assert source.kind == "pdf"
    assert texts(source) == [
        "KẾ HOẠCH",
        "Thực hiện Kế hoạch số 956/KH-UBND ngày 24/3/2025 của Ủy ban nhân dân tỉnh Kon Tum về việc triển khai thực hiện "
        "Chiến lược quốc gia về bình đẳng giới trên địa bàn tỉnh năm 2025; Ủy ban nhân dân tỉnh¹ ban hành Kế hoạch như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "- Chỉ tiêu 1: Tăng tỷ lệ lao động nữ làm công hưởng lương đạt 50%.",
        "Căn cứ nội dung Kế hoạch, các đơn vị chủ động triển khai thực hiện./.",
    ]
    assert source.footnotes == {"¹": "Theo đề nghị của Sở Nội vụ tại Văn bản số 745/SNV-CCVC."}
    title_block, opening_block, heading_block = paragraphs(source)[:3]
    assert title_block.bold and title_block.centred and not opening_block.bold and heading_block.bold
    assert opening_block.place == Place(page=1, line=2)
    (grid,) = tables(source)
    assert [[cell.text for cell in row] for row in grid.rows] == [
        ["TT", "Chỉ tiêu", "Kế hoạch"],
        ["1", "Tỷ lệ nữ lãnh đạo", "30%"],
        ["2", "Tỷ lệ tử vong bà mẹ", "31,7/100.000 trẻ"],
    ]
    assert grid.rows[2][2].place == Place(page=1, table=1, row=3, column=3)
    # Read in document order: the table between the item and the closing paragraph.
    assert [type(block).__name__ for block in source.blocks][-2:] == ["Table", "Paragraph"]


def add_page_number_footer(document) -> None:
    run = document.sections[0].footer.paragraphs[0].add_run()
    for xml in ('<w:fldChar {} w:fldCharType="begin"/>', '<w:instrText {} xml:space="preserve"> PAGE </w:instrText>', '<w:fldChar {} w:fldCharType="separate"/>'):
        run._r.append(parse_xml(xml.format(nsdecls("w"))))
    document.sections[0].footer.paragraphs[0].add_run("1")._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))


@needs_libreoffice
def test_pdf_table_over_three_pages_is_one_table(tmp_path):
    document = Document()
    document.sections[0].header.paragraphs[0].text = "UBND TỈNH KON TUM — KẾ HOẠCH BÌNH ĐẲNG GIỚI"
    add_page_number_footer(document)
    document.add_paragraph("PHỤ LỤC")
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for c, value in enumerate(("TT", "Chỉ tiêu", "Kế hoạch 2025")):
        table.cell(0, c).text = value
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))  # repeated on each page
    for number in range(1, 71):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = str(number), f"Chỉ tiêu số {number} về bình đẳng giới", f"{number}%"
    document.add_paragraph("Căn cứ nội dung Kế hoạch, các đơn vị chủ động triển khai thực hiện./.")
    pdf = convert(save(document, tmp_path / "phu-luc.docx"), "pdf", tmp_path)
    source = read(pdf, pdf.name)
    assert texts(source) == ["PHỤ LỤC", "Căn cứ nội dung Kế hoạch, các đơn vị chủ động triển khai thực hiện./."], (
        "the running header and the page numbers are not text of the plan"
    )
    (appendix,) = tables(source)
    assert appendix.header_rows == 1 and len(appendix.rows) == 71
    assert [row[0].text for row in appendix.rows] == ["TT"] + [str(n) for n in range(1, 71)]
    assert appendix.rows[-1][2].text == "70%" and appendix.rows[-1][2].place.page > 1
    assert appendix.rows[-1][2].place.row == 71


def _indicator_rows(merge_from: int | None = None) -> Document:
    """60 rows that are never split; column 3 of rows merge_from..merge_from+2 merged."""
    document = Document()
    table = document.add_table(rows=0, cols=3)
    table.style = "Table Grid"
    for number in range(1, 61):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(number), f"Chỉ tiêu số {number} về bình đẳng giới trong lĩnh vực y tế"
        table.rows[-1]._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    if merge_from is not None:
        merged = table.cell(merge_from, 2).merge(table.cell(merge_from + 2, 2))
        merged.text = "Sở Y tế chủ trì, phối hợp với các địa phương, đơn vị có liên quan triển khai thực hiện"
    return document


@needs_libreoffice
def test_pdf_merged_cell_cut_by_the_page_break_is_one_cell(tmp_path):
    # "Sở Y tế chủ trì, phối hợp …" spans three rows; the page ends after the first, and the
    # rest of its words ("… triển khai thực hiện") go on at the top of the next page.
    probe = convert(save(_indicator_rows(), tmp_path / "do.docx"), "pdf", tmp_path)
    (rows,) = tables(read(probe, probe.name))
    last_on_first_page = max(r for r, row in enumerate(rows.rows) if row[0].place.page == 1)
    pdf = convert(save(_indicator_rows(last_on_first_page), tmp_path / "y-te.docx"), "pdf", tmp_path)
    (appendix,) = tables(read(pdf, pdf.name))
    cells = [appendix.rows[r][2] for r in range(last_on_first_page, last_on_first_page + 3)]
    assert [cell.place.page for cell in cells] == [1, 2, 2]
    assert {cell.text for cell in cells} == {"Sở Y tế chủ trì, phối hợp với các địa phương, đơn vị có liên quan triển khai thực hiện"}
    assert cells[0].merged_from is None and {cell.merged_from for cell in cells[1:]} == {(last_on_first_page, 2)}


def test_scanned_pdf_is_refused(tmp_path):
    path = tmp_path / "ban-quet.pdf"
    path.write_bytes(drawn_pdf(SCANNED_PAGE, images=("Scan",)))
    refused = problem(path)
    assert refused.message.key == "import_pdf_scanned"
    assert "quét" in refused.message.text("vi") and "ban-quet.pdf" in refused.message.text("vi")
    assert ".docx" in refused.message.hint("vi")
    assert "scanned" in refused.message.text("en")


def test_pdf_page_limit(tmp_path, monkeypatch):
    import gecli.importer.readers as readers

    monkeypatch.setattr(readers, "MAX_PDF_PAGES", 0)
    path = tmp_path / "dai.pdf"
    path.write_bytes(tiny_pdf("Ke hoach"))
    assert problem(path).message.key == "import_pdf_too_many_pages"


def drawn_pdf(content: str, forms: dict[str, str] | None = None, images: tuple[str, ...] = ()) -> bytes:
    """A one-page A4 PDF drawing ``content`` (Helvetica as /F1), with the form XObjects
    ``forms`` (name: content) and the 8 × 8 grey image XObjects ``images`` (a scan, to
    PDFium) it may paint with ``Do``; xref offsets computed."""
    forms = forms or {}
    names = [*forms, *images]
    xobjects = " ".join(f"/{name} {6 + i} 0 R" for i, name in enumerate(names))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << %s >> >> >>" % xobjects.encode(),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content.encode()),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for body in forms.values():
        objects.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 800 1200] /Length %d >>\nstream\n%s\nendstream" % (len(body), body.encode()))
    for _ in images:
        pixels = bytes(range(0, 256, 4))
        objects.append(
            b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 "
            b"/Length %d >>\nstream\n%s\nendstream" % (len(pixels), pixels)
        )
    return pdf_file(objects)


SCANNED_PAGE = "q 500 700 0 0 cm /Scan Do Q"  # a page that is one picture


def text_at(x: float, top: float, text: str, size: float = 10) -> str:
    """``text`` in Helvetica with its baseline ``top`` points below the top of an A4 page."""
    return f"BT /F1 {size} Tf {x} {842 - top} Td ({text}) Tj ET"


@needs_libreoffice
def test_pdf_merged_block_reads_as_in_word(tmp_path):
    document = Document()
    table = document.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    for r in range(4):
        for c in range(4):
            table.cell(r, c).text = f"r{r}c{c}"
    merged = table.cell(1, 0).merge(table.cell(2, 2))
    merged.text = "Giai đoạn 2021–2025"
    pdf = convert(save(document, tmp_path / "merge.docx"), "pdf", tmp_path)
    rows = tables(read(pdf, pdf.name))[0].rows
    assert [len(row) for row in rows] == [4, 4, 4, 4]
    assert rows[1][0].text == "Giai đoạn 2021–2025" and rows[1][0].merged_from is None
    for r, c in [(1, 1), (1, 2), (2, 0), (2, 1), (2, 2)]:
        assert rows[r][c].text == "Giai đoạn 2021–2025", (r, c)
        assert rows[r][c].merged_from == (1, 0), (r, c)
    assert rows[1][3].text == "r1c3" and rows[1][3].merged_from is None
    assert rows[2][3].text == "r2c3" and rows[3][0].text == "r3c0"
    assert rows[2][1].place == Place(page=1, table=1, row=3, column=2)


def test_pdf_table_ruled_with_thin_rectangles_in_a_scaled_form(tmp_path):
    """Not only LibreOffice's stroked lines: borders as 0.5 pt filled rectangles (Word,
    Chromium), drawn in a form XObject in CSS pixels, y downwards."""
    columns, tops = [72, 172, 322, 472], [100, 130, 160, 190, 220]  # points from the top left
    rulings = [
        (columns[0], top, columns[-1], top) for top in (100, 130, 190, 220)
    ] + [(72, 160, 322, 160)] + [  # no ruling under "30%": it spans two rows
        (x, 100, x, 220) for x in (72, 322, 472)
    ] + [(172, 100, 172, 190)]  # none between "Cộng" and the next slot
    px = 1 / 0.75
    borders = " ".join(
        f"{x0 * px:.2f} {y0 * px:.2f} {max(x1 - x0, 0.5) * px:.2f} {max(y1 - y0, 0.5) * px:.2f} re f" for x0, y0, x1, y1 in rulings
    )
    cells = {
        (0, 0): "TT", (0, 1): "Chi tieu", (0, 2): "Ke hoach",
        (1, 0): "1", (1, 1): "Ty le nu lanh dao", (1, 2): "30%",
        (2, 0): "2", (2, 1): "Ty le tu vong ba me",
        (3, 0): "Cong", (3, 2): "31,7",
    }
    content = " ".join(
        [text_at(72, 80, "PHU LUC"), "q 0.75 0 0 -0.75 0 842 cm /Grid Do Q"]
        + [text_at(columns[c] + 4, tops[r] + 18, text) for (r, c), text in cells.items()]
        + [text_at(72, 250, "Can cu noi dung Ke hoach, cac don vi trien khai thuc hien./.")]
    )
    path = tmp_path / "chromium.pdf"
    path.write_bytes(drawn_pdf(content, {"Grid": borders}))
    source = read(path, path.name)
    assert [type(block).__name__ for block in source.blocks] == ["Paragraph", "Table", "Paragraph"]
    (grid,) = tables(source)
    assert [[(cell.text, cell.merged_from) for cell in row] for row in grid.rows] == [
        [("TT", None), ("Chi tieu", None), ("Ke hoach", None)],
        [("1", None), ("Ty le nu lanh dao", None), ("30%", None)],
        [("2", None), ("Ty le tu vong ba me", None), ("30%", (1, 2))],
        [("Cong", None), ("Cong", (3, 0)), ("31,7", None)],
    ]


def test_pdf_superscript_set_as_a_browser_sets_it(tmp_path):
    """83 % of the size and raised a third of an em (HTML's <sup>), not LibreOffice's 58 %."""
    content = " ".join(
        [
            "BT /F1 14 Tf 72 700 Td (Uy ban nhan dan tinh) Tj /F1 11.6 Tf 4.9 Ts (1) Tj",
            "/F1 14 Tf 0 Ts ( ban hanh Ke hoach nhu sau:) Tj ET",
            "BT /F1 6 Tf 72 80 Td 3.5 Ts (1) Tj /F1 10 Tf 0 Ts ( Theo de nghi cua So Noi vu.) Tj ET",
            text_at(297, 800, "2"),
        ]
    )
    path = tmp_path / "sup.pdf"
    path.write_bytes(drawn_pdf(content))
    source = read(path, path.name)
    assert texts(source) == ["Uy ban nhan dan tinh¹ ban hanh Ke hoach nhu sau:"]
    assert source.footnotes == {"¹": "Theo de nghi cua So Noi vu."}


def test_encrypted_and_damaged_pdfs_are_refused(tmp_path):
    locked = tmp_path / "mat-khau.pdf"
    locked.write_bytes(
        tiny_pdf("Ke hoach").replace(
            b"/Root 1 0 R >>",
            b"/Root 1 0 R /Encrypt << /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >> /ID [<%s> <%s>] >>"
            % (b"11" * 32, b"22" * 32, b"00" * 16, b"00" * 16),
        )
    )
    assert problem(locked).message.key == "import_pdf_encrypted"
    damaged = tmp_path / "hong.pdf"
    damaged.write_bytes(b"%PDF-1.4\n" + random.Random(3).randbytes(4096))
    refused = problem(damaged)
    assert refused.message.key == "import_pdf_broken" and "hong.pdf" in refused.message.text("vi")


def test_hostile_pdf_pages_take_bounded_work(tmp_path):
    from gecli.importer.readers.pdf import MAX_PAGE_CHARS

    crowded = tmp_path / "day-chu.pdf"  # PDFium keeps at most 32 767 characters of one Tj
    lines = " ".join(f"0 1 Td ({'A' * 1000}) Tj" for _ in range(MAX_PAGE_CHARS // 1000 + 10))
    crowded.write_bytes(drawn_pdf(f"BT /F1 1 Tf {lines} ET"))
    start = time.perf_counter()
    refused = problem(crowded)
    assert refused.message.key == "import_pdf_too_much_text" and str(MAX_PAGE_CHARS) in refused.message.text("vi")
    # 740 × 740 crossing rulings (more slots than a table has), 30 000 specks (more paths than
    # a page of tables draws): the text is read, and no table is looked for long.
    mesh = " ".join(f"0 {i * 4} m 2960 {i * 4} l S {i * 4} 0 m {i * 4} 2960 l S" for i in range(740))
    specks = " ".join(f"{i % 500 + 0.5} {i // 500 * 10 + 1} 0.4 0.4 re f" for i in range(30_000))
    for drawing in (mesh, specks):
        drawn = tmp_path / "luoi.pdf"
        drawn.write_bytes(drawn_pdf(f"{drawing} {text_at(72, 100, 'Ke hoach trien khai binh dang gioi')}"))
        assert texts(read(drawn, drawn.name)) == ["Ke hoach trien khai binh dang gioi"]
    assert time.perf_counter() - start < 10


def test_pdf_with_some_scanned_pages_warns(tmp_path):
    import pypdfium2

    document = pypdfium2.PdfDocument(drawn_pdf(text_at(72, 100, "Ke hoach trien khai binh dang gioi nam 2025")))
    document.import_pages(pypdfium2.PdfDocument(drawn_pdf(SCANNED_PAGE, images=("Scan",))))
    path = tmp_path / "mot-trang-quet.pdf"
    with path.open("wb") as out:
        document.save(out)
    source = read(path, path.name)
    assert texts(source) == ["Ke hoach trien khai binh dang gioi nam 2025"]
    (warning,) = source.warnings
    assert warning.key == "import_pdf_scanned_pages" and "trang 2" in warning.text("vi")


def test_pdf_legacy_font_warns(tmp_path):
    path = tmp_path / "tcvn3.pdf"
    path.write_bytes(tiny_pdf("Ke hoach trien khai").replace(b"/BaseFont /Helvetica", b"/BaseFont /.VnTime"))
    (warning,) = read(path, path.name).warnings
    assert warning.key == "import_legacy_font" and ".VnTime" in warning.text("vi")


def test_ruled_grid_leaves_out_a_cell_with_an_open_side():
    from gecli.importer.readers.pdf_grid import find_tables

    # Each border drawn as a thin rectangle's two long sides, 0.5 pt apart; the right border
    # stops after the first row, so the bottom-right slot is no cell.
    horizontal = [(y + d, 0.0, 20.0) for y in (0.0, 10.0, 20.0) for d in (0.0, 0.5)]
    vertical = [(x + d, 0.0, 20.0) for x in (0.0, 10.0) for d in (0.0, 0.5)] + [(20.0, 0.0, 10.0), (20.5, 0.0, 10.0)]
    (grid,) = find_tables(horizontal, vertical)
    (top_left, top_right), (bottom_left, bottom_right) = grid.rows
    assert (top_left.row, top_left.column, top_right.column, bottom_left.row) == (0, 0, 1, 1)
    assert bottom_right is None and grid.cell_at(15, 15) is None and grid.cell_at(15, 5) is top_right
    # A lone box (a frame around a paragraph) is no table.
    assert find_tables([(0.0, 0.0, 100.0), (50.0, 0.0, 100.0)], [(0.0, 0.0, 50.0), (100.0, 0.0, 50.0)]) == []


# --- what the file is, and limits ------------------------------------------------------


def test_a_pdf_named_txt_is_read_as_pdf(tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_bytes(tiny_pdf("Ke hoach trien khai binh dang gioi nam 2025"))
    source = read(path, path.name)
    assert source.kind == "pdf"
    assert texts(source) == ["Ke hoach trien khai binh dang gioi nam 2025"]


def test_a_docx_named_pdf_is_read_as_docx(tmp_path):
    document = Document()
    document.add_paragraph("Kế hoạch")
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(docx_bytes(document))
    assert read(path, path.name).kind == "docx"


def test_random_bytes_named_docx_are_refused(tmp_path):
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(random.Random(1).randbytes(4096))
    refused = problem(path)
    assert refused.message.key == "import_file_unknown_format"
    assert "ke-hoach.docx" in refused.message.text("vi")
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04" + random.Random(2).randbytes(4096))
    assert problem(broken).message.key == "import_zip_broken"


def test_zip_with_too_many_members_is_refused_before_opening(tmp_path, monkeypatch):
    import gecli.importer.readers.docx as docx_reader

    monkeypatch.setattr(docx_reader, "read_docx", lambda *_: pytest.fail("the bomb was opened"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(1_500):
            archive.writestr(f"word/media/{number}.xml", "")
    path = tmp_path / "bom.docx"
    path.write_bytes(buffer.getvalue())
    refused = problem(path)
    assert refused.message.key == "import_zip_too_many_members"
    assert "1501" in refused.message.text("vi")


def test_zip_declaring_a_huge_member_is_refused_before_extraction(tmp_path, monkeypatch):
    import gecli.importer.readers.docx as docx_reader

    monkeypatch.setattr(docx_reader, "read_docx", lambda *_: pytest.fail("the bomb was opened"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "x" * 1000)
    raw = bytearray(buffer.getvalue())
    # Declare 3.5 GB uncompressed for word/document.xml in the central directory.
    entry = raw.find(b"PK\x01\x02", raw.find(b"word/document.xml"))
    struct.pack_into("<I", raw, entry + 24, 3_500_000_000)
    path = tmp_path / "bom.docx"
    path.write_bytes(bytes(raw))
    refused = problem(path)
    assert refused.message.key == "import_zip_too_large"


def test_zip_that_is_not_a_document_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    path = tmp_path / "bang-tinh.docx"
    path.write_bytes(buffer.getvalue())
    refused = problem(path)
    assert refused.message.key == "import_zip_not_document" and "xlsx" in refused.message.text("vi")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_is_refused_without_blocking(tmp_path):
    path = tmp_path / "ong.txt"
    os.mkfifo(path)
    assert problem(path).message.key == "import_file_not_regular"


def test_folder_missing_and_empty_files(tmp_path):
    assert problem(tmp_path, "thu-muc").message.key == "import_file_is_directory"
    assert problem(tmp_path / "khong-co.docx").message.key == "import_file_missing"
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    assert problem(empty).message.key == "import_file_empty"


def test_size_limit_is_checked_before_reading(tmp_path, monkeypatch):
    import gecli.importer.readers as readers

    monkeypatch.setattr(readers, "MAX_TEXT_BYTES", 1024)
    path = tmp_path / "lon.txt"
    path.write_text("Kế hoạch\n" * 1000, encoding="utf-8")
    refused = problem(path)
    assert refused.message.key == "import_file_too_large"
    assert "lon.txt" in refused.message.text("vi")


def test_non_utf8_text_says_where_and_what_to_do(tmp_path):
    path = tmp_path / "cp1258.txt"
    path.write_bytes("KẾ HOẠCH\nBình đẳng giới\n".encode("utf-8") + "Tô chúc\n".encode("cp1258"))
    refused = problem(path)
    assert refused.message.key == "import_text_not_utf8"
    assert refused.message.params["line"] == 3
    assert "cp1258.txt" in refused.message.text("vi") and "UTF-8" in refused.message.hint("vi")


def test_utf16_text_with_bom_is_read(tmp_path):
    path = tmp_path / "notepad.txt"
    path.write_bytes("I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n".encode("utf-16"))
    assert texts(read(path, path.name)) == ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"]


def test_read_bytes_checks_like_read():
    assert texts(read_bytes("KẾ HOẠCH\n".encode(), "tai-ve.txt")) == ["KẾ HOẠCH"]
    with pytest.raises(ImportProblem):
        read_bytes(b"", "rong.txt")


# --- .doc, .odt, .rtf through LibreOffice ----------------------------------------------


def _plan_document() -> Document:
    document = Document()
    document.add_paragraph("KẾ HOẠCH").runs[0].bold = True
    opening = document.add_paragraph("Thực hiện Kế hoạch số 956/KH-UBND ngày 24/3/2025 của Ủy ban nhân dân tỉnh")
    add_footnote(document, opening, "Theo đề nghị của Sở Nội vụ.", note_id=4)
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "TT", "Chỉ tiêu"
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "Tỷ lệ nữ đạt 30%"
    document.add_paragraph("- Chỉ tiêu 1: Tăng tỷ lệ lao động nữ làm công hưởng lương đạt 50%.")
    return document


@needs_libreoffice
@pytest.mark.parametrize("target", ["odt", "doc", "rtf", "html"])
def test_office_formats_read_like_the_docx(tmp_path, target):
    original = save(_plan_document(), tmp_path / "ke-hoach.docx")
    expected = read(original, original.name)
    converted = convert(original, target, tmp_path)
    disguised = tmp_path / f"ke-hoach-{target}.doc"  # named .doc whatever it is, as downloads often are
    shutil.copy(converted, disguised)
    source = read(disguised, disguised.name)
    assert texts(source) == texts(expected)
    assert source.footnotes == expected.footnotes == {"¹": "Theo đề nghị của Sở Nội vụ."}
    assert [[c.text for c in row] for row in tables(source)[0].rows] == [["TT", "Chỉ tiêu"], ["1", "Tỷ lệ nữ đạt 30%"]]
    assert source.path == disguised.name


def test_password_protected_word_file_is_refused(tmp_path):
    path = tmp_path / "mat-khau.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512) + "EncryptedPackage".encode("utf-16-le") + bytes(512))
    refused = problem(path)
    assert refused.message.key == "import_file_encrypted" and "mat-khau.docx" in refused.message.text("vi")


def test_missing_libreoffice_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "soffice", lambda: None)
    path = tmp_path / "cu.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    refused = problem(path)
    assert refused.message.key == "import_office_missing"
    assert "sudo apt-get install libreoffice-writer" in refused.message.hint("vi")
    assert "cu.doc" in refused.message.text("vi")


@pytest.mark.skipif(sys.platform == "win32", reason="uses a shell script as a fake LibreOffice")
def test_libreoffice_that_hangs_is_stopped(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 60 &\nsleep 60\n")
    fake.chmod(0o755)
    monkeypatch.setattr(office, "soffice", lambda: str(fake))
    start = time.perf_counter()
    with pytest.raises(ImportProblem) as caught:
        office.to_docx(b"{\\rtf1 x}", "rtf", "treo.rtf", 1024, timeout=1)
    assert caught.value.message.key == "import_office_timeout"
    assert time.perf_counter() - start < 10


@pytest.mark.skipif(sys.platform == "win32", reason="uses a shell script as a fake LibreOffice")
def test_libreoffice_that_writes_nothing_is_a_clear_failure(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\n")
    fake.chmod(0o755)
    monkeypatch.setattr(office, "soffice", lambda: str(fake))
    path = tmp_path / "hong.rtf"
    path.write_bytes(b"{\\rtf1 hong")
    refused = problem(path)
    assert refused.message.key == "import_office_failed"
    assert "could not be loaded" in refused.message.text("vi")
