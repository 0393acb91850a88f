"""The plan model: one YAML file is one `Plan`.

Field descriptions are Vietnamese: they become the JSON Schema that editors show.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from enum import Enum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    WithJsonSchema,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from gecli.catalog import Direction, indicator_ids, indicators
from gecli.i18n import excerpt
from gecli.names import plain_key
from gecli.quantity import Comparator, Quantity, unit_id


def empty_list() -> list:
    """A new empty list, as a field's default. (Not ``list`` itself: pydantic reads a
    default factory's signature, and reading a builtin's costs every start-up a tokenizer run.)"""
    return []


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt key must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def written_also_as(*shorthands: dict, **structured_extra: Any):
    """JSON Schema for a model that YAML authors may also write in a short form."""

    def schema(cls, core_schema, handler):
        structured = handler(core_schema) | structured_extra
        # cleandoc: Python 3.13 strips a docstring's indentation itself, earlier ones do not.
        return {"description": inspect.cleandoc(cls.__doc__), "anyOf": [*shorthands, structured]}

    return classmethod(schema)


def indicator_id(value: Any) -> Any:
    """`indicator: 1.1` unquoted arrives as a number: read it as it was written (1.10 is
    not 1.1)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return getattr(value, "written", None) or repr(value)
    return value


def _known_indicator(value: str) -> str:
    if value not in indicators():
        raise PydanticCustomError(
            "indicator_unknown", "unknown indicator {input}", {"input": excerpt(value), "known": ", ".join(indicator_ids())}
        )
    return value


def _numeric_ids() -> list[float]:
    """The ids an editor reads as numbers when written unquoted (1.1, 2.3)."""
    return [float(i) for i in indicator_ids() if re.fullmatch(r"\d+\.\d+", i) and repr(float(i)) == i]


IndicatorId = Annotated[
    str,
    BeforeValidator(indicator_id),
    AfterValidator(_known_indicator),
    WithJsonSchema(
        {
            "description": "Mã chỉ tiêu quốc gia (Nghị quyết 28/NQ-CP), ví dụ \"1.1\", \"3.2a\". "
            "Viết trong dấu nháy.",
            "anyOf": [{"type": "string", "enum": indicator_ids()}, {"type": "number", "enum": _numeric_ids()}],
        }
    ),
]

# Numbers that must be written as numbers: "2024" in quotes is refused, as the schema does.
Year = Annotated[int, Field(strict=True, ge=1945, le=2100)]
Day = Annotated[int, Field(strict=True, ge=1, le=31)]
Month = Annotated[int, Field(strict=True, ge=1, le=12)]

# Day and month that exist together (29/2 is left to gecli: the schema cannot know leap years).
_DAY_MONTH = r"(?:0?[1-9]|1\d|2\d)/(?:0?[1-9]|1[0-2])|30/(?:0?[13-9]|1[0-2])|31/(?:0?[13578]|1[02])"
_MONTH_DAY = r"(?:0?[1-9]|1[0-2])-(?:0?[1-9]|1\d|2\d)|(?:0?[13-9]|1[0-2])-30|(?:0?[13578]|1[02])-31"
_YEAR = r"(?:194[5-9]|19[5-9]\d|20\d\d|2100)"
DATE_PATTERN = rf"^\s*(?:{_YEAR}-(?:{_MONTH_DAY})|(?:{_DAY_MONTH})(?:/{_YEAR})?)\s*$"


def _not_before(year: int) -> str:
    """A regular expression for the 4-digit numbers ≥ ``year``, digit by digit."""
    digits = str(year)
    options = [digits]
    for place in range(3, -1, -1):
        if digits[place] != "9":
            rest = r"\d" * (3 - place)
            options.append(f"{digits[:place]}[{int(digits[place]) + 1}-9]{rest}")
    return "(?:" + "|".join(options) + ")"


