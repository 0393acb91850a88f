"""Văn bản cấp trên được trích dẫn không khớp với tệp kế hoạch cấp trên.

Báo khi kế hoạch trích dẫn văn bản cấp trên (trường `implements`) với số, ngày hoặc cơ quan
ban hành khác với những gì tệp kế hoạch cấp trên ghi, hoặc khi đường dẫn `path` tới tệp cấp
trên không tồn tại hay tệp đó không đọc được. "28/2021/NQ-CP" và "28/NQ-CP" được coi là
cùng một văn bản; "Uỷ"/"Ủy", "UBND"/"Ủy ban nhân dân" không được tính là khác.

**Vì sao.** Trích dẫn sai số hoặc ngày là lỗi thể thức văn bản, và làm mất dấu kế hoạch
cấp dưới đang thực hiện văn bản nào.

**Ví dụ.** Một kế hoạch huyện ghi "Thực hiện Kế hoạch số 956/KH-UBND ngày 24/3/2025 của
Ủy ban nhân dân tỉnh Kon Tum"; nếu tệp `plans/kon-tum/2025.yaml` ghi ngày 25/3/2025 thì một
trong hai chỗ đã sai.

**Cách sửa.** Sửa số, ngày hoặc tên cơ quan cho khớp với văn bản cấp trên, hoặc sửa `path`.
"""

from gecli.findings import Severity
from gecli.i18n import Message
from gecli.names import name_key
from gecli.rules import Problem, Subject
from gecli.validate import citation_key

SLUG = "parent-reference"
SEVERITY = Severity.ERROR
NEEDS_PARENT = True



def check(subject: Subject):
    for resolved in subject.references:
        base = ("implements", resolved.index)
        if resolved.problem is not None:
            yield Problem((*base, "path"), resolved.problem)
            continue
        if resolved.found is None or not resolved.reference.path:
            continue
        reference, parent = resolved.reference, resolved.found
        document = parent.facts.document
        written = f"{document.number}/{document.symbol}" if document.number else None
        if reference.number and citation_key(reference.number) != citation_key(written):
            yield Problem(
                (*base, "number"),
                Message("reference_number", cited=reference.number, actual=written or "—", place=parent.place(("document",))),
            )
        if reference.date and document.date and reference.date != document.date:
            yield Problem(
                (*base, "date"),
                Message("reference_date", cited=str(reference.date), actual=str(document.date), place=parent.place(("document", "date"))),
            )
        if reference.issuer and name_key(reference.issuer) != name_key(parent.facts.issuer):
            yield Problem(
                (*base, "issuer"),
                Message("reference_issuer", cited=reference.issuer, actual=parent.facts.issuer, place=parent.place(("issuer", "name"))),
            )
