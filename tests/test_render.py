"""`gecli render`: the DOCX meets Nghị định 30/2020/NĐ-CP, read back from its XML."""

import io
import re
import zipfile

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from gecli.render import render_plan
from support import PLANS, VALID_PLAN

SEEDS = [
    "kon-tum/2025.yaml",
    "kon-tum/ia-hdrai/2025.yaml",
    "kon-tum/tp-kon-tum/nguyen-trai/2025.yaml",
    "ha-nam/thanh-liem/2021-2025.yaml",
]
WITH_APPENDIX = {"kon-tum/2025.yaml", "kon-tum/ia-hdrai/2025.yaml"}
TWIPS_PER_MM = 1440 / 25.4


@pytest.fixture(scope="module", params=SEEDS)
def rendered(request):
    data = render_plan(str(PLANS / request.param))
    return request.param, data, Document(io.BytesIO(data))


def paragraph_with(document, text, containers=None):
    for container in containers or [document]:
        for paragraph in container.paragraphs:
            if paragraph.text.strip() == text:
                return paragraph
    raise AssertionError(f"no paragraph {text!r}")


def cells(document, table_index=0):
    return [cell for row in document.tables[table_index].rows for cell in row.cells]


def style_of(paragraph):
    runs = [run for run in paragraph.runs if run.text.strip()]
    return {(run.font.size.pt, bool(run.font.bold), bool(run.font.italic)) for run in runs}


def test_a4_portrait_and_margins(rendered):
    _, _, document = rendered
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= section.top_margin.mm <= 25 and 20 <= section.bottom_margin.mm <= 25
    assert 30 <= section.left_margin.mm <= 35 and 15 <= section.right_margin.mm <= 20


def test_times_new_roman_in_all_four_slots(rendered):
    _, data, _ = rendered
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        styles = package.read("word/styles.xml").decode()
        body = package.read("word/document.xml").decode()
    assert "Theme" not in re.sub(r"<w:latentStyles.*?</w:latentStyles>", "", styles, flags=re.S)
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S).group(0)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert f'w:{slot}="Times New Roman"' in defaults
    fonts = re.findall(r"<w:rFonts [^>]*/>", body)
    assert fonts and all(f.count('"Times New Roman"') == 4 for f in fonts)


