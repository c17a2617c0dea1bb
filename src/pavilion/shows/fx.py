"""Converting amounts with an edition's fixed exchange rates (reports, record lists)."""

from __future__ import annotations

from decimal import Decimal


class Converter:
    """Converts amounts into the edition's reporting currency (and USD) at full precision.

    Rounding is for printing only (``core.money.apportion``), so converted
    rows always add up to the converted total.
    """

    def __init__(self, edition):
        self.currency = edition.reporting_currency
        self.rates = {fx.currency: fx.rate for fx in edition.fx_rates.all()}
        self.rates[self.currency] = Decimal(1)

    def has_rate(self, currency: str) -> bool:
        return currency in self.rates

    def to_reporting(self, amount: Decimal | None, currency: str) -> Decimal:
        if amount is None or currency not in self.rates:
            return Decimal(0)
        return amount * self.rates[currency]

    def to_usd(self, amount_reporting: Decimal | None) -> Decimal | None:
        """USD for export figures; None when the edition has no USD rate."""
        if amount_reporting is None:
            return None
        if self.currency == "USD":
            return amount_reporting
        rate = self.rates.get("USD")
        return amount_reporting / rate if rate else None
