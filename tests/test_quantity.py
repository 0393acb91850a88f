"""Every target wording in domain.md's table parses to the meaning the table gives."""

from decimal import Decimal

import pytest
from pydantic import ValidationError

from gecli.catalog import Direction
from gecli.quantity import Comparator, Quantity, format_number, parse_number

GE, GT, LE, LT, AT, ABOUT = (
    Comparator.AT_LEAST,
    Comparator.MORE_THAN,
    Comparator.AT_MOST,
    Comparator.LESS_THAN,
    Comparator.AT,
    Comparator.ABOUT,
)


@pytest.mark.parametrize(
    "wording, comparator, value, unit",
    [
        # đạt 60%, lên đạt 50%, có 30%  -> at least
        ("đạt 60%", GE, "60", "percent"),
        ("lên đạt 50%", GE, "50", "percent"),
        ("có 30%", GE, "30", "percent"),
        # ít nhất 27%, không dưới 50%  -> ≥
        ("ít nhất 27%", GE, "27", "percent"),
        ("không dưới 50%", GE, "50", "percent"),
        # trên 90%, trên 30%  -> >
        ("trên 90%", GT, "90", "percent"),
        ("đạt trên 90%", GT, "90", "percent"),
        ("trên 30%", GT, "30", "percent"),
        # dưới 30%, xuống dưới 30%, giảm dưới 32,5/100.000  -> <
        ("dưới 30%", LT, "30", "percent"),
        ("xuống dưới 30%", LT, "30", "percent"),
        ("giảm dưới 32,5/100.000", LT, "32.5", "per_100k_live_births"),
        ("dưới 31,7/100.000 trẻ đẻ sống", LT, "31.7", "per_100k_live_births"),
        # giảm còn 42/100.000, xuống còn 18/1.000, còn 1,7 lần  -> ≤
        ("giảm còn 42/100.000", LE, "42", "per_100k_live_births"),
        ("xuống còn 18/1.000", LE, "18", "per_1000_women"),
        ("còn 1,7 lần", LE, "1.7", "times"),
        # ở mức 111 bé trai/100 bé gái  -> a level to hold
        ("ở mức 111 bé trai/100 bé gái", AT, "111", "boys_per_100_girls"),
        ("ở mức dưới 108 bé trai/100 bé gái", LT, "108", "boys_per_100_girls"),
        # duy trì 100%  -> keep at 100
        ("duy trì 100%", AT, "100", "percent"),
        # khoảng 60%  -> about
        ("khoảng 60%", ABOUT, "60", "percent"),
        # bare figures from appendix cells and other units
        ("1,7 lần", None, "1.7", "times"),
        ("03 tin/quý", None, "3", "items_per_quarter"),
        ("03tin/quý", None, "3", "items_per_quarter"),
        ("ít nhất 03 tin, bài/quý", GE, "3", "items_per_quarter"),
        ("99,75", None, "99.75", None),
        ("0%", None, "0", "percent"),
        ("31,6/100.000 trẻ", None, "31.6", "per_100k_live_births"),
        ("55 ca sinh/1.000 phụ nữ", None, "55", "per_1000_women"),
        ("đạt 50% vào năm 2025", GE, "50", "percent"),
        ("không dưới 50% từ năm 2025 trở đi", GE, "50", "percent"),
        # the vocabulary of comparison (data/comparators.yaml), negations included
        ("không ít hơn 50%", GE, "50", "percent"),
        ("không nhỏ hơn 50%", GE, "50", "percent"),
        ("không thấp hơn 50%", GE, "50", "percent"),
        ("tối thiểu 50%", GE, "50", "percent"),
        ("50% trở lên", GE, "50", "percent"),
        ("từ 50% trở lên", GE, "50", "percent"),
        ("cao hơn 30%", GT, "30", "percent"),
        ("vượt quá 30%", GT, "30", "percent"),
        ("không quá 30%", LE, "30", "percent"),
        ("không vượt quá 30%", LE, "30", "percent"),
        ("không cao hơn 30%", LE, "30", "percent"),
        ("không nhiều hơn 30%", LE, "30", "percent"),
        ("không trên 30%", LE, "30", "percent"),
        ("tối đa 30%", LE, "30", "percent"),
        ("30% trở xuống", LE, "30", "percent"),
        ("thấp hơn 30%", LT, "30", "percent"),
        ("nhỏ hơn 30%", LT, "30", "percent"),
        ("ở dưới mức 110 bé trai/100 bé gái", LT, "110", "boys_per_100_girls"),
        ("trên dưới 50%", ABOUT, "50", "percent"),
        ("xấp xỉ 50%", ABOUT, "50", "percent"),
        ("Phấn đấu đạt trên 90%", GT, "90", "percent"),
        ("đạt\u200b 50%", GE, "50", "percent"),  # a zero-width space does not hide "đạt"
        ("đạt\u00a050%", GE, "50", "percent"),
        ("-5%", None, "-5", "percent"),
    ],
)
def test_wording_parses(wording, comparator, value, unit):
    quantity = Quantity.model_validate(wording)
    assert quantity.comparator == comparator
    assert quantity.value == Decimal(value)
    assert quantity.unit == unit
    assert quantity.raw == " ".join(wording.replace("\u200b", "").split())


