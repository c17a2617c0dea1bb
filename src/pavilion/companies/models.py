"""Company → Participation (company × edition) → Award; sectors."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from pavilion.companies import brn


def brn_problem(exc: brn.InvalidBRN) -> str:
    """What is wrong with a business registration number, in the current language."""
    messages = {
        "digits": _("must be 10 digits, e.g. 123-45-67890"),
        "check_digit": _("check digit does not match: not a valid business registration number"),
    }
    return str(messages.get(exc.code, str(exc)))


def validate_brn(value):
    try:
        brn.normalise(value)
    except brn.InvalidBRN as exc:
        raise ValidationError(
            _("%(value)s is not a valid business registration number: %(reason)s"),
            params={"value": value, "reason": brn_problem(exc)},
        ) from exc


class Sector(models.Model):
    """A sector of activity (bio, quantum, satellites…), shared reference data."""

    slug = models.SlugField(_("code"), unique=True)
    name_en = models.CharField(_("English name"), max_length=100)
    name_ko = models.CharField(_("Korean name"), max_length=100)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name_en"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_ko if (get_language() or "").startswith("ko") else self.name_en


class ListingStatus(models.TextChoices):
    UNLISTED = "unlisted", _("Not listed")
    KONEX = "konex", _("KONEX")
    KOSDAQ = "kosdaq", _("KOSDAQ")
    KOSPI = "kospi", _("KOSPI")
    OVERSEAS = "overseas", _("Listed abroad")


class PartnerWish(models.TextChoices):
    """The kind of buyer or investor a company wants to meet (recommendations use it)."""

    SALES = "sales", _("Buyers and distributors (sales, export)")
    INVESTMENT = "investment", _("Investors")
    BOTH = "both", _("Both sales partners and investors")


class Company(models.Model):
    """A startup or SME that exhibits in the organisation's pavilions.

    Public profile fields are shown to buyers and investors; ``private``
    fields (registration number, contact details, internal notes) only to the
    company's own members and the organisation's staff.
    """

    PUBLIC_FIELDS = (
        "name_ko",
        "name_en",
        "region",
        "sectors",
        "listing_status",
        "website",
        "description_en",
        "description_ko",
        "founded_year",
    )

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="companies",
    )
    name_ko = models.CharField(_("Korean name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    business_registration_number = models.CharField(
        _("business registration number"),
        max_length=10,
        validators=[validate_brn],
        help_text=_("10 digits, e.g. 123-45-67890"),
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="companies"
    )
    listing_status = models.CharField(
        _("listing status"),
        max_length=16,
        choices=ListingStatus.choices,
        default=ListingStatus.UNLISTED,
    )
    website = models.URLField(_("website"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    founded_year = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    seeks = models.CharField(
        _("looking for"),
        max_length=16,
        choices=PartnerWish.choices,
        blank=True,
        help_text=_("The kind of partner the company wants to meet at the shows; empty: any."),
    )
    target_markets = CountryField(
        _("target markets"),
        multiple=True,
        blank=True,
        help_text=_("The countries where the company wants to sell or raise money."),
    )
    # private
    ceo_name = models.CharField(_("CEO"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    internal_notes = models.TextField(_("internal notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "business_registration_number"],
                name="company_brn_per_org",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        if (get_language() or "").startswith("ko") and self.name_ko:
            return self.name_ko
        return self.name_en or self.name_ko

    @property
    def description(self):
        if (get_language() or "").startswith("ko") and self.description_ko:
            return self.description_ko
        return self.description_en or self.description_ko

    @property
    def brn_display(self):
        return brn.format_brn(self.business_registration_number)

    def clean(self):
        if self.business_registration_number:
            try:
                self.business_registration_number = brn.normalise(self.business_registration_number)
            except brn.InvalidBRN as exc:
                raise ValidationError({"business_registration_number": brn_problem(exc)}) from exc


class ParticipationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SELECTED = "selected", _("Selected")
    CONFIRMED = "confirmed", _("Confirmed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Participation(models.Model):
    """A company's participation in one edition, in one of the organisation's pavilions."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="participations"
    )
    edition = models.ForeignKey(
        "shows.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    pavilion = models.ForeignKey(
        "shows.Pavilion",
        verbose_name=_("pavilion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.APPLIED,
    )
    booth = models.ForeignKey(
        "shows.Booth",
        verbose_name=_("booth"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["edition", "company__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["company", "edition"], name="one_participation")
        ]

    def __str__(self):
        return f"{self.company} @ {self.edition}"

    def clean(self):
        errors = {}
        if self.pavilion_id and self.edition_id and self.pavilion.edition_id != self.edition_id:
            errors["pavilion"] = _("The pavilion belongs to another edition.")
        if self.booth_id:
            if not self.pavilion_id:
                errors["booth"] = _("Choose the pavilion before the booth.")
            elif self.booth.pavilion_id != self.pavilion_id:
                errors["booth"] = _("The booth is in another pavilion.")
        if (
            self.company_id
            and self.edition_id
            and self.company.organisation_id != self.edition.show.organisation_id
        ):
            errors["company"] = _("The company belongs to another organisation.")
        if errors:
            raise ValidationError(errors)


class AwardKind(models.TextChoices):
    HONOREE = "honoree", _("Innovation Award honoree")
    BEST_OF_INNOVATION = "best", _("Best of Innovation")


class Award(models.Model):
    """An innovation award won by a participating company at the edition."""

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="awards",
    )
    programme = models.CharField(
        _("award programme"), max_length=100, default="CES Innovation Awards"
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=AwardKind.choices, default=AwardKind.HONOREE
    )
    category = models.CharField(_("category"), max_length=100)
    product = models.CharField(_("product"), max_length=200)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["participation", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "category", "product"], name="award_once_per_product"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.product} ({self.category})"


class JoinRequestState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class JoinRequest(models.Model):
    """A person who signed up with the registration number of a company that
    already exists asks to join it (never a second company with that number).

    A member of the company or one of the organisation's operators approves
    (the person becomes a member) or declines.
    """

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("applicant"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=JoinRequestState.choices,
        default=JoinRequestState.PENDING,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("request to join a company")
        verbose_name_plural = _("requests to join a company")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "user"],
                condition=models.Q(state="pending"),
                name="one_pending_join_request",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.company}"
