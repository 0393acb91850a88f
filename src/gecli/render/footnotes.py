"""Real Word footnotes for python-docx documents.

python-docx (1.2) has no footnote API, so this module writes what Word writes: the part
word/footnotes.xml with its two separator notes, the styles "footnote text" and "footnote
reference", the settings entry naming the separators, and in the body a superscript run
holding a w:footnoteReference. Word and LibreOffice number the notes 1, 2, 3 in the order of
their references; the ids only link a reference to its note (LibreOffice renumbers them when
it saves).

    footnotes = Footnotes(document)
    paragraph.add_run("Thực hiện Nghị định số 30/2020/NĐ-CP")
    footnotes.add(paragraph, "Nghị định về công tác văn thư.")
    paragraph.add_run(", Ủy ban nhân dân tỉnh ban hành Kế hoạch …")
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from gecli.render.layout import _set_fonts, xml_text

__all__ = ["Footnotes"]

# Without this, python-docx opens an existing footnotes part as opaque bytes that nothing can
# edit. It only acts on documents opened from now on; `_footnotes_part` converts older ones.
PartFactory.part_type_for[CT.WML_FOOTNOTES] = XmlPart

TEXT_STYLE = "FootnoteText"  # style ids Word uses for its built-in footnote styles
REFERENCE_STYLE = "FootnoteReference"

# The line above the notes (separator) and the one for notes continued on the next page
# (continuationSeparator); -1 and 0 are the ids Word gives them.
_SEPARATOR = (
    '<w:footnote w:type="{kind}" w:id="{id}"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:{kind}/></w:r></w:p></w:footnote>'
)
_EMPTY_PART = (
    f'<w:footnotes {nsdecls("w", "r")}>'
    + _SEPARATOR.format(kind="separator", id=-1)
    + _SEPARATOR.format(kind="continuationSeparator", id=0)
    + "</w:footnotes>"
)
_SEPARATOR_KINDS = ("separator", "continuationSeparator")

# Children of w:settings that come after w:footnotePr, in schema order: Word refuses a file
# whose elements are out of order.
_AFTER_FOOTNOTEPR = (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip


class Footnotes:
    """The footnotes of one document."""

    def __init__(self, document) -> None:
        """Find or create the footnotes of `document` (a docx.document.Document).

        A new part gets the two separator notes; python-docx writes its relationship and
        content type on save. The footnote styles and the settings entry are added if
        missing, so calling this again, or on a reopened document, adds nothing twice."""
        self._document = document
        self._root = _footnotes_part(document).element
        _add_styles(document)
        _add_settings(document, self._root)

    def add(self, paragraph: Paragraph, text: str, size: float = 10) -> None:
        """Append to `paragraph` (a docx.text.paragraph.Paragraph) a superscript footnote
        reference run (auto-numbered by Word, w:footnoteReference) and create the footnote
        whose body is `text` (Times New Roman, `size` pt, justified, with the
        footnote-reference mark at its start as Word does).

        The run goes after what the paragraph holds so far; runs added later follow it.
        ValueError if `paragraph` is not in this document's body (a header, say)."""
        if paragraph.part is not self._document.part:
            # Word allows footnote references only in the main text, not in headers or notes.
            raise ValueError("a footnote reference must be in the body of its own document")
        note_id = self._next_id()
        self._root.append(_note(note_id, text, size))
        run = paragraph.add_run()  # after everything the paragraph holds so far
        r_pr = run._r.get_or_add_rPr()
        r_pr.style = REFERENCE_STYLE
        _set_fonts(r_pr)
        run.font.superscript = True  # direct as well: the mark stays raised whatever the style says
        # The mark is raised text of the sentence's size, not of the style's default size.
        run.font.size = next((r.font.size for r in reversed(paragraph.runs) if r.font.size), None)
        run._r.append(OxmlElement("w:footnoteReference", {qn("w:id"): str(note_id)}))

    def _next_id(self) -> int:
        # One more than the largest id, so the same calls give the same ids (and bytes).
        ids = [int(note.get(qn("w:id"))) for note in self._root.iterchildren(qn("w:footnote"))]
        return max([0, *ids]) + 1


def _footnotes_part(document) -> XmlPart:
    main = document.part
    for rel in list(main.rels.values()):
        if rel.reltype != RT.FOOTNOTES or rel.is_external:
            continue
        part = rel.target_part
        if not isinstance(part, XmlPart):
            # Opened before this module was imported: parse the bytes into an XML part, keep
            # its own relationships (links in notes) and put it in place of the old one.
            xml_part = XmlPart.load(part.partname, part.content_type, part.blob, part.package)
            for own in part.rels.values():
                target = own.target_ref if own.is_external else own.target_part
                xml_part.load_rel(own.reltype, target, own.rId, own.is_external)
            main.load_rel(RT.FOOTNOTES, xml_part, rel.rId)
            part = xml_part
        return part
    part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(_EMPTY_PART), main.package)
    main.relate_to(part, RT.FOOTNOTES)
    return part


def _note(note_id: int, text: str, size: float):
    """<w:footnote>: one justified paragraph, the note's own number mark, then the text."""
    note = OxmlElement("w:footnote", {qn("w:id"): str(note_id)})
    p = OxmlElement("w:p")
    note.append(p)
    p.get_or_add_pPr().style = TEXT_STYLE
    paragraph = Paragraph(p, None)
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing = 1.0
    mark = paragraph.add_run()
    mark._r.get_or_add_rPr().style = REFERENCE_STYLE
    mark._r.append(OxmlElement("w:footnoteRef"))  # shows this note's number
    body = paragraph.add_run(" " + xml_text(text))  # tabs and line breaks become w:tab and w:br
    for run in (mark, body):
        _set_fonts(run._r.get_or_add_rPr())
        run.font.size = Pt(size)
    mark.font.superscript = True
    return note


def _add_styles(document) -> None:
    """Word's built-in footnote styles: lower-case names, ids without spaces."""
    styles = document.styles
    if styles.element.get_by_id(TEXT_STYLE) is None:
        style = styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH, builtin=True)
        style.element.styleId = TEXT_STYLE
        style.base_style = styles.default(WD_STYLE_TYPE.PARAGRAPH)
        _set_fonts(style.element.get_or_add_rPr())
        style.font.size = Pt(10)
        fmt = style.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.space_before, fmt.space_after = Pt(0), Pt(0)
        fmt.line_spacing = 1.0
    if styles.element.get_by_id(REFERENCE_STYLE) is None:
        style = styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER, builtin=True)
        style.element.styleId = REFERENCE_STYLE
        style.font.superscript = True


def _add_settings(document, root) -> None:
    """<w:footnotePr> naming the separator notes, as Word writes it."""
    settings = document.settings.element
    if settings.find(qn("w:footnotePr")) is not None:
        return
    properties = OxmlElement("w:footnotePr")
    for note in root.iterchildren(qn("w:footnote")):
        if note.get(qn("w:type")) in _SEPARATOR_KINDS:
            properties.append(OxmlElement("w:footnote", {qn("w:id"): note.get(qn("w:id"))}))
    settings.insert_element_before(properties, *_AFTER_FOOTNOTEPR)