def test_header_block(rendered):
    relative, _, document = rendered
    header = document.tables[0]
    assert header._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val")) == "nil"
    left, right = header.rows[0].cells
    assert style_of(paragraph_with(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", [right])) == {(13, True, False)}
    assert style_of(paragraph_with(document, "Độc lập - Tự do - Hạnh phúc", [right])) == {(14, True, False)}
    issuer = [p for p in left.paragraphs if p.text.strip()]
    assert all(style_of(p) == {(13, True, False)} for p in issuer)
    # a short rule (bottom border of an empty paragraph) under the issuer and under the motto
    rules = [p for p in left.paragraphs + right.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None]
    assert len(rules) == 2
    number, date = header.rows[1].cells
    assert number.text.startswith("Số: ") and "/KH-UBND" in number.text or "/NQ-CP" in number.text
    assert style_of(number.paragraphs[0]) == {(13, False, False)}
    assert style_of(date.paragraphs[0]) == {(14, False, True)} and ", ngày " in date.text


def test_date_line_leading_zero_rules():
    province = Document(io.BytesIO(render_plan(str(PLANS / "kon-tum/2025.yaml"))))
    assert province.tables[0].rows[1].cells[1].text == "Kon Tum, ngày 24 tháng 3 năm 2025"
    draft = Document(io.BytesIO(render_plan(str(PLANS / "ha-nam/thanh-liem/2021-2025.yaml"))))
    number, date = draft.tables[0].rows[1].cells
    assert number.text == "Số: ……/KH-UBND" and date.text == "Thanh Liêm, ngày …… tháng 7 năm 2021"
    ward = Document(io.BytesIO(render_plan(str(PLANS / "kon-tum/tp-kon-tum/nguyen-trai/2025.yaml"))))
    assert ward.tables[0].rows[1].cells[1].text == "………………, ngày …… tháng …… năm ……"  # nothing printed is invented


def test_title_body_and_closing(rendered):
    _, _, document = rendered
    title = paragraph_with(document, "KẾ HOẠCH")
    assert style_of(title) == {(14, True, False)} and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    body = [p for p in document.paragraphs if p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and p.paragraph_format.first_line_indent]
    assert len(body) > 10
    for paragraph in body:
        fmt = paragraph.paragraph_format
        assert Cm(1) <= fmt.first_line_indent <= Cm(1.27) + 1
        assert fmt.space_after >= Pt(6) and 1.0 <= fmt.line_spacing <= 1.5
        assert {size for size, _, _ in style_of(paragraph)} == {14}
    headings = [p for p in body if re.match(r"[IVX]+\. ", p.text)]
    assert headings and all(style_of(p) == {(14, True, False)} for p in headings)
    assert any(p.text.endswith("./.") for p in body)


def test_recipients_and_signature(rendered):
    relative, _, document = rendered
    signature = document.tables[1]
    left, right = signature.rows[0].cells
    assert style_of(paragraph_with(document, "Nơi nhận:", [left])) == {(12, True, True)}
    items = [p for p in left.paragraphs[1:] if p.text.strip()]
    assert items and all(style_of(p) == {(11, False, False)} for p in items)
    assert any(p.text.startswith("- Lưu") for p in items)
    lines = [p for p in right.paragraphs if p.text.strip()]
    assert lines and all(style_of(p) == {(14, True, False)} for p in lines)
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in lines)


def _has_page_field(header) -> bool:
    return any(" PAGE " in (node.text or "") for node in header._element.iter(qn("w:instrText")))


def test_page_numbers_top_centre_not_on_page_one(rendered):
    _, _, document = rendered
    for section in document.sections:
        assert section.different_first_page_header_footer  # w:titlePg
        assert _has_page_field(section.header)
        assert not _has_page_field(section.first_page_header)
        assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_landscape_appendix(rendered):
    relative, _, document = rendered
    if relative not in WITH_APPENDIX:
        assert len(document.sections) == 1
        return
    first, appendix = document.sections
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert (round(appendix.page_width.mm), round(appendix.page_height.mm)) == (297, 210)
    heading = next(p for p in document.paragraphs if p.text.strip().upper() == "PHỤ LỤC")
    assert style_of(heading) == {(14, True, False)}
    reference = next(p for p in document.paragraphs if p.text.startswith("(Kèm theo Kế hoạch"))
    assert style_of(reference) == {(14, False, True)}
    table = document.tables[-1]
    rows = table.rows
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)
    headers = [cell.text for cell in rows[0].cells]
    assert headers[:3] == ["TT", "Mục tiêu/chỉ tiêu", "Đơn vị tính"] and headers[-1] == "Đơn vị thực hiện"
    assert "Kế hoạch thực hiện năm 2025" in headers
    shaded = [row for row in rows if row.cells[0]._tc.tcPr.find(qn("w:shd")) is not None]
    assert [row.cells[1].text for row in shaded][:1] == ["Mục tiêu 1: Trong lĩnh vực chính trị"]


def test_vietnamese_numbers_in_the_appendix():
    document = Document(io.BytesIO(render_plan(str(PLANS / "kon-tum/2025.yaml"))))
    texts = {cell.text for row in document.tables[-1].rows for cell in row.cells}
    assert {"99,75", "55% (11/20 cơ quan)", "31,7/100.000 trẻ", "03tin/quý", "Kết quả thực hiện năm 2024"} <= texts


def test_same_plan_same_bytes():
    path = str(PLANS / "kon-tum/2025.yaml")
    assert render_plan(path) == render_plan(path)


