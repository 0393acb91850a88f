"""Properties that hold for any input (Hypothesis): the wording parser and the loader never
fail other than the documented way, and what they read survives a round trip. Bounded so
the suite stays fast; benchmarks/fuzz.py runs the same generators by the million."""


from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from gecli.quantity import Comparator, Quantity, format_number, parse_number, vocabulary
from gecli.source import LoadError, parse
from gecli.validate import read_plan
from support import VALID_PLAN

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words officials use around a figure, and noise around them.
WORDS = sorted({w for phrase in vocabulary().before for w in phrase} | {"giảm", "tăng", "từ", "xuống", "lên", "năm", "trở", "đi"})
UNITS = ["%", "‰", "lần", "/100.000", "/1.000", " bé trai/100 bé gái", " tin, bài/quý", ""]
numbers = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
wordings = st.lists(st.sampled_from(WORDS) | st.text(max_size=6) | numbers.map(str), max_size=8).map(" ".join)


@FAST
@given(wordings)
def test_any_wording_is_read_or_refused_with_a_reason(text):
    try:
        quantity = Quantity.model_validate(text)
    except ValidationError as error:
        assert {e["type"] for e in error.errors()} <= {"quantity_unparsed", "unit_unknown", "quantity_not_finite"}
        return
    assert quantity.value is not None or quantity.comparator is Comparator.ACHIEVED


@FAST
@given(st.sampled_from(sorted(vocabulary().before.items())), numbers, st.sampled_from(UNITS))
def test_every_phrase_of_the_vocabulary_means_what_the_data_says(phrase_comparator, value, unit):
    phrase, comparator = phrase_comparator
    text = f"{' '.join(phrase)} {format_number(value)}{unit}"
    quantity = Quantity.model_validate(text)
    assert quantity.comparator is comparator and quantity.value == value


@FAST
@given(numbers)
def test_vietnamese_numbers_round_trip(value):
    assert parse_number(format_number(value)) == value


@FAST
@given(st.sampled_from(sorted(vocabulary().before.items())), numbers)
def test_a_negated_comparison_is_refused(phrase_comparator, value):
    phrase, _ = phrase_comparator
    if ("không", *phrase) in vocabulary().before or phrase[0] in vocabulary().negations:
        return
    try:
        Quantity.model_validate(f"không {' '.join(phrase)} {format_number(value)}%")
    except ValidationError as error:
        assert error.errors()[0]["ctx"]["reason"] == "negated"
    else:
        raise AssertionError("a negated comparison was read as a target")


LINES = VALID_PLAN.splitlines()


@FAST
@given(st.integers(0, len(LINES) - 1), st.integers(0, 60), st.text(max_size=20))
def test_a_plan_edited_anywhere_loads_or_is_refused_with_a_place(line, column, inserted):
    edited = LINES.copy()
    edited[line] = edited[line][:column] + inserted + edited[line][column:]
    text = "\n".join(edited) + "\n"
    try:
        parse(text.encode("utf-8"), "plan.yaml")
    except LoadError as error:
        assert error.message.key and (error.position is None or error.position.line >= 1)


@FAST
@given(st.binary(max_size=200))
def test_any_bytes_are_read_or_refused(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("bytes") / "plan.yaml"
    path.write_bytes(raw)
    checked, findings = read_plan(path, "plan.yaml")
    assert checked is not None or (findings and all(f.message.key for f in findings))
