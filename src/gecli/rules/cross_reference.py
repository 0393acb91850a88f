"""Dẫn chiếu trong văn bản trỏ vào chỗ không có, hoặc chỗ khác.

Báo khi văn bản dẫn chiếu tới một phần của chính nó mà phần đó không có hoặc không phải phần
được nói tới:

- nơi nhận ghi "… tại Mục V", "Như mục V" mà văn bản không có mục V, hoặc mục V không phải
  phần phân công các cơ quan (phần có các mục giao việc cho cơ quan, `agencies`);
- câu chữ ghi "(Chi tiết … tại Phụ lục kèm theo)", "nhiệm vụ được giao tại Phụ lục (kèm
  theo)" mà kế hoạch không có phụ lục;
- câu chữ ghi "chỉ tiêu 3 của mục tiêu 2" mà mục tiêu 2 (mục có nhãn "Mục tiêu 2:" chứa các
  chỉ tiêu) không có chỉ tiêu thứ ba, hoặc không có mục tiêu 2.

Các cách viết dẫn chiếu ("tại mục", "như mục", "Phụ lục kèm theo", "chỉ tiêu … của mục tiêu
…") là dữ liệu, ở `references` của `src/gecli/data/structure.yaml`.

**Vì sao.** Văn bản được soạn bằng cách chép văn bản khác rồi thêm, bớt phần; dẫn chiếu thì
không ai sửa theo. "Như mục V" gửi văn bản cho các cơ quan của mục Kinh phí (không có cơ quan
nào), trong khi các cơ quan được phân công ở mục VI không nhận được văn bản; "chi tiết tại
Phụ lục" mà không có phụ lục thì không ai biết mình được giao gì.

**Ví dụ.** Kế hoạch năm 2025 của phường Nguyễn Trãi gửi "Các Cán bộ, công chức, đơn vị tại
Mục V" — mục V là TỔ CHỨC THỰC HIỆN, đúng chỗ, nên không bị báo. Ví dụ dựng: nếu kế hoạch có
mục V. KINH PHÍ và phân công ở mục VI. TỔ CHỨC THỰC HIỆN, dòng "Như mục V" bị báo; kế hoạch
của huyện Ia H'Drai mà bỏ phụ lục thì câu "(Chi tiết nội dung, nhiệm vụ, đơn vị thực hiện tại
Phụ lục kèm theo)" bị báo.

**Cách sửa.** Sửa số mục cho đúng phần phân công, ban hành kèm phụ lục (hoặc bỏ câu dẫn chiếu
và ghi việc giao ngay trong phần tổ chức thực hiện), sửa số chỉ tiêu hoặc mục tiêu.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Iterator

from gecli.findings import Severity
from gecli.i18n import Message, excerpt
from gecli.model import Item, Plan
from gecli.names import comparable_words
from gecli.rules import Problem, Subject
from gecli.structure import label
from gecli.yamlio import load_data_file

SLUG = "cross-reference"
SEVERITY = Severity.WARNING
NEEDS_PARENT = False

_TOKEN = re.compile(r"\d+|\w+|[^\w\s]")


@cache
def _vocabulary() -> dict:
    data = load_data_file("structure.yaml")["references"]
    section = "|".join(re.escape(comparable_words(words)) for words in sorted(data["section"], key=len, reverse=True))
    target = data["target"]
    return {
        # One literal alternation, then a run of roman digits: linear.
        "section": re.compile(rf"(?<!\w)(?:{section})\s([ivxlc]+)(?!\w)"),
        "appendix": tuple(comparable_words(words) for words in data["appendix"]),
        "target_word": tuple(_TOKEN.findall(comparable_words(target["target_word"]))),
        "objective_word": tuple(_TOKEN.findall(comparable_words(target["objective_word"]))),
        # Every reference has the objective word and then its number; few sentences do.
        "objective_number": re.compile(rf"{re.escape(comparable_words(target['objective_word']))} \d"),
        "joiners": frozenset(comparable_words(word) for word in target["joiners"]),
        "separators": frozenset(comparable_words(word) for word in target["separators"]),
    }


def _texts(plan: Plan) -> Iterator[tuple[tuple, str]]:
    """Every sentence of the document, with its place."""
    for index, paragraph in enumerate(plan.opening):
        yield ("opening", index), paragraph
    for loc, item, _ in plan.walk():
        if item.title:
            yield (*loc, "title"), item.title
        if item.text:
            yield (*loc, "text"), item.text
        for index, charge in enumerate(item.charges):
            if charge.text:
                yield (*loc, "charges", index, "text"), charge.text
    for index, paragraph in enumerate(plan.closing):
        yield ("closing", index), paragraph


def _target_references(plain: str) -> Iterator[tuple[list[int], int, str]]:
    """("chỉ tiêu 1, 2 của mục tiêu 2", in `comparable_words` form) -> ([1, 2], 2, the words). A token
    scan, no backtracking: the target word, numbers and separators, a joiner, the objective
    word, a number."""
    words = _vocabulary()
    head, tail = words["target_word"], words["objective_word"]
    if head[0] not in plain or not words["objective_number"].search(plain):
        return  # most sentences name no target: no need to cut them into tokens
    tokens = _TOKEN.findall(plain)
    for start in range(len(tokens) - len(head)):
        if tuple(tokens[start : start + len(head)]) != head:
            continue
        position, numbers = start + len(head), []
        while position < len(tokens) and (tokens[position].isdigit() or (numbers and tokens[position] in words["separators"])):
            if tokens[position].isdigit():
                numbers.append(int(tokens[position]))
            position += 1
        if not numbers or position >= len(tokens) or tokens[position] not in words["joiners"]:
            continue
        position += 1
        if tuple(tokens[position : position + len(tail)]) != tail:
            continue
        position += len(tail)
        if position < len(tokens) and tokens[position].isdigit():
            yield numbers, int(tokens[position]), " ".join(tokens[start : position + 1])


def _written(item: Item) -> str | None:
    return item.title or item.text


def _objectives(plan: Plan) -> dict[int, list[tuple[tuple, Item, int, set[int]]]]:
    """Objective items ("Mục tiêu 2:") that hold targets: their place, how many target lines
    they hold, and the numbers those lines are labelled with."""
    found: dict[int, list] = {}
    for loc, item, _ in plan.walk():
        written = label(_written(item))
        if written is None or written.kind != "objective" or written.number is None:
            continue
        lines, numbers = 0, set()
        stack = list(item.items)
        while stack:
            child = stack.pop()
            child_label = label(child.text) or label(child.title)
            is_target = bool(child.targets) or (child_label is not None and child_label.kind == "target")
            if is_target:
                lines += 1
                if child_label is not None and child_label.number is not None:
                    numbers.add(child_label.number)
            stack.extend(child.items)
        if lines:
            found.setdefault(written.number, []).append((loc, item, lines, numbers))
    return found


def _organisation(plan: Plan) -> list[tuple[int, Item]]:
    """The sections whose items assign work to agencies."""
    result = []
    for index, section in enumerate(plan.sections):
        stack = [section]
        while stack:
            item = stack.pop()
            if item.agencies:
                result.append((index, section))
                break
            stack.extend(item.items)
    return result


def _number(section: Item) -> str:
    return (section.number or "").strip().rstrip(".").lower()


def _section_heading(section: Item) -> str:
    return excerpt(" ".join(part for part in (section.number, section.title) if part), 50)


def check(subject: Subject):
    plan = subject.plan
    place = subject.checked.place
    words = _vocabulary()
    organisation = _organisation(plan)
    for index, line in enumerate(plan.recipients):
        for match in words["section"].finditer(comparable_words(line)):
            number = match[1]
            loc = ("recipients", index)
            found = next(((i, s) for i, s in enumerate(plan.sections) if _number(s) == number), None)
            if found is None:
                known = ", ".join(s.number.strip().rstrip(".") for s in plan.sections if s.number) or "—"
                yield Problem(loc, Message("xref_no_section", written=excerpt(line, 80), number=number.upper(), sections=known))
            elif organisation and found[0] not in [i for i, _ in organisation]:
                org_index, org = organisation[0]
                yield Problem(
                    loc,
                    Message(
                        "xref_not_organisation",
                        written=excerpt(line, 80),
                        number=number.upper(),
                        section=_section_heading(found[1]),
                        section_place=place(("sections", found[0])),
                        organisation=_section_heading(org),
                        organisation_place=place(("sections", org_index)),
                    ),
                )
    sentences = [(loc, text, comparable_words(text)) for loc, text in _texts(plan)]
    # Most plans have an appendix or cite none: one look at the whole text, not each sentence.
    whole = "\n".join(plain for _, _, plain in sentences)
    cites_appendix = plan.appendix is None and any(w in whole for w in words["appendix"])
    objectives = None  # found at the first reference to one: most plans make none
    for loc, text, plain in sentences:
        if cites_appendix:
            written = next((w for w in words["appendix"] if w in plain), None)
            if written is not None:
                yield Problem(loc, Message("xref_no_appendix", written=excerpt(text, 90)))
        for numbers, objective, written in _target_references(plain):
            if objectives is None:
                objectives = _objectives(plan)
            if not objectives:
                break
            holders = objectives.get(objective)
            if not holders:
                yield Problem(loc, Message("xref_no_objective", written=written, objective=objective, known=", ".join(map(str, sorted(objectives)))))
                continue
            missing = [n for n in numbers if not any(n in labelled or n <= lines for _, _, lines, labelled in holders)]
            if missing:
                holder_loc, _, lines, _ = max(holders, key=lambda h: h[2])
                yield Problem(
                    loc,
                    Message(
                        "xref_no_target",
                        written=written,
                        objective=objective,
                        target=missing[0],
                        count=lines,
                        objective_place=place(holder_loc),
                    ),
                )


# The page in English (`gecli rules SLUG --lang en`, SARIF written with --lang en).
DOC_EN = """\
A cross-reference points at something that is not there, or at another part.

