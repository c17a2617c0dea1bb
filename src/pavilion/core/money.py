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

# Roughly what one unit is worth in won (2024–2026), only to catch a rate that
# cannot be right — a USD amount booked at 1, or a rate typed the wrong way
# round. Never used to convert: every amount converts at its own stated rate.
APPROXIMATE_KRW: dict[str, Decimal] = {
    "KRW": Decimal(1),
    "USD": Decimal(1350),
    "EUR": Decimal(1450),
    "JPY": Decimal(9),
    "CNY": Decimal(190),
    "GBP": Decimal(1700),
    "CHF": Decimal(1550),
    "CAD": Decimal(1000),
    "AUD": Decimal(900),
    "SGD": Decimal(1000),
    "HKD": Decimal(175),
    "TWD": Decimal(42),
    "VND": Decimal("0.055"),
    "INR": Decimal(16),
    "AED": Decimal(370),
    "SAR": Decimal(360),
    "ILS": Decimal(370),
}
# A stated rate further than this factor from the approximate one is refused.
RATE_TOLERANCE = Decimal(4)


def usual_rate(from_currency: str, to_currency: str) -> Decimal | None:
    """About how many ``to_currency`` one ``from_currency`` buys, or None if unknown."""
    source, target = APPROXIMATE_KRW.get(from_currency), APPROXIMATE_KRW.get(to_currency)
    if source is None or target is None:
        return None
    return source / target


def rate_is_plausible(rate: Decimal, from_currency: str, to_currency: str) -> bool:
    """Whether ``rate`` (``to_currency`` per ``from_currency``) is within a factor of
    ``RATE_TOLERANCE`` of the usual rate; True when the usual rate is unknown."""
    usual = usual_rate(from_currency, to_currency)
    if usual is None:
        return True
    if rate is None or rate <= 0:
        return False
    return usual / RATE_TOLERANCE <= rate <= usual * RATE_TOLERANCE


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


def group_thousands(amount: Decimal, places: int) -> str:
    return f"{amount:,.{places}f}"


def korean_units(amount: Decimal, *, round_to_man: bool = False) -> str:
    """Write a won amount with Korean myriad units: 2295000000 → "22억 9,500만".

    Units of 10^4 (만), 10^8 (억) and 10^12 (조); zero groups are left out.
    Exact by default; ``round_to_man`` rounds amounts of 1억 or more to the
    nearest 만, as reports quote them ("366억 1,565만").
    """
    amount = quantize(amount, "KRW")
    if round_to_man and abs(amount) >= 10**8:
        amount = (amount / 10**4).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 10**4
    sign = "-" if amount < 0 else ""
    n = int(abs(amount))
    if n == 0:
        return "0"
    parts = []
    for unit, size in (("조", 10**12), ("억", 10**8), ("만", 10**4)):
        if n >= size:
            parts.append(f"{n // size:,}{unit}")
            n %= size
    if n:
        parts.append(f"{n:,}")
    return sign + " ".join(parts)


def format_money(amount: Decimal | None, currency: str, language: str = "en") -> str:
    """An amount with its currency, e.g. "KRW 1,300,000", "13억 원", "USD 1,000.00"."""
    if amount is None:
        return "—"
    places = CURRENCIES.get(currency, 2)
    if language.startswith("ko"):
        if currency == "KRW":
            return f"{korean_units(amount, round_to_man=True)} 원"
        return f"{group_thousands(quantize(amount, currency), places)} {currency}"
    return f"{currency} {group_thousands(quantize(amount, currency), places)}"


def format_money_short(amount: Decimal | None, currency: str, language: str = "en") -> str:
    """A rounded amount for headline cards: "2,007억 원", "800만 USD", "KRW 200.7 bn".

    Pages show the exact amount beside it (as a tooltip or in the table).
    """
    if amount is None:
        return "—"
    if language.startswith("ko"):
        unit = "원" if currency == "KRW" else currency
        for size, name in ((Decimal("1e8"), "억"), (Decimal("1e4"), "만")):
            if abs(amount) >= size:
                short = (amount / size).quantize(Decimal(1), rounding=ROUND_HALF_UP)
                return f"{short:,}{name} {unit}"
        return format_money(amount, currency, language)
    for size, name in ((Decimal("1e9"), "bn"), (Decimal("1e6"), "m")):
        if abs(amount) >= size:
            short = (amount / size).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            return f"{currency} {short:,} {name}"
    return format_money(amount, currency, language)


