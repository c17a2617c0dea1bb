"""The city investment agency's funds: commitments, investments, and where they came from.

Amounts keep their own currency; each commitment and investment also keeps
the rate to the fund's currency on its own date (funds book transactions at
the historical rate), so fund figures never move with later rates.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pavilion.core.money import CURRENCY_CHOICES

POSITIVE = [MinValueValidator(Decimal(0))]


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


class Instrument(models.TextChoices):
    EQUITY = "equity", _("Equity")
    CONVERTIBLE = "convertible", _("Convertible note")
    SAFE = "safe", _("SAFE-like agreement")


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
    round = models.CharField(_("round"), max_length=50, blank=True, help_text=_("e.g. Series A"))
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
        _("ownership (%)"), max_digits=6, decimal_places=3, null=True, blank=True
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
    exit_proceeds = models.DecimalField(
        _("exit proceeds"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    consultations = models.ManyToManyField(
        "consultations.Consultation",
        verbose_name=_("grew out of the consultations"),
        blank=True,
        related_name="investments",
    )

    class Meta:
        verbose_name = _("investment")
        verbose_name_plural = _("investments")
        ordering = ["invested_on"]

    def __str__(self):
        return f"{self.fund} → {self.company} ({self.invested_on})"
