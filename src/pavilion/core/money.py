"""Money: currencies, Decimal arithmetic and conversion. Pure Python.

Amounts are always ``Decimal`` with their ISO 4217 currency; never floats.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# ISO 4217 codes Pavilion accepts, with their minor units (KRW and JPY have none).
CURRENCIES: dict[str, int] = {
    "KRW": 0,
    "USD": 2,
    "EUR": 2,
    "JPY": 0,
    "CNY": 2,
    "GBP": 2,
    "CHF": 2,
    "CAD": 2,
    "AUD": 2,
    "SGD": 2,
    "HKD": 2,
    "TWD": 2,
    "VND": 0,
    "INR": 2,
    "AED": 2,
    "SAR": 2,
    "ILS": 2,
}
CURRENCY_CHOICES = [(code, code) for code in CURRENCIES]


class MoneyError(ValueError):
    pass


def parse_amount(value) -> Decimal:
    """Parse a user-typed amount ("1,200,000", "3.5", 12) into a Decimal.

    Raises MoneyError for text that is not a number, or a float (floats have
    already lost precision by the time they reach us).
    """
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(",", "").replace("_", "").replace(" ", "")
    if not text:
        raise MoneyError("empty amount")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise MoneyError(f"not a number: {value!r}") from exc
    if not amount.is_finite():
        raise MoneyError(f"not a finite number: {value!r}")
    return amount


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round to the currency's minor unit, half up (as banks quote)."""
    places = CURRENCIES.get(currency, 2)
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def convert(amount: Decimal, rate: Decimal, to_currency: str) -> Decimal:
    """Convert with ``rate`` = units of the target currency per unit of the source."""
    return quantize(amount * rate, to_currency)
