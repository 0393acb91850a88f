"""`gecli annotate`: a reviewer's copy of a draft .docx in which every finding is a Word
comment, anchored on the words it is about (the quoted sentence, or the table cell), by
"gecli", saying what is wrong and what to write instead. The draft itself is not changed."""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass
from pathlib import Path

from gecli.findings import Finding
from gecli.i18n import Message
from gecli.validate import Report, validate

AUTHOR, INITIALS = "gecli", "GC"


class AnnotateProblem(Exception):
    def __init__(self, message: Message):
        super().__init__(message.key)
        self.message = message


@dataclass
class Annotated:
    data: bytes  # the reviewed copy
    report: Report
    comments: int


def annotate(draft: Path, shown: str, parent: str | None = None, lang: str = "vi") -> Annotated:
    """Check ``draft`` and return a copy with each active finding as a comment. Raises
    `AnnotateProblem` when the draft is no .docx gecli can read."""
    from docx import Document

    from gecli.importer.readers import ImportProblem, read_checked_docx
    from gecli.importer.readers.docx import paragraph_elements

    if draft.suffix.lower() != ".docx":
        raise AnnotateProblem(Message("annotate_docx_only", path=shown))
    try:
        raw = read_checked_docx(draft, shown)  # the same size and zip checks as gecli import
    except ImportProblem as problem:
        raise AnnotateProblem(problem.message) from None
    report = validate([str(draft)], jobs=1, parent=parent)
    unreadable = [f for f in report.findings if f.file == shown and f.rule in ("unreadable", "internal-error")]
    if unreadable:
        raise AnnotateProblem(unreadable[0].message)
    document = Document(io.BytesIO(raw))
    paragraphs = list(paragraph_elements(document.element.body))
    findings = [f for f in report.findings if f.file == shown and f.suppressed is None]
    count = 0
    for finding in findings:
        runs = _anchor(document, paragraphs, finding)
        if runs:
            document.add_comment(runs, text=_comment(finding, lang), author=AUTHOR, initials=INITIALS)
            count += 1
    out = io.BytesIO()
    document.save(out)
    return Annotated(out.getvalue(), report, count)


def _comment(finding: Finding, lang: str) -> str:
    from gecli.i18n import render

    severity = render(f"severity_{finding.severity.value}", lang)
    text = f"{severity} [{finding.rule}]: {finding.message.text(lang)}"
    hint = finding.message.hint(lang)
    return f"{text}\n→ {render('fix_label', lang)}: {hint}" if hint else text


def _anchor(document, paragraphs: list, finding: Finding) -> list:
    """The runs a comment spans: the quoted words in the finding's paragraph (or cell), the
    whole paragraph when the quote cannot be found there, the first paragraph of the body
    for a finding about the plan as a whole."""
    from docx.text.paragraph import Paragraph

    place = finding.place
    number = place.paragraph if place is not None else None
    if number is None or not 0 < number <= len(paragraphs):
        element = next((p for p in paragraphs if _text_runs(Paragraph(p, document._body))), None)
    else:
        element = paragraphs[number - 1]
    if element is None:
        return []
    paragraph = Paragraph(element, document._body)
    runs = _text_runs(paragraph)
    if not runs:
        return []
    quote = (finding.quote or "").rstrip("…").strip()
    return _isolate(runs, quote) or runs


def _text_runs(paragraph) -> list:
    return [run for run in paragraph.runs if run.text]


def _isolate(runs: list, quote: str) -> list:
    """The runs covering exactly ``quote``, splitting plain text runs at its ends; [] when
    the quote is not in the runs' text (a number Word prints itself, say)."""
    text = "".join(run.text for run in runs)
    start = text.find(quote) if quote else -1
    if start < 0 or len(quote) < 8:
        return []
    end, position, chosen = start + len(quote), 0, []
    for run in list(runs):
        first, last = position, position + len(run.text)
        position = last
        if last <= start or first >= end:
            continue
        if not _plain(run):
            chosen.append(run)
            continue
        if first < start:
            run, first = _split(run, start - first), start
        if last > end:
            _split(run, end - first)
        chosen.append(run)
    return chosen


def _plain(run) -> bool:
    """A run holding only text: splitting it cannot duplicate a drawing, field or footnote."""
    allowed = {"rPr", "t", "tab", "br"}
    return all(child.tag.rsplit("}", 1)[-1] in allowed for child in run._r)


def _split(run, at: int):
    """Cut a plain run in two at character ``at``; return the right part (same formatting)."""
    from docx.text.run import Run

    right = copy.deepcopy(run._r)
    run._r.addnext(right)
    text = run.text
    run.text = text[:at]
    right_run = Run(right, run._parent)
    right_run.text = text[at:]
    return right_run
