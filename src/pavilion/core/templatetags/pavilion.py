from decimal import Decimal

from django import template
from django.utils.translation import get_language

from pavilion.core import datetimes, money

register = template.Library()


@register.filter
def money_in(amount, currency):
    """``{{ figure.amount|money_in:"KRW" }}``: the amount with its currency, in the UI language."""
    if amount in (None, ""):
        return "—"
    return money.format_money(Decimal(str(amount)), currency, get_language() or "en")


@register.filter
def money_short(amount, currency):
    """``{{ amount|money_short:"KRW" }}``: rounded for a headline card (KRW 200.7 bn)."""
    if amount in (None, ""):
        return "—"
    return money.format_money_short(Decimal(str(amount)), currency, get_language() or "en")


@register.filter
def query(params: dict) -> str:
    """Encode a drill-down dict as a query string."""
    from urllib.parse import urlencode

    return urlencode({k: v for k, v in (params or {}).items() if v not in (None, "")})


@register.filter
def lookup(mapping, key):
    """``{{ labels|lookup:key }}``: a dict entry in a template."""
    return (mapping or {}).get(key)


@register.filter
def percent(fraction) -> str:
    """``{{ 0.1234|percent }}`` → ``12.3 %``; a missing value is a dash."""
    if fraction in (None, ""):
        return "—"
    return f"{Decimal(str(fraction)) * 100:.1f} %"


@register.filter
def when(value, where=None):
    """``{{ consultation.occurred_at|when:edition }}``: the one date-and-time format of
    the language, in the edition's time zone; a date alone without a time."""
    return datetimes.format_when(value, where)


@register.filter
def clock(value, where=None):
    """``{{ slot.end|clock:edition }}``: the time of day in the edition's time zone."""
    return datetimes.format_clock(value, where)


@register.filter
def show_day(value, arg=""):
    """A show day (``when`` without the time): kept for the pages that name days."""
    if value in (None, ""):
        return ""
    if arg == "time":
        return datetimes.format_when(value)
    if hasattr(value, "date") and callable(value.date):
        value = datetimes.local(value).date()
    return datetimes.format_date(value)


@register.filter
def money_exact(amount, currency):
    """``{{ row.amount|money_exact:"KRW" }}``: the amount to the currency's minor unit,
    never shortened (tables whose rows must add up to their total as printed)."""
    if amount in (None, ""):
        return "—"
    language = get_language() or "en"
    value = money.quantize(Decimal(str(amount)), currency)
    digits = money.group_thousands(value, money.CURRENCIES.get(currency, 2))
    if language.startswith("ko"):
        return f"{digits}원" if currency == "KRW" else f"{digits} {currency}"
    return f"{currency} {digits}"