# "2021-2025" but not "2025-2021": the order as a pattern, so that editors agree with gecli.
PERIOD_ORDER_PATTERN = (
    r"^\s*(?:\d{4}|"
    + "|".join(rf"{year}\s*[-–—]\s*{_not_before(year)}" for year in range(1945, 2101))
    + r")\s*$"
)

# A target is written as officials write it, or as {comparator, value, unit}.
TargetWording = Quantity


class Level(str, Enum):
    """Cấp chính quyền ban hành kế hoạch."""

    QUOC_GIA = "quốc gia"
    TINH = "tỉnh"
    HUYEN = "huyện"
    XA = "xã"

    @classmethod
    def typed(cls, text: str) -> "Level | None":
        """The level a user typed on the command line, with or without diacritics, in any
        case: "xa", "Huyen", "quoc-gia". A plan file keeps the exact spelling (the schema's
        enum, which editors complete); only the command line, with no completion, is lenient."""
        key = plain_key(text)
        return next((level for level in cls if plain_key(level.value) == key), None)


class PartialDate(Strict):
    """Ngày có thể để trống một phần (bản dự thảo: "ngày    tháng 7 năm 2021").

    Viết "2025-03-24", "24/3/2025", "15/12" (hằng năm) hoặc {day, month, year}."""

    day: Day | None = Field(None, description="Ngày; để trống nếu văn bản để trống.")
    month: Month | None = Field(None, description="Tháng.")
    year: Year | None = Field(None, description="Năm; để trống với hạn lặp lại hằng năm.")

    __get_pydantic_json_schema__ = written_also_as({"type": "string", "pattern": DATE_PATTERN}, minProperties=1)

    @model_validator(mode="before")
    @classmethod
    def _read(cls, data: Any) -> Any:
        if isinstance(data, dt.date):
            return {"day": data.day, "month": data.month, "year": data.year}
        if isinstance(data, str):
            text = data.strip()
            iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
            if iso:
                return {"year": int(iso[1]), "month": int(iso[2]), "day": int(iso[3])}
            vn = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?", text)
            if vn:
                return {"day": int(vn[1]), "month": int(vn[2]), "year": int(vn[3]) if vn[3] else None}
            raise PydanticCustomError("date_unparsed", "cannot read date {input}", {"input": text})
        return data

    @model_validator(mode="after")
    def _real_date(self) -> "PartialDate":
        if self.day is None and self.month is None and self.year is None:
            raise PydanticCustomError("date_empty", "empty date", {})
        if self.day and self.month:
            try:
                # A date without its year (a yearly deadline) must exist in some year: 29/2 does.
                dt.date(self.year or 2000, self.month, self.day)
            except ValueError:
                written = f"{self.day}/{self.month}" + (f"/{self.year}" if self.year else "")
                raise PydanticCustomError("date_invalid", "no such date", {"input": written}) from None
        return self

    def as_date(self) -> dt.date | None:
        if self.day and self.month and self.year:
            return dt.date(self.year, self.month, self.day)
        return None

    def __str__(self) -> str:
        parts = [f"{self.day:02d}" if self.day else "…", f"{self.month}" if self.month else "…"]
        if self.year:
            parts.append(str(self.year))
        return "/".join(parts)


class Period(Strict):
    """Thời kỳ của kế hoạch: một năm (2025) hoặc giai đoạn ("2021-2025")."""

    start: Year = Field(description="Năm đầu.")
    end: Year = Field(description="Năm cuối (bằng năm đầu với kế hoạch năm).")

    __get_pydantic_json_schema__ = written_also_as(
        {"type": "integer", "minimum": 1945, "maximum": 2100},
        {"type": "string", "allOf": [{"pattern": rf"^\s*{_YEAR}\s*([-–—]\s*{_YEAR})?\s*$"}, {"pattern": PERIOD_ORDER_PATTERN}]},
    )

    @model_validator(mode="before")
    @classmethod
    def _read(cls, data: Any) -> Any:
        if isinstance(data, int) and not isinstance(data, bool):
            return {"start": data, "end": data}
        if isinstance(data, str):
            match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–—]\s*(\d{4}))?\s*", data)
            if not match:
                raise PydanticCustomError("period_unparsed", "cannot read period {input}", {"input": data})
            return {"start": int(match[1]), "end": int(match[2] or match[1])}
        return data

    @model_serializer
    def _as_written(self) -> str:
        # "2025" or "2021-2025", as a plan file writes it (and as templates print it).
        return str(self)

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if self.end < self.start:
            raise PydanticCustomError("period_order", "period ends before it starts", {"start": self.start, "end": self.end})
        return self

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"


