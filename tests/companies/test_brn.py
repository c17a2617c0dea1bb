import pytest
from hypothesis import given
from hypothesis import strategies as st

from pavilion.companies import brn


@pytest.mark.parametrize("value", ["220-81-62517", "2208162517", 2208162517, " 220 81 62517 "])
def test_accepts_a_valid_number_in_any_spelling(value):
    assert brn.normalise(value) == "2208162517"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("220-81-62518", "check digit"),
        ("220-81-6251", "10 digits"),
        ("220-81-625170", "10 digits"),
        ("abc-de-fghij", "10 digits"),
        ("", "10 digits"),
        (None, "10 digits"),
    ],
)
def test_rejects_bad_numbers_with_the_reason(value, reason):
    with pytest.raises(brn.InvalidBRN, match=reason):
        brn.normalise(value)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_exactly_one_check_digit_is_valid(first_nine):
    valid = [d for d in range(10) if brn.is_valid(first_nine + str(d))]
    assert valid == [brn.check_digit(first_nine)]
    assert brn.is_valid(brn.make_valid(first_nine))


def test_format():
    assert brn.format_brn("2208162517") == "220-81-62517"
