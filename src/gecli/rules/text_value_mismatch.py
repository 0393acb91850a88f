"""Con số trong câu chữ không khớp với chỉ tiêu hoặc với bảng phụ lục.

Báo khi cùng một chỉ tiêu được ghi bằng hai con số khác nhau trong cùng văn bản: giữa câu
trong phần nội dung và chỉ tiêu đã đọc ra (`target`), giữa phần nội dung và cột kế hoạch
của phụ lục, giữa lời trong dòng phụ lục và cột kế hoạch của chính dòng đó, hoặc giữa mức
xuất phát ("giảm từ 70 …") ở phần nội dung và ở phụ lục.

**Vì sao.** Người thực hiện đọc phụ lục, người duyệt đọc phần nội dung: khi hai chỗ ghi
khác nhau thì không biết phải đạt con số nào.

**Ví dụ.** Kế hoạch năm 2025 của huyện Ia H'Drai ghi chỉ tiêu 5.2a "đạt trên 90%" trong
phần nội dung nhưng phụ lục ghi 99,75. Phụ lục Kế hoạch 956/KH-UBND của tỉnh Kon Tum ghi
dòng 4.3 "giảm từ 55 … xuống 56,3/1.000" trong khi cột kế hoạch ghi 55/1.000 và phần nội
dung ghi "giảm từ 70 … xuống 55/1.000".

**Cách sửa.** Thống nhất một con số cho cả phần nội dung và phụ lục (khi soạn kế hoạch
bằng gecli, hai chỗ được sinh ra từ cùng một chỉ tiêu nên không thể lệch nhau).
"""

from gecli.findings import Severity
from gecli.i18n import Message
from gecli.rules import Problem, Subject
from gecli.rules._common import numbers_in, row_quantity, targets, without_marks

SLUG = "text-value-mismatch"
SEVERITY = Severity.ERROR


def check(subject: Subject):
    for base, target in targets(subject.plan):
        body = target.target
        about = target.indicator
        if body is not None and body.value is not None and target.text and body.value not in numbers_in(without_marks(subject.plan, target.text)):
            yield Problem(
                (*base, "target"),
                Message("target_not_in_text", indicator=about, target=body, text=_short(target.text)),
                about,
            )
        appendix = target.appendix
        if appendix is None:
            continue
        figure = appendix.target
        if body is not None and figure is not None and None not in (body.value, figure.value) and body.value != figure.value:
            yield Problem(
                (*base, "appendix", "target"),
                Message("body_appendix_mismatch", indicator=about, body=body.raw or body, appendix=figure.raw or figure),
                about,
            )
        row = row_quantity(without_marks(subject.plan, appendix.text))
        if row is None or row.value is None:
            continue
        column = figure or body
        if column is not None and column.value is not None and row.value != column.value:
            yield Problem(
                (*base, "appendix", "text"),
                Message("row_text_mismatch", indicator=about, row=row.raw, column=column.raw or column),
                about,
            )
        if body is not None and None not in (row.baseline, body.baseline) and row.baseline != body.baseline:
            yield Problem(
                (*base, "appendix", "text"),
                Message("row_start_mismatch", indicator=about, row=row.baseline, body=body.baseline, wording=body.raw),
                about,
            )


def _short(text: str) -> str:
    return text if len(text) <= 90 else text[:87] + "…"


# The page in English (`gecli rules SLUG --lang en`, SARIF written with --lang en).
DOC_EN = """\
A figure in the text does not match the target or the appendix.

Reported when one indicator is given two different figures in the same document: between the
sentence in the body and the target read from it (`target`), between the body and the
appendix's plan column, between the words of an appendix row and that row's plan column, or
between the starting level ("giảm từ 70 …", decrease from 70 …) in the body and in the
appendix.

**Why.** Those who implement the plan read the appendix, those who approve it read the body:
when the two differ, nobody knows which figure to reach.

**Example.** Ia H'Drai district's 2025 plan gives indicator 5.2a as "đạt trên 90%" (over 90%)
in the body but 99,75 in the appendix. The appendix of Kon Tum province's Plan 956/KH-UBND
has row 4.3 say "giảm từ 55 … xuống 56,3/1.000" while its plan column says 55/1.000 and the
body says "giảm từ 70 … xuống 55/1.000".

**Fix.** Agree on one figure for the body and the appendix (in a plan drafted with gecli,
both are written from the same target and cannot differ).
"""
