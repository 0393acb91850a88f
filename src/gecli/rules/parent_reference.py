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

import re
import unicodedata

from gecli.findings import Severity
from gecli.i18n import Message
from gecli.rules import Problem, Subject
from gecli.validate import citation_key

SLUG = "parent-reference"
SEVERITY = Severity.ERROR
NEEDS_PARENT = True

# Old and new tone placement both occur ("Uỷ"/"Ủy", "hoà"/"hòa").
_OLD_TONE = re.compile(r"o([àáảãạ])|u([ỳýỷỹỵ])")


def check(subject: Subject):
    for resolved in subject.references:
        base = ("implements", resolved.index)
        if resolved.problem is not None:
            yield Problem((*base, "path"), resolved.problem)
            continue
        if resolved.found is None or not resolved.reference.path:
            continue
        reference, parent = resolved.reference, resolved.found
        document = parent.plan.document
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
        if reference.issuer and _name(reference.issuer) != _name(parent.plan.issuer.name):
            yield Problem(
                (*base, "issuer"),
                Message("reference_issuer", cited=reference.issuer, actual=parent.plan.issuer.name, place=parent.place(("issuer", "name"))),
            )


def _name(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    text = re.sub(r"\bubnd\b", "ủy ban nhân dân", text)
    text = _OLD_TONE.sub(_new_tone, text)
    return re.sub(r"\s+", " ", text).strip()


def _new_tone(match: re.Match[str]) -> str:
    """'oà' -> 'òa', 'uỷ' -> 'ủy': the tone mark moves to the first vowel."""
    if match.group(2):
        return "ùúủũụ"["ỳýỷỹỵ".index(match.group(2))] + "y"
    return "òóỏõọ"["àáảãạ".index(match.group(1))] + "a"