class Issuer(Strict):
    """Cơ quan ban hành."""

    name: str = Field(description='Tên đầy đủ, viết thường: "Ủy ban nhân dân tỉnh Kon Tum".')
    header: list[str] = Field(
        default_factory=empty_list,
        description='Tên cơ quan ở góc trái như in trên văn bản, mỗi dòng một phần tử: '
        '["ỦY BAN NHÂN DÂN", "TỈNH KON TUM"].',
    )
    parent_body: str | None = Field(
        None, description='Dòng tên cơ quan chủ quản trực tiếp phía trên (nếu có), ví dụ "UBND TỈNH KON TUM".'
    )
    locality: str | None = Field(None, description='Tên địa bàn: "tỉnh Kon Tum", "huyện Ia H\'Drai".')


class Document(Strict):
    """Số, ký hiệu, địa danh, ngày và trích yếu của chính văn bản."""

    number: Annotated[
        str | None, WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 0}, {"type": "null"}]})
    ] = Field(None, description='Số văn bản ("956"); để trống ở bản dự thảo.')
    symbol: str = Field("KH-UBND", description='Ký hiệu: "KH-UBND".')
    place: str | None = Field(None, description='Địa danh: "Kon Tum".')
    date: PartialDate | None = Field(None, description="Ngày ban hành; có thể để trống một phần.")
    title: str = Field(description="Trích yếu (dòng dưới chữ KẾ HOẠCH), viết thường.")

    @field_validator("number", mode="before")
    @classmethod
    def _number_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Reference(Strict):
    """Văn bản mà kế hoạch này thực hiện."""

    kind: str = Field("Kế hoạch", description='Loại văn bản: "Kế hoạch", "Nghị quyết".')
    number: str | None = Field(None, description='Số và ký hiệu: "956/KH-UBND", "28/NQ-CP".')
    date: PartialDate | None = Field(None, description="Ngày ban hành.")
    issuer: str | None = Field(None, description='Cơ quan ban hành: "Ủy ban nhân dân tỉnh Kon Tum".')
    title: str | None = Field(None, description="Trích yếu, nếu văn bản có nêu.")
    path: str | None = Field(
        None, description="Đường dẫn (tương đối với tệp này) tới tệp YAML của kế hoạch cấp trên, nếu có."
    )


class Milestone(Strict):
    """Mốc của một chỉ tiêu (Chiến lược quốc gia có mốc 2025 và 2030)."""

    year: Year = Field(description="Năm của mốc.")
    target: TargetWording = Field(description="Chỉ tiêu tại mốc.")
    note: str | None = Field(None, description="Ghi chú về nguồn hoặc độ tin cậy.")


class Baseline(Strict):
    """Kết quả đã đạt (ví dụ cột "Kết quả thực hiện năm 2024" của phụ lục)."""

    value: TargetWording = Field(description="Giá trị như văn bản ghi.")
    year: Year = Field(description="Năm của kết quả.")


