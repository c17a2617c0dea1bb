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


class PartnerStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PENDING = "pending", _("Waiting for approval")
    DECLINED = "declined", _("Declined")


class ActivePartnerManager(models.Manager):
    """The default manager: only active partners. A buyer or investor who
    registered on the public page and is not yet approved (or was declined)
    must not appear in the catalogue, recommendations, reports, the API or an
    import's matching, so every ``Partner.objects`` query leaves them out; the
    operators' registration queue alone reads ``Partner.registrations``."""

    def get_queryset(self):
        return super().get_queryset().filter(status=PartnerStatus.ACTIVE)


class ActiveContactManager(models.Manager):
    """Contacts of active partners only (see :class:`ActivePartnerManager`)."""

    def get_queryset(self):
        return super().get_queryset().filter(partner__status=PartnerStatus.ACTIVE)


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
    status = models.CharField(
        _("status"), max_length=16, choices=PartnerStatus.choices, default=PartnerStatus.ACTIVE
    )
    registered_for = models.ForeignKey(
        "shows.Edition",
        verbose_name=_("registered for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The edition whose public page the partner registered on"),
    )
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    registration_language = models.CharField(_("language"), max_length=8, blank=True)

    # Every partner, pending and declined included: the registration queue only.
    registrations = models.Manager()
    objects = ActivePartnerManager()

    class Meta:
        verbose_name = _("buyer or investor")
        verbose_name_plural = _("buyers and investors")
        ordering = ["name"]
        # ``objects`` (active only) is the default manager; related lookups
        # that must reach every partner (a contact's partner) use the base one.
        default_manager_name = "objects"
        base_manager_name = "registrations"
        constraints = [
            # Registrations may repeat an active partner's name until an
            # operator merges or declines them.
            models.UniqueConstraint(
                fields=["organisation", "name", "country"],
                condition=models.Q(status="active"),
                name="partner_name_country_per_org",
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

    all_contacts = models.Manager()
    objects = ActiveContactManager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]
        default_manager_name = "objects"
        base_manager_name = "all_contacts"

    def __str__(self):
        return self.name
