"""Partners: buyer and investor organisations and their contacts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class PartnerKind(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    DISTRIBUTOR = "distributor", _("Distributor")
    VC = "vc", _("Venture capital")
    CVC = "cvc", _("Corporate venture capital")
    CORPORATE = "corporate", _("Corporate")
    PUBLIC = "public", _("Public body")


INVESTOR_KINDS = (PartnerKind.VC, PartnerKind.CVC)


class Partner(models.Model):
    """A buyer or investor organisation the agency works with.

    Natural key within an organisation: name + country (re-imports update).
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="partners",
    )
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    kind = models.CharField(_("kind"), max_length=16, choices=PartnerKind.choices)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    sectors = models.ManyToManyField(
        "companies.Sector", verbose_name=_("sectors of interest"), blank=True
    )
    interests = models.TextField(
        _("looking for"), blank=True, help_text=_("What they look for: products, markets, deals")
    )
    internal_notes = models.TextField(_("internal notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("buyer or investor")
        verbose_name_plural = _("buyers and investors")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name", "country"], name="partner_name_country_per_org"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.country.code})" if self.country else self.name

    @property
    def is_investor(self):
        return self.kind in INVESTOR_KINDS


class Contact(models.Model):
    """A person at a partner. May have a login (then they act for the partner)."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact",
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]

    def __str__(self):
        return self.name