class BreakdownRow(Strict):
    """Dòng chi tiết dưới một chỉ tiêu: "Cơ quan quản lý nhà nước: 55% (11/20 cơ quan)"."""

    number: str | None = Field(None, description='Cột TT nếu dòng có số: "1.2".')
    group: str | None = Field(None, description='Nhóm (dòng tiêu đề phía trên), ví dụ "Cấp tỉnh".')
    label: str = Field(description="Nội dung dòng như văn bản ghi.")
    unit: str | None = Field(None, description='Cột "Đơn vị tính" như văn bản ghi.')
    result: TargetWording | None = Field(None, description="Kết quả năm trước.")
    target: TargetWording | None = Field(None, description="Kế hoạch năm nay.")

    @model_validator(mode="after")
    def _unit_from_column(self) -> "BreakdownRow":
        unit = unit_id(self.unit) if self.unit else None
        for name in ("result", "target"):
            figure = getattr(self, name)
            if figure is not None and unit:
                object.__setattr__(self, name, figure.with_unit(unit))
        return self


class AppendixRow(Strict):
    """Dòng của chỉ tiêu trong bảng phụ lục, ghi đúng như văn bản."""

    number: str | None = Field(None, description='Cột TT: "2.1".')
    text: str | None = Field(None, description='Cột "Mục tiêu/chỉ tiêu" như văn bản ghi.')
    unit: str | None = Field(None, description='Cột "Đơn vị tính" như văn bản ghi ("%", "lần", "trẻ").')
    target: TargetWording | None = Field(None, description='Cột kế hoạch năm (ví dụ "99,75").')
    executor: str | None = Field(
        None,
        description='Ô "Đơn vị thực hiện" nguyên văn; ô gộp nhiều dòng được chép lại ở mỗi dòng nó phủ.',
    )

    @model_validator(mode="after")
    def _unit_from_column(self) -> "AppendixRow":
        unit = unit_id(self.unit) if self.unit else None
        if self.target is not None and unit:
            object.__setattr__(self, "target", self.target.with_unit(unit))
        return self


class Waiver(Strict):
    """Bỏ qua một quy tắc kiểm tra cho chỉ tiêu này, có lý do bằng văn bản."""

    rule: str = Field(description='Mã quy tắc, ví dụ "missing-indicator".')
    reason: str = Field(min_length=1, description="Lý do (bắt buộc).")


class PlanWaiver(Waiver):
    """Bỏ qua một quy tắc cho cả kế hoạch, hoặc cho một chỉ tiêu không có trong kế hoạch
    (ví dụ chỉ tiêu cấp trên không áp dụng cho địa phương)."""

    indicator: IndicatorId | None = Field(None, description="Mã chỉ tiêu (trống: cả kế hoạch).")


class Target(Strict):
    """Một chỉ tiêu của kế hoạch: câu nêu chỉ tiêu (thuộc mục chứa nó) và những gì đọc ra từ đó."""

    indicator: IndicatorId
    text: str | None = Field(
        None, description="Vế câu nêu chỉ tiêu, nguyên văn (một phần của câu của mục); trống với chỉ tiêu soạn trong gecli."
    )
    target: TargetWording | None = Field(
        None, description="Chỉ tiêu của kế hoạch cho năm cuối của kỳ kế hoạch, đọc từ câu trong phần nội dung."
    )
    milestones: list[Milestone] = Field(default_factory=empty_list, description="Các mốc khác (năm, chỉ tiêu).")
    baseline: Baseline | None = Field(None, description="Kết quả đã đạt trước kỳ kế hoạch.")
    appendix: AppendixRow | None = Field(None, description="Dòng tương ứng trong bảng phụ lục, nếu có.")
    lead: str | None = Field(None, description="Đơn vị chủ trì (ô \"Đơn vị thực hiện\" của phụ lục).")
    partners: list[str] = Field(default_factory=empty_list, description="Đơn vị phối hợp.")
    breakdown: list[BreakdownRow] = Field(default_factory=empty_list, description="Các dòng chi tiết.")
    waivers: list[Waiver] = Field(default_factory=empty_list, description="Quy tắc được bỏ qua, kèm lý do.")
    note: str | None = Field(None, description="Ghi chú của người nhập liệu.")

    def stated(self) -> Quantity | None:
        """The target as the plan states it. An achieve-or-not indicator (5.1) stated in
        words with no figure ("Nội dung về giới … được đưa vào chương trình giảng dạy") is
        stated as achieved: the sentence is the target."""
        if self.target is not None:
            return self.target
        if self.text and indicators()[self.indicator].direction is Direction.ACHIEVE:
            return Quantity(raw=self.text, comparator=Comparator.ACHIEVED)
        return None

    def milestone(self, year: int, plan_end: int) -> Quantity | None:
        """The target for ``year``: the milestone of that year, else the latest earlier one."""
        by_year = {m.year: m.target for m in self.milestones}
        stated = self.stated()
        if stated is not None:
            by_year.setdefault(plan_end, stated)
        earlier = [y for y in by_year if y <= year]
        return by_year[max(earlier)] if earlier else None


