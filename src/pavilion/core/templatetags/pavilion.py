from decimal import Decimal

from django import template
from django.utils.translation import get_language

from pavilion.core import money

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
