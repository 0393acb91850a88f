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


# The page in English (`gecli rules SLUG --lang en`, SARIF written with --lang en).
DOC_EN = """\
The parent document cited does not match the parent plan's file.

Reported when a plan cites its parent document (the `implements` field) with a number, a date
or an issuing body other than what the parent plan's file says, or when the `path` to the
parent file does not exist or the file cannot be read. "28/2021/NQ-CP" and "28/NQ-CP" are
taken as the same document; "Uỷ"/"Ủy" and "UBND"/"Ủy ban nhân dân" do not count as different.

**Why.** A wrong number or date in a citation is a defect of form, and loses track of which
document the child plan implements.

**Example.** A district plan says "Thực hiện Kế hoạch số 956/KH-UBND ngày 24/3/2025 của Ủy
ban nhân dân tỉnh Kon Tum" (implementing Plan No. 956/KH-UBND of 24/3/2025 of Kon Tum
province's People's Committee); had the file `plans/kon-tum/2025.yaml` given the date as
25/3/2025, one of the two would be wrong.

**Fix.** Correct the number, the date or the body's name to match the parent document, or
correct `path`.
"""
