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
