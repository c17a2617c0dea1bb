"""Show → Edition → Pavilion → Booth, and the FX rates an edition reports with."""

import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pavilion.core.money import CURRENCY_CHOICES


def validate_time_zone(value: str):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            _("%(value)s is not an IANA time zone (e.g. America/Los_Angeles)."),
            params={"value": value},
        ) from exc


class Show(models.Model):
    """A recurring trade show (CES, MWC, Hannover Messe) as one agency follows it.

    Shows belong to an organisation: each agency keeps its own record of the
    shows it attends, with its own editions, rates and reports.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="shows",
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"))
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("show")
        verbose_name_plural = _("shows")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="show_slug_per_org")
        ]

    def __str__(self):
        return self.name


class Edition(models.Model):
    """One year of a show: dates, venue, the show's own time zone, report currency."""

    show = models.ForeignKey(
        Show, verbose_name=_("show"), on_delete=models.CASCADE, related_name="editions"
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("e.g. CES 2024"))
    slug = models.SlugField(_("short name"), unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("IANA name of the show's time zone, e.g. America/Los_Angeles"),
    )
    reporting_currency = models.CharField(
        _("reporting currency"), max_length=3, choices=CURRENCY_CHOICES, default="KRW"
    )
    stage_agenda_public = models.BooleanField(
        _("stage agenda public"),
        default=False,
        help_text=_(
            "Anyone with the link, signed in or not, may read the pitching stage's agenda."
        ),
    )
    # Closing ends the edition's reporting: exhibitors may no longer log or
    # change its consultations; operators' corrections stay possible, audited
    # and flagged on the report (reports.services.close_edition).
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    # What the edition's public page shows (issue #11). Off by default: an
    # operator decides what anyone on the internet may read.
    public_page = models.BooleanField(
        _("public page"),
        default=False,
        help_text=_("The edition has a public page anyone may read, without signing in."),
    )
    public_companies = models.BooleanField(
        _("participating companies public"),
        default=True,
        help_text=_("The public page lists the confirmed companies' public profiles."),
    )
    public_awards = models.BooleanField(_("award winners public"), default=True)
    public_call = models.BooleanField(
        _("call for participation public"),
        default=True,
        help_text=_("While the call is open, companies may apply from the public page."),
    )
    partner_registration_open = models.BooleanField(
        _("buyers and investors may register"),
        default=True,
        help_text=_("Off: buyers and investors take part by invitation only."),
    )

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-start_date"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day is before the first day.")})

    @property
    def organisation_id(self):
        return self.show.organisation_id

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def show_day_problem(self, instant) -> str | None:
        """Why a time is refused for something that happens at the show (a
        consultation, a pitch): it must fall on one of the show's days, in the
        show's own time zone. None when it does."""
        if instant is None:
            return None
        if timezone.is_naive(instant):
            return _("Give the time with its time zone.")
        day = timezone.localtime(instant, self.tzinfo).date()
        if day in self.days:
            return None
        return _(
            "%(day)s is not a day of %(edition)s, which runs from %(first)s to %(last)s (%(zone)s)."
        ) % {
            "day": day.isoformat(),
            "edition": self.name,
            "first": self.start_date.isoformat(),
            "last": self.end_date.isoformat(),
            "zone": self.time_zone,
        }

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def days(self):
        from datetime import timedelta

        return [
            self.start_date + timedelta(days=i)
            for i in range((self.end_date - self.start_date).days + 1)
        ]


class FxRate(models.Model):
    """How many units of the edition's reporting currency one unit of ``currency`` is worth.

    One rate per currency per edition, fixed on a date. Reports convert with
    it; stored amounts keep their own currency and are never rewritten.
    """

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="fx_rates"
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    rate = models.DecimalField(
        _("rate"),
        max_digits=20,
        decimal_places=8,
        validators=[MinValueValidator(Decimal("0.00000001"))],
        help_text=_("Units of the reporting currency per one unit of this currency"),
    )
    fixed_on = models.DateField(_("fixed on"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "currency"], name="one_rate_per_currency")
        ]

    def __str__(self):
        return f"1 {self.currency} = {self.rate} {self.edition.reporting_currency}"


class PavilionKind(models.TextChoices):
    STANDALONE = "standalone", _("Stand-alone city pavilion")
    INTEGRATED = "integrated", _("Integrated pavilion")


class Pavilion(models.Model):
    """The agency's pavilion at an edition (e.g. Daejeon Pavilion at CES 2024)."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="pavilions"
    )
    name = models.CharField(_("name"), max_length=200)
    name_ko = models.CharField(_("Korean name"), max_length=200, blank=True)
    slug = models.SlugField(_("short name"))
    kind = models.CharField(
        _("kind"), max_length=16, choices=PavilionKind.choices, default=PavilionKind.STANDALONE
    )
    location = models.CharField(
        _("location"), max_length=200, blank=True, help_text=_("Hall and stand, e.g. Eureka Park")
    )
    width_m = models.DecimalField(
        _("width (m)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    depth_m = models.DecimalField(
        _("depth (m)"), max_digits=7, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("pavilion")
        verbose_name_plural = _("pavilions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="pavilion_slug_per_edition")
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        """The name in the page's language (Korean when there is one)."""
        if (get_language() or "").startswith("ko") and self.name_ko:
            return self.name_ko
        return self.name


class Booth(models.Model):
    """A booth in a pavilion, with its place on the floor plan (metres from the top-left)."""

    pavilion = models.ForeignKey(
        Pavilion, verbose_name=_("pavilion"), on_delete=models.CASCADE, related_name="booths"
    )
    number = models.CharField(_("booth number"), max_length=20)
    zone = models.CharField(_("zone"), max_length=50, blank=True)
    width_m = models.DecimalField(_("width (m)"), max_digits=6, decimal_places=2, default=3)
    depth_m = models.DecimalField(_("depth (m)"), max_digits=6, decimal_places=2, default=3)
    x_m = models.DecimalField(_("x (m)"), max_digits=7, decimal_places=2, default=0)
    y_m = models.DecimalField(_("y (m)"), max_digits=7, decimal_places=2, default=0)
    shared = models.BooleanField(
        _("may be shared"), default=False, help_text=_("Several companies may share this booth")
    )

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["pavilion", "number"], name="booth_number_per_pavilion")
        ]

    def __str__(self):
        return self.number