def test_decrease_from_baseline_to_target():
    quantity = Quantity.model_validate("giảm từ 73 ca sinh/1.000 phụ nữ xuống 55/1.000 phụ nữ")
    assert (quantity.baseline, quantity.comparator, quantity.value) == (Decimal(73), LE, Decimal(55))
    assert quantity.unit == "per_1000_women"
    short = Quantity.model_validate("giảm từ 73 xuống 55/1.000")
    assert (short.baseline, short.value, short.unit) == (Decimal(73), Decimal(55), "per_1000_women")


def test_decrease_to_a_higher_number_is_read_as_written():
    # The checker, not the parser, reports "giảm từ 55 xuống 56,3": both numbers must survive.
    quantity = Quantity.model_validate("giảm từ 55 ca sinh/1.000 phụ nữ xuống 56,3/1.000")
    assert (quantity.baseline, quantity.value) == (Decimal(55), Decimal("56.3"))


def test_fraction_is_kept():
    quantity = Quantity.model_validate("55% (11/20 cơ quan)")
    assert quantity.value == 55 and quantity.unit == "percent"
    assert (quantity.fraction.numerator, quantity.fraction.denominator, quantity.fraction.noun) == (11, 20, "cơ quan")
    assert Quantity.model_validate("55% (11/20)").fraction.noun is None


def test_change_without_level():
    quantity = Quantity.model_validate("giảm 00‰")
    assert quantity.change == "decrease" and quantity.value == 0 and quantity.unit == "per_1000_women"


def test_achievement_without_figure():
    assert Quantity.model_validate("hoàn thành").comparator is Comparator.ACHIEVED


def test_structured_form_and_plain_numbers():
    structured = Quantity.model_validate({"comparator": "more_than", "value": 90, "unit": "percent"})
    assert structured.comparator is GT and structured.value == 90
    assert Quantity.model_validate(99.75).value == Decimal("99.75")


@pytest.mark.parametrize(
    "wording, reason",
    [
        ("", "empty"),
        ("nhiều hơn năm ngoái", "no_number"),
        ("Cấp tỉnh 100; cấp huyện 100", "several_numbers"),
        ("đạt 50-60%", "several_numbers"),
        ("không đạt 50%", "negated"),
        ("chưa đạt 50%", "negated"),
        ("không 50%", "negated"),
        ("chưa tới 50%", "negated"),
        ("cao 30%", "unclear"),
        ("kém 30%", "unclear"),
        ("dưới 30% trở lên", "contradictory"),
        ("trên 30% trở xuống", "contradictory"),
        ("đạt " + "rất " * 400 + "50%", "too_long"),
    ],
)
def test_unreadable_wording_says_why(wording, reason):
    with pytest.raises(ValidationError) as caught:
        Quantity.model_validate(wording)
    error = caught.value.errors()[0]
    assert error["type"] == "quantity_unparsed" and error["ctx"]["reason"] == reason


@pytest.mark.parametrize(
    "comparator, direction, bound",
    [
        (None, Direction.HIGHER, GE),
        (None, Direction.LOWER, LE),
        (AT, Direction.LOWER, LE),
        (AT, Direction.KEEP, AT),
        (ABOUT, Direction.HIGHER, GE),
        (GT, Direction.HIGHER, GT),
    ],
)
def test_bound_depends_on_direction(comparator, direction, bound):
    assert Quantity(comparator=comparator, value=Decimal(1)).bound(direction) is bound


@pytest.mark.parametrize(
    "text, number",
    [("99,75", "99.75"), ("1.000", "1000"), ("100.000", "100000"), ("32,5", "32.5"), ("03", "3"), ("1.7", "1.7"), ("−5", "-5")],
)
def test_vietnamese_numbers(text, number):
    assert parse_number(text) == Decimal(number)


def test_numbers_written_back_the_vietnamese_way():
    assert format_number(Decimal("99.75")) == "99,75"
    assert format_number(Decimal("100000")) == "100.000"
    assert format_number(Decimal("32.50")) == "32,5"
    assert format_number(Decimal("99.75"), "en") == "99.75"
    assert Quantity.model_validate("dưới 31,7/100.000").display() == "31,7/100.000 trẻ đẻ sống"


def test_every_digit_is_shown():
    assert format_number(Decimal("1" * 29)) == ".".join(["11", *["111"] * 9])
    assert format_number(Decimal("-0.50")) == "-0,5"
