from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pavilion.core import money


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,200,000", "1200000"), ("3.5", "3.5"), (12, "12"), ("1_000", "1000"), (0.1, "0.1")],
)
def test_parse_amount(text, expected):
    assert money.parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "NaN", "Infinity", "1.2.3"])
def test_parse_amount_rejects(text):
    with pytest.raises(money.MoneyError):
        money.parse_amount(text)


def test_quantize_to_minor_units():
    assert money.quantize(Decimal("1234.5"), "KRW") == Decimal("1235")
    assert money.quantize(Decimal("1.005"), "USD") == Decimal("1.01")


def test_convert_usd_to_krw():
    assert money.convert(Decimal("1000000"), Decimal("1300.00"), "KRW") == Decimal("1300000000")


@given(st.decimals(min_value=0, max_value=10**12, places=2), st.sampled_from(["KRW", "USD"]))
def test_quantize_is_idempotent(amount, currency):
    once = money.quantize(amount, currency)
    assert money.quantize(once, currency) == once


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("2295000000", "22억 9,500만"),
        ("37000000000", "370억"),
        ("300000000000", "3,000억"),
        ("1300000000000", "1조 3,000억"),
        ("12345", "1만 2,345"),
        ("999", "999"),
        ("0", "0"),
        ("-150000000", "-1억 5,000만"),
    ],
)
def test_korean_units(amount, text):
    assert money.korean_units(Decimal(amount)) == text


def test_format_money_shows_the_currency_in_both_languages():
    assert money.format_money(Decimal("37000000000"), "KRW", "ko") == "370억 원"
    assert money.format_money(Decimal("37000000000"), "KRW", "en") == "KRW 37,000,000,000"
    assert money.format_money(Decimal("1234.5"), "USD", "en") == "USD 1,234.50"
    assert money.format_money(Decimal("1234.5"), "USD", "ko") == "1,234.50 USD"
    assert money.format_money(None, "USD") == "—"


def test_reports_quote_large_won_amounts_to_the_nearest_man():
    assert money.korean_units(Decimal("36615648400"), round_to_man=True) == "366억 1,565만"
    assert money.korean_units(Decimal("12345"), round_to_man=True) == "1만 2,345"
    assert money.format_money(Decimal("36615648400"), "KRW", "ko") == "366억 1,565만 원"


def test_short_amounts_for_headline_cards():
    from pavilion.core.money import format_money_short

    assert format_money_short(Decimal("200652000000"), "KRW", "en") == "KRW 200.7 bn"
    assert format_money_short(Decimal("200652000000"), "KRW", "ko") == "2,007억 원"
    assert format_money_short(Decimal("8000000"), "USD", "ko") == "800만 USD"
    assert format_money_short(Decimal("68150000"), "USD", "en") == "USD 68.2 m"
    assert format_money_short(Decimal("5000"), "USD", "en") == "USD 5,000.00"
    assert format_money_short(None, "KRW") == "—"
