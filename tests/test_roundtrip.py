"""Nothing is lost between the published document, the YAML and the render: reading each
bundled plan's DOCX back finds every published heading and sentence verbatim, in the
published order, and nothing the plan does not say beyond the NĐ30 frame (header, title,
Nơi nhận, signature). Footnotes are real Word footnotes where their mark is printed."""

import io
import re
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from gecli.catalog import indicators
from gecli.model import Plan
from gecli.render import render_plan
from gecli.source import load
from support import PLANS

PUBLISHED = [
    "kon-tum/2025.yaml",
    "kon-tum/ia-hdrai/2025.yaml",
    "kon-tum/tp-kon-tum/nguyen-trai/2025.yaml",
    "ha-nam/thanh-liem/2021-2025.yaml",
]


def plan_of(relative: str) -> Plan:
    return Plan.model_validate(load(PLANS / relative).data)


def without_marks(text: str, plan: Plan) -> str:
    """The words a reader sees: a footnote mark becomes Word's numbered reference, which
    holds no text of its own."""
    for note in plan.footnotes:
        text = text.replace(note.mark, "", 1)
    return text


def expected_body(plan: Plan) -> list[str]:
    lines = list(plan.opening)
    for _, item, _ in plan.walk():
        lines.append(" ".join(part for part in (item.number, item.title, item.text) if part))
    lines += plan.closing
    marks = [note.mark for note in plan.footnotes]
    text = "\n".join(lines)
    for mark in marks:
        text = text.replace(mark, "", 1)
    return text.split("\n")


def rendered_body(document) -> list[str]:
    """The paragraphs between the title block and the signature table."""
    body = document.element.body
    paragraphs, started = [], False
    for child in body.iterchildren():
        if child.tag == qn("w:tbl") and started:
            break  # the Nơi nhận / signature table
        if child.tag != qn("w:p"):
            continue
        text = "".join(node.text or "" for node in child.iter(qn("w:t")))
        if started and text.strip():
            paragraphs.append(text)
        # the short rule under the trích yếu closes the title block
        if not started and child.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None:
            started = True
    return paragraphs


@pytest.fixture(scope="module", params=PUBLISHED)
def rendered(request):
    data = render_plan(str(PLANS / request.param))
    return plan_of(request.param), data, Document(io.BytesIO(data))


def test_every_heading_and_sentence_in_order_and_nothing_else(rendered):
    plan, _, document = rendered
    assert rendered_body(document) == expected_body(plan)


def test_the_appendix_rows_as_published(rendered):
    plan, _, document = rendered
    if plan.appendix is None:
        assert len(document.sections) == 1
        return
    rows = [[cell.text for cell in row.cells] for row in document.tables[-1].rows[1:]]
    texts = [row[1] for row in rows]
    expected = []
    targets = [target for _, target in plan.targets()]
    for group in plan.appendix.groups:
        expected.append(group.text)
        for target in targets:
            row = target.appendix
            # a row "2.1" sits under group "2"; a row printed without TT under its objective's
            home = row.number.split(".")[0] if row and row.number else str(indicators()[target.indicator].objective)
            if row and home == (group.number or ""):
                expected.append(without_marks(row.text, plan))
                heading = None
                for detail in target.breakdown:
                    if detail.group and detail.group != heading:
                        expected.append(detail.group)
                    heading = detail.group
                    expected.append(detail.label)
    assert texts == expected
    executors = {row[-1] for row in rows}
    for target in targets:
        if target.appendix and target.appendix.executor:
            assert target.appendix.executor in executors, target.indicator


def test_footnotes_are_real_word_footnotes(rendered):
    plan, data, document = rendered
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        notes_xml = package.read("word/footnotes.xml").decode() if "word/footnotes.xml" in names else ""
        body_xml = package.read("word/document.xml").decode()
    references = re.findall(r'<w:footnoteReference w:id="(\d+)"/>', body_xml)
    assert len(references) == len(plan.footnotes)
    for note, reference in zip(plan.footnotes, references):
        block = re.search(rf'<w:footnote w:id="{reference}">(.*?)</w:footnote>', notes_xml, re.S).group(1)
        assert note.text in "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", block)).replace("&amp;", "&")
    # the marks are not left in the text as characters
    for note in plan.footnotes:
        assert note.mark not in "\n".join(p.text for p in document.paragraphs)


def test_numbering_gaps_only_where_the_document_has_them():
    from gecli.validate import validate

    report = validate([str(PLANS)])
    gaps = {(f.file.split("plans/")[1], f.line) for f in report.findings if f.rule == "numbering-gap"}
    assert [file for file, _ in gaps] == ["ha-nam/thanh-liem/2021-2025.yaml"]  # I, II, IV, V as published


def test_an_achieve_indicator_stated_in_words_is_neither_missing_nor_unmeasurable(write):
    from gecli.compare import Verdict, compare, figures
    from gecli.catalog import indicators
    from gecli.validate import read_plan, validate
    from support import VALID_PLAN

    stated = VALID_PLAN.replace(
        '              - indicator: "2.1"\n',
        '              - indicator: "5.1"\n'
        "                text: Nội dung về giới, bình đẳng giới được đưa vào chương trình giảng dạy\n"
        '              - indicator: "2.1"\n',
    )
    path = write(stated)
    assert [f for f in validate([str(path)]).findings if f.indicator == "5.1"] == []
    plan = read_plan(path, str(path))[0].plan
    child = figures(plan, 2025)["5.1"].quantity
    national = figures(plan_of("quoc-gia/2021-2030.yaml"), 2025)["5.1"].quantity
    assert compare(national, child, indicators()["5.1"]).verdict is Verdict.EQUAL