class Role(str, Enum):
    """Vai trò của cơ quan với một chỉ tiêu."""

    RESPONSIBLE = "responsible"  # chịu trách nhiệm tổ chức thực hiện, chủ trì thực hiện: reaching it
    DATA = "data"  # thu thập và báo cáo số liệu: measuring it
    COORDINATE = "coordinate"  # phối hợp: helping


class Charge(Strict):
    """Một nhiệm vụ của cơ quan với các chỉ tiêu, như phần tổ chức thực hiện ghi
    ("Chịu trách nhiệm tổ chức thực hiện chỉ tiêu 1, 2 của mục tiêu 2")."""

    indicators: list[IndicatorId] = Field(min_length=1, description="Mã chỉ tiêu quốc gia được giao.")
    role: Role = Field(description="responsible (chịu trách nhiệm đạt chỉ tiêu), data (thu thập, báo cáo số liệu), coordinate (phối hợp).")
    text: str | None = Field(None, description="Các chữ trong câu nói điều đó, nguyên văn.")


class Item(Strict):
    """Một phần của văn bản như đã in, ở bất kỳ cấp nào: phần "I. …", khoản "1. …", điểm
    "a) …", gạch đầu dòng "- …", "+ …", hoặc một đoạn không đánh số. Mục có thể chứa các
    mục con; gecli đọc thêm các chỉ tiêu và cơ quan được giao trong mục."""

    number: str | None = Field(None, description='Số hoặc dấu đầu dòng như văn bản in: "I", "1.", "a)", "-", "+".')
    title: str | None = Field(
        None, description='Tiêu đề in đậm của mục, nguyên văn kể cả dấu hai chấm nếu có: "MỤC ĐÍCH, YÊU CẦU", "Mục đích", "Yêu cầu:".'
    )
    text: str | None = Field(None, description="Câu chữ của mục (sau tiêu đề, nếu có), nguyên văn.")
    items: list["Item"] = Field(default_factory=empty_list, description="Các mục con, theo thứ tự văn bản.")
    targets: list[Target] = Field(default_factory=empty_list, description="Các chỉ tiêu mà câu của mục này nêu.")
    agencies: list[str] = Field(
        default_factory=empty_list, description='Cơ quan được giao nhiệm vụ trong mục này (phần tổ chức thực hiện), tên đầy đủ: "Sở Nội vụ".'
    )
    charges: list[Charge] = Field(default_factory=empty_list, description="Chỉ tiêu được giao cho các cơ quan của mục, và vai trò.")
    note: str | None = Field(None, description="Ghi chú của người nhập liệu.")

    @property
    def heading(self) -> str:
        """The printed first line's words: number, title and text as one string."""
        return " ".join(part for part in (self.number, self.title, self.text) if part)


Item.model_rebuild()


