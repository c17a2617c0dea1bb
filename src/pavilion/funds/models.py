"""The city investment agency's funds: commitments, investments, and where they came from.

Amounts keep their own currency; each commitment and investment also keeps
the rate to the fund's currency on its own date (funds book transactions at
the historical rate), so fund figures never move with later rates.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pavilion.core.money import CURRENCY_CHOICES, rate_is_plausible, usual_rate

POSITIVE = [MinValueValidator(Decimal(0))]
CENT = Decimal("0.01")


def in_fund_currency(amount: Decimal, rate: Decimal) -> Decimal:
    """One record's amount at its own rate, to the cent: every fund total and
    breakdown adds these, so the parts always sum to the whole."""
    return (amount * rate).quantize(CENT)


def _same_currency_rate(record, fund_currency: str) -> dict:
    """A record in the fund's own currency has rate 1; any other needs a rate above 0."""
    if record.currency == fund_currency:
        record.rate = Decimal(1)
    elif record.rate is None or record.rate <= 0:
        return {
            "rate": _("Give the rate from %(currency)s to %(fund)s on that day.")
            % {"currency": record.currency, "fund": fund_currency}
        }
    elif not rate_is_plausible(record.rate, record.currency, fund_currency):
        # 1 USD booked as 1 KRW, or a rate typed the wrong way round, would
        # silently shrink or inflate every fund figure.
        usual = usual_rate(record.currency, fund_currency)
        return {
            "rate": _(
                "1 %(currency)s = %(rate)s %(fund)s is far from the usual rate "
                "(about %(usual)s %(fund)s); give the rate of that day."
            )
            % {
                "currency": record.currency,
                "fund": fund_currency,
                "rate": f"{record.rate.normalize():,f}",
                "usual": f"{usual:,.4g}" if usual < 10 else f"{usual:,.0f}",
            }
        }
    return {}


class Fund(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="funds",
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"))
    manager = models.CharField(_("fund manager"), max_length=200, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="KRW"
    )
    target_size = models.DecimalField(
        _("target size"), max_digits=20, decimal_places=2, validators=POSITIVE
    )
    vintage = models.PositiveSmallIntegerField(_("vintage year"))
    sectors = models.ManyToManyField(
        "companies.Sector", verbose_name=_("target sectors"), blank=True
    )
    stages = models.CharField(_("target stages"), max_length=200, blank=True)
    local_multiple = models.DecimalField(
        _("local investment multiple"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(2),
        help_text=_("The manager must invest this multiple of the city's commitment locally"),
    )

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="fund_slug_per_org")
        ]

    def __str__(self):
        return self.name


class Commitment(models.Model):
    """A limited partner's commitment to a fund."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.CASCADE, related_name="commitments"
    )
    limited_partner = models.CharField(_("limited partner"), max_length=200)
    is_city = models.BooleanField(_("the city's own contribution"), default=False)
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=2, validators=POSITIVE)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    rate = models.DecimalField(
        _("rate to the fund's currency"),
        max_digits=20,
        decimal_places=8,
        default=Decimal(1),
        validators=POSITIVE,
    )
    committed_on = models.DateField(_("committed on"))
    called = models.DecimalField(
        _("called so far"), max_digits=20, decimal_places=2, default=Decimal(0), validators=POSITIVE
    )

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["committed_on"]

    def __str__(self):
        return f"{self.limited_partner}: {self.amount} {self.currency}"

    def clean(self):
        errors = _same_currency_rate(self, self.fund.currency) if self.fund_id else {}
        if self.called is not None and self.amount is not None and self.called > self.amount:
            errors["called"] = _("More cannot be called than was committed.")
        if errors:
            raise ValidationError(errors)


class Instrument(models.TextChoices):
    EQUITY = "equity", _("Equity")
    CONVERTIBLE = "convertible", _("Convertible note")
    SAFE = "safe", _("SAFE-like agreement")


class Round(models.TextChoices):
    """The company's stage at the round: the fund's "by stage" breakdown."""

    SEED = "seed", _("Seed")
    PRE_A = "pre_a", _("Pre-Series A")
    SERIES_A = "series_a", _("Series A")
    SERIES_B = "series_b", _("Series B")
    LATER = "later", _("Series C and later")
    BRIDGE = "bridge", _("Bridge")


class InvestmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WRITTEN_OFF = "written_off", _("Written off")
    EXITED = "exited", _("Exited")


class Investment(models.Model):
    """A fund's investment in a company, possibly grown out of pavilion consultations."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.CASCADE, related_name="investments"
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="investments",
    )
    invested_on = models.DateField(_("date"))
    round = models.CharField(
        pgettext_lazy("investment", "round"), max_length=16, choices=Round.choices
    )
    instrument = models.CharField(_("instrument"), max_length=16, choices=Instrument.choices)
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=2, validators=POSITIVE)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    rate = models.DecimalField(
        _("rate to the fund's currency"),
        max_digits=20,
        decimal_places=8,
        default=Decimal(1),
        validators=POSITIVE,
    )
    ownership = models.DecimalField(
        _("ownership (%)"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    post_money = models.DecimalField(
        _("post-money valuation"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    qualifies_locally = models.BooleanField(_("counts toward the local obligation"), default=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InvestmentStatus.choices,
        default=InvestmentStatus.ACTIVE,
    )
    closed_on = models.DateField(
        _("exited or written off on"),
        null=True,
        blank=True,
        help_text=_("Only for exits and write-offs"),
    )
    exit_proceeds = models.DecimalField(
        _("exit proceeds"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        validators=POSITIVE,
        help_text=_("In the investment's currency"),
    )
    notes = models.TextField(_("internal notes"), blank=True)
    consultations = models.ManyToManyField(
        "consultations.Consultation",
        verbose_name=_("grew out of the consultations"),
        blank=True,
        related_name="investments",
    )

    class Meta:
        verbose_name = _("investment")
        verbose_name_plural = _("investments")
        ordering = ["invested_on", "id"]

    def __str__(self):
        return f"{self.fund} → {self.company} ({self.invested_on})"

    def clean(self):
        errors = _same_currency_rate(self, self.fund.currency) if self.fund_id else {}
        if self.status == InvestmentStatus.ACTIVE:
            if self.closed_on is not None:
                errors["closed_on"] = _("Only an exit or a write-off has a closing date.")
        elif self.closed_on is None:
            errors["closed_on"] = _("Give the date of the exit or write-off.")
        elif self.invested_on and self.closed_on < self.invested_on:
            errors["closed_on"] = _("The closing date is before the investment.")
        if self.exit_proceeds is not None and self.status != InvestmentStatus.EXITED:
            errors["exit_proceeds"] = _("Only an exit has proceeds.")
        if errors:
            raise ValidationError(errors)

    @property
    def amount_in_fund_currency(self) -> Decimal:
        return in_fund_currency(self.amount, self.rate)


class DeploymentPlan(models.Model):
    """How much the fund plans to invest in a year, in the fund's currency."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.CASCADE, related_name="plan"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=2, validators=POSITIVE)

    class Meta:
        verbose_name = _("deployment plan")
        verbose_name_plural = _("deployment plans")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "year"], name="one_plan_per_fund_year")
        ]

    def __str__(self):
        return f"{self.fund} {self.year}: {self.amount}"