Reported when the document refers to a part of itself that does not exist or is not the
part meant:

- the recipients say "… tại Mục V" or "Như mục V" (as in section V) and the document has no
  section V, or section V is not the part assigning agencies (the part whose items give work
  to agencies, `agencies`);
- the text says "(Chi tiết … tại Phụ lục kèm theo)" or "nhiệm vụ được giao tại Phụ lục (kèm
  theo)" (details in the attached appendix) and the plan has no appendix;
- the text says "chỉ tiêu 3 của mục tiêu 2" (target 3 of objective 2) and objective 2 (the
  item labelled "Mục tiêu 2:" holding targets) has no third target, or there is no
  objective 2.

The wordings of cross-references ("tại mục", "như mục", "Phụ lục kèm theo", "chỉ tiêu … của
mục tiêu …") are data, under `references` in `src/gecli/data/structure.yaml`.

**Why.** Documents are drafted by copying another document and adding or removing parts;
nobody updates the cross-references. "Như mục V" sends the document to the agencies of the
funding section (there are none), while the agencies assigned in section VI never receive
it; "details in the appendix" with no appendix leaves nobody knowing what they were given.

**Example.** Nguyễn Trãi ward's 2025 plan is sent to "Các Cán bộ, công chức, đơn vị tại Mục
V" — section V is TỔ CHỨC THỰC HIỆN (implementation), the right part, so it is not reported.
Constructed examples: a plan with V. KINH PHÍ (funding) and the assignments in VI. TỔ CHỨC
THỰC HIỆN would have its line "Như mục V" reported; had Ia H'Drai district's plan dropped its
appendix, the sentence "(Chi tiết nội dung, nhiệm vụ, đơn vị thực hiện tại Phụ lục kèm theo)"
would be reported.

**Fix.** Correct the section number to the part assigning agencies, issue the appendix with
the plan (or drop the cross-reference and state the assignments in the implementation part),
correct the target or objective number.
"""