class Footnote(Strict):
    """Chú thích cuối trang. Dấu chú thích đứng trong câu chữ đúng chỗ văn bản in ("tỉnh¹")."""

    mark: str = Field(description='Dấu chú thích như văn bản in: "¹", "(1)".')
    text: str = Field(description="Lời chú thích, nguyên văn.")

    @model_validator(mode="before")
    @classmethod
    def _read(cls, data: Any) -> Any:
        # "¹ Theo đề nghị …": the mark, then the note.
        if isinstance(data, str):
            match = re.match(r"\s*([\u00b9\u00b2\u00b3\u2070-\u2079]+|\(\d+\)|\d+)\.?\s+(.*)", data, re.S)
            if not match:
                raise PydanticCustomError("footnote_unparsed", "no mark", {"input": excerpt(data)})
            return {"mark": match[1], "text": match[2]}
        return data


class Deadline(Strict):
    """Hạn báo cáo. Ngày ghi như văn bản in; năm không in thì hiểu là năm của kế hoạch
    (hoặc mỗi năm, với hạn hằng năm)."""

    reporter: str | None = Field(None, description='Ai báo cáo: "các đơn vị, địa phương".')
    to: str = Field(description='Báo cáo về đâu: "Sở Nội vụ".')
    by: PartialDate = Field(description='Trước ngày, như văn bản in: "15/12/2025"; "05/12" khi không in năm.')
    via: str | None = Field(None, description='Gửi qua ai: "qua Phòng Lao động - Thương binh và Xã hội huyện".')
    yearly: Annotated[bool, Field(strict=True)] = Field(False, description='Lặp lại hằng năm ("Hằng năm, báo cáo … trước ngày 05/12").')
    text: str | None = Field(None, description="Câu nêu hạn, nguyên văn (để tìm lại trong văn bản).")

    def due(self, plan_year: int) -> dt.date:
        """The date meant in ``plan_year``: the printed year if any, else the plan's year (a
        yearly deadline falls in every year); a blank day is the month's last, a blank month
        December, and a yearly 29/2 is the 28th in a year without it."""
        year, month = self.by.year or plan_year, self.by.month or 12
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return last.replace(day=min(self.by.day, last.day)) if self.by.day else last

    @property
    def year_assumed(self) -> bool:
        """The printed date has no year and the deadline is not said to recur yearly."""
        return self.by.year is None and not self.yearly


class Signature(Strict):
    """Khối chữ ký."""

    authority: str | None = Field(None, description='"TM. ỦY BAN NHÂN DÂN" (nếu có).')
    on_behalf: str | None = Field(None, description='"KT. CHỦ TỊCH" hoặc "Q. CHỦ TỊCH" (nếu có).')
    title: str | None = Field(None, description='"CHỦ TỊCH", "PHÓ CHỦ TỊCH" (trống nếu văn bản không in).')
    name: str | None = Field(None, description="Họ và tên người ký.")


class AppendixGroup(Strict):
    """Dòng mục tiêu của bảng phụ lục, như văn bản in ("1", "Mục tiêu 1: Trong lĩnh vực chính trị")."""

    number: str | None = Field(None, description='Cột TT: "1".')
    text: str = Field(description="Cột \"Mục tiêu/chỉ tiêu\" của dòng, nguyên văn.")


class Appendix(Strict):
    """Bảng phụ lục phân công thực hiện. Mỗi dòng chỉ tiêu nằm ở `appendix` của chỉ tiêu đó."""

    heading: str = Field("Phụ lục", description='Dòng đầu như văn bản in: "Phụ lục", "PHỤ LỤC", "Phụ lục I".')
    title: str = Field(description='"PHÂN CÔNG THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU BÌNH ĐẲNG GIỚI NĂM 2025".')
    reference_line: str | None = Field(None, description='Dòng "(Kèm theo Kế hoạch số ...)" nguyên văn.')
    result_year: Year | None = Field(None, description='Năm của cột "Kết quả thực hiện" (nếu bảng có cột này).')
    target_year: Year | None = Field(None, description='Năm của cột "Kế hoạch thực hiện".')
    groups: list[AppendixGroup] = Field(
        default_factory=empty_list, description="Các dòng mục tiêu của bảng theo thứ tự in; dòng chỉ tiêu số \"2.1\" nằm dưới nhóm \"2\"."
    )


