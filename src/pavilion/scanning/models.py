"""Badges, scanning devices, scans and booth leads (see services.py for the writes).

A Badge is one visitor of one edition: either one of ours (its code is an
opaque random token printed as a QR code) or the show's own badge, whose
code is stored exactly as the scanner read it. A Scan is one read of a badge
by a device; (device, nonce) is unique so a retried upload is the same scan.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from pavilion.accounts.models import hash_secret

# Our badge codes start with this, so a mistyped one of ours is refused instead
# of being taken for a show badge.
BADGE_PREFIX = "PVB1-"


def new_badge_code() -> str:
    # 128 random bits: unguessable, and carries nothing about the person.
    return BADGE_PREFIX + secrets.token_urlsafe(16)


hash_device_key = hash_secret  # device keys are stored like API tokens


class BadgeKind(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    INVESTOR = "investor", _("Investor")
    PRESS = "press", _("Press")
    VISITOR = "visitor", _("Visitor")


class Badge(models.Model):
    edition = models.ForeignKey(
        "shows.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="badges"
    )
    code = models.CharField(_("badge code"), max_length=200)
    external = models.BooleanField(
        _("show badge"), default=False, help_text=_("Read from the show's own badge")
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    company_name = models.CharField(_("company"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    country = CountryField(_("country"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=BadgeKind.choices, default=BadgeKind.VISITOR
    )
    contact = models.ForeignKey(
        "partners.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="badges",
    )
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="badge_code_per_edition")
        ]

    def __str__(self):
        return self.name or self.code[:12]


class ScanPlace(models.TextChoices):
    ENTRANCE = "entrance", _("Pavilion entrance")
    BOOTH = "booth", _("Booth")


class ScanDevice(models.Model):
    """A phone registered to scan badges. Booth devices belong to a company and make leads.

    Only a hash of its key is stored; the key is shown once, at registration.
    """

    PREFIX = "pvd_"

    edition = models.ForeignKey(
        "shows.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="scan_devices",
    )
    name = models.CharField(_("name"), max_length=100)
    place = models.CharField(_("place"), max_length=16, choices=ScanPlace.choices)
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scan_devices",
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("scanning device")
        verbose_name_plural = _("scanning devices")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class Scan(models.Model):
    # No single-column indexes on device and edition: the (device, nonce) and
    # (edition, badge) indexes below serve those lookups, and every index is
    # one more write per scan on the show floor's busiest table.
    device = models.ForeignKey(
        ScanDevice,
        verbose_name=_("device"),
        on_delete=models.CASCADE,
        related_name="scans",
        db_index=False,
    )
    # Copied from the device so counts need no join.
    edition = models.ForeignKey(
        "shows.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    badge = models.ForeignKey(
        Badge, verbose_name=_("badge"), on_delete=models.CASCADE, related_name="scans"
    )
    nonce = models.CharField(_("client nonce"), max_length=64)
    scanned_at = models.DateTimeField(_("scanned at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        constraints = [
            models.UniqueConstraint(fields=["device", "nonce"], name="scan_nonce_per_device")
        ]
        indexes = [models.Index(fields=["edition", "badge"])]

    def __str__(self):
        return f"{self.badge} @ {self.device}"


class Interest(models.TextChoices):
    EXPORT = "export", pgettext_lazy("lead interest", "Export")
    INVESTMENT = "investment", _("Investment")
    PARTNERSHIP = "partnership", _("Partnership")


class Lead(models.Model):
    """A visitor met at a company's booth: one per company and badge, however often scanned."""

    edition = models.ForeignKey(
        "shows.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="leads"
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="leads",
    )
    badge = models.ForeignKey(
        Badge, verbose_name=_("visitor"), on_delete=models.CASCADE, related_name="leads"
    )
    met_at = models.DateTimeField(_("met at"))
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    interest = models.CharField(_("interest"), max_length=16, choices=Interest.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    consultation = models.OneToOneField(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lead",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-met_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["company", "badge"], name="lead_per_company_badge")
        ]

    def __str__(self):
        return f"{self.badge} → {self.company}"