def apportion(values, total: Decimal, quantum: Decimal) -> list[Decimal]:
    """Round ``values`` to ``quantum`` so that they sum to ``total`` rounded the same way.

    Largest-remainder rounding (the Hamilton method): every value is rounded
    down, then the units still missing to reach the rounded total go to the
    values with the largest remainders (ties to the earlier row). So a printed
    breakdown always adds up to its printed total, and no row moves by more than
    one unit of ``quantum`` from its own value. ``total`` is the unrounded sum
    of ``values`` (the figure the rows break down).
    """
    from decimal import ROUND_FLOOR

    values = [Decimal(v) for v in values]
    if not values:
        return []
    target = Decimal(total).quantize(quantum, rounding=ROUND_HALF_UP)
    floors = [v.quantize(quantum, rounding=ROUND_FLOOR) for v in values]
    missing = int((target - sum(floors, Decimal(0))) / quantum)
    if missing < 0 or missing > len(values):
        # ``total`` is not the sum of ``values``: round each on its own.
        return [v.quantize(quantum, rounding=ROUND_HALF_UP) for v in values]
    by_remainder = sorted(range(len(values)), key=lambda i: (-(values[i] - floors[i]), i))
    for i in by_remainder[:missing]:
        floors[i] += quantum
    return floors


def minor_unit(currency: str) -> Decimal:
    """The smallest printed amount of a currency: 1 for KRW, 0.01 for USD."""
    return Decimal(1).scaleb(-CURRENCIES.get(currency, 2))


# Large-number words of headline figures: Korean counts in myriads (만 10^4,
# 억 10^8, 조 10^12), English in thousands (million, billion, trillion).
_KOREAN_UNITS = ((Decimal("1e12"), "조"), (Decimal("1e8"), "억"), (Decimal("1e4"), "만"))
_ENGLISH_UNITS = (
    (Decimal("1e12"), "trillion"),
    (Decimal("1e9"), "billion"),
    (Decimal("1e6"), "million"),
)
_KOREAN_CURRENCY_WORDS = {"KRW": "원", "USD": "달러", "EUR": "유로", "JPY": "엔"}


def format_large(amount: Decimal | None, currency: str, language: str = "en") -> str:
    """An amount as headline figures print it: "365억 원", "2,776만 달러",
    "KRW 36.5 billion", "USD 27.8 million".

    Korean: 조 with one decimal, 억 and 만 as whole numbers (rounded half up);
    English: million/billion/trillion with one decimal. Amounts below the
    smallest unit print exactly (:func:`format_money`). Tables print the exact
    amount beside it; this is for cover pages and cards.
    """
    if amount is None:
        return "—"
    amount = Decimal(amount)
    if language.startswith("ko"):
        word = _KOREAN_CURRENCY_WORDS.get(currency, currency)
        for size, name in _KOREAN_UNITS:
            if abs(amount) >= size:
                places = Decimal("0.1") if name == "조" else Decimal(1)
                short = (amount / size).quantize(places, rounding=ROUND_HALF_UP)
                return f"{short:,}{name} {word}"
        return f"{group_thousands(quantize(amount, currency), CURRENCIES.get(currency, 2))} {word}"
    for size, name in _ENGLISH_UNITS:
        if abs(amount) >= size:
            short = (amount / size).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            return f"{currency} {short:,} {name}"
    return format_money(amount, currency, language)


def format_count(count: int | None, language: str = "en", korean_counter: str = "건") -> str:
    """A count as headline figures print it: "352건" in Korean, "352" in English."""
    if count is None:
        return "—"
    return f"{count:,}{korean_counter}" if language.startswith("ko") else f"{count:,}"