def test_authored_plan_writes_body_and_appendix_from_one_target(write):
    path = write(VALID_PLAN + "appendix: {title: \"PHÂN CÔNG THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU NĂM 2025\"}\n")
    document = Document(io.BytesIO(render_plan(str(path))))
    body = "\n".join(p.text for p in document.paragraphs)
    row = next(r for r in document.tables[-1].rows if r.cells[0].text == "2.1")
    assert "làm công hưởng lương lên đạt 50%." in body and row.cells[-2].text == "lên đạt 50%"
    groups = [r.cells[1].text for r in document.tables[-1].rows if r.cells[0].text in ("1", "2")]
    assert groups == ["Mục tiêu 1: Trong lĩnh vực chính trị", "Mục tiêu 2: Trong lĩnh vực kinh tế, lao động"]
    assert "(Chi tiết nội dung, nhiệm vụ, đơn vị thực hiện tại Phụ lục kèm theo)" not in body  # no tasks section


def test_cli_render_refuses_to_overwrite_and_writes_atomically(cli, tmp_path):
    output = tmp_path / "ke-hoach.docx"
    output.write_bytes(b"old")
    result = cli("render", str(PLANS / "kon-tum/2025.yaml"), "-o", str(output))
    assert result.exit_code == 2 and output.read_bytes() == b"old" and "--force" in result.output
    assert cli("render", str(PLANS / "kon-tum/2025.yaml"), "-o", str(output), "--force").exit_code == 0
    assert output.read_bytes()[:2] == b"PK" and not list(tmp_path.glob(".*.tmp"))


def test_template_errors_name_the_template_line_and_the_plan(cli, tmp_path):
    folder = tmp_path / "mau"
    folder.mkdir()
    (folder / "ke-hoach.j2").write_text("Dòng một\n{{ plan.khong_co }}\n", encoding="utf-8")
    result = cli("render", str(PLANS / "kon-tum/2025.yaml"), "-o", str(tmp_path / "a.docx"), "--templates", str(folder))
    assert result.exit_code == 2 and "ke-hoach.j2:2" in result.output and "kon-tum/2025.yaml" in result.output
    (folder / "ke-hoach.j2").write_text("{% for x in %}\n", encoding="utf-8")
    result = cli("render", str(PLANS / "kon-tum/2025.yaml"), "-o", str(tmp_path / "b.docx"), "--templates", str(folder))
    assert result.exit_code == 2 and "ke-hoach.j2:1" in result.output
    assert not (tmp_path / "a.docx").exists() and not (tmp_path / "b.docx").exists()


def test_templates_are_sandboxed(cli, tmp_path):
    folder = tmp_path / "mau"
    folder.mkdir()
    (folder / "ke-hoach.j2").write_text("{{ plan.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    result = cli("render", str(PLANS / "kon-tum/2025.yaml"), "-o", str(tmp_path / "a.docx"), "--templates", str(folder))
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_pdf_without_libreoffice_says_how_to_install(cli, tmp_path, monkeypatch):
    import gecli.render.pdf as pdf

    monkeypatch.setattr(pdf, "libreoffice", lambda: None)
    output = tmp_path / "a.docx"
    result = cli("render", str(PLANS / "kon-tum/2025.yaml"), "-o", str(output), "--pdf")
    assert result.exit_code == 2 and "apt-get install libreoffice-writer" in result.output
    assert output.exists() and not output.with_suffix(".pdf").exists()


def test_invalid_plan_is_not_rendered(cli, write, tmp_path):
    result = cli("render", str(write("level: tinh\n")), "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 2 and not (tmp_path / "x.docx").exists() and "Traceback" not in result.output


def test_the_national_record_is_not_printed_as_a_plan(cli, tmp_path):
    output = tmp_path / "nq28.docx"
    result = cli("render", str(PLANS / "quoc-gia/2021-2030.yaml"), "-o", str(output))
    assert result.exit_code == 2 and "không phải một kế hoạch" in result.output and not output.exists()