Loc = tuple[str | int, ...]


class Plan(Strict):
    """Kế hoạch triển khai thực hiện Chiến lược quốc gia về bình đẳng giới."""

    level: Level = Field(description="Cấp ban hành: quốc gia, tỉnh, huyện, xã.")
    issuer: Issuer
    document: Document
    period: Period = Field(description='Năm (2025) hoặc giai đoạn ("2021-2025").')
    implements: list[Reference] = Field(default_factory=empty_list, description="Văn bản mà kế hoạch thực hiện.")
    opening: list[str] = Field(
        default_factory=empty_list, description='Các đoạn mở đầu ("Căn cứ …", "Thực hiện …", "… ban hành Kế hoạch …"), nguyên văn, mỗi đoạn một phần tử.'
    )
    sections: list[Item] = Field(
        default_factory=empty_list, description='Các phần của văn bản theo thứ tự in ("I. MỤC ĐÍCH, YÊU CẦU", …), với mọi mục con.'
    )
    closing: list[str] = Field(default_factory=empty_list, description="Các đoạn kết sau phần cuối (trước ./.), nguyên văn.")
    reporting: list[Deadline] = Field(default_factory=empty_list, description="Hạn báo cáo mà văn bản nêu.")
    recipients: list[str] = Field(default_factory=empty_list, description="Nơi nhận, mỗi dòng một phần tử.")
    signature: Signature | None = None
    appendix: Appendix | None = Field(None, description="Phụ lục phân công (nếu có).")
    footnotes: list[Footnote] = Field(default_factory=empty_list, description="Chú thích cuối trang: {mark, text} hoặc \"¹ lời chú thích\".")
    waivers: list[PlanWaiver] = Field(default_factory=empty_list, description="Quy tắc được bỏ qua, kèm lý do.")
    _items: tuple | None = PrivateAttr(default=None)
    _targets: tuple | None = PrivateAttr(default=None)

    @field_validator("opening", "closing", mode="before")
    @classmethod
    def _paragraphs(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    def walk(self) -> tuple[tuple[Loc, Item, tuple[Item, ...]], ...]:
        """Every item in the printed order, with its place and the items it sits in. Found
        once, like `targets`: most rules walk the whole plan."""
        if self._items is not None:
            return self._items
        found = []
        stack: list[tuple[Loc, Item, tuple[Item, ...]]] = [
            (("sections", i), item, ()) for i, item in reversed(list(enumerate(self.sections)))
        ]
        while stack:
            loc, item, parents = stack.pop()
            found.append((loc, item, parents))
            inner = (*parents, item)
            stack.extend(((*loc, "items", i), child, inner) for i, child in reversed(list(enumerate(item.items))))
        self._items = tuple(found)
        return self._items

    def targets(self) -> tuple[tuple[Loc, Target], ...]:
        """Every target with its place, in the printed order. Found once: every rule asks,
        and a checked plan is not changed."""
        if self._targets is None:
            self._targets = tuple(
                ((*loc, "targets", index), target) for loc, item, _ in self.walk() for index, target in enumerate(item.targets)
            )
        return self._targets

    def waiver(self, rule: str, indicator: str | None) -> str | None:
        """The written reason for not applying ``rule`` (to ``indicator``), if there is one."""
        for _, target in self.targets():
            if target.indicator == indicator and target.waivers:
                for waiver in target.waivers:
                    if waiver.rule == rule:
                        return waiver.reason
        for waiver in self.waivers:
            if waiver.rule == rule and waiver.indicator in (None, indicator):
                return waiver.reason
        return None

    @property
    def year(self) -> int:
        return self.period.end
