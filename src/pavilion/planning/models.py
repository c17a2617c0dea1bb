"""Planning an edition: the call for participation, reviews and decisions, and the
show's exhibitor list matched against the organisation's companies.

Who reviews: every operator of the organisation, and officials the operator
invites as reviewers of a call. Nobody reviews an application they declared
(or were marked with) a conflict of interest on.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pavilion.accounts.models import LANGUAGE_CHOICES


class CallForParticipation(models.Model):
    """The call for companies to apply for an edition's pavilion (one per edition)."""

    edition = models.OneToOneField(
        "shows.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="cfp"
    )
    pavilion = models.ForeignKey(
        "shows.Pavilion",
        verbose_name=_("pavilion"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Selected companies join this pavilion"),
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens"))
    deadline = models.DateTimeField(_("deadline for applications"))
    review_deadline = models.DateTimeField(_("deadline for reviews"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity (booths)"),
        validators=[MinValueValidator(1)],
        help_text=_("How many companies can be selected"),
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited reviewers"),
        blank=True,
        related_name="reviewing_calls",
        help_text=_("Officials who review; operators always may"),
    )

    class Meta:
        verbose_name = _("call for participation")
        verbose_name_plural = _("calls for participation")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("opens_at")), name="cfp_deadline_after_opening"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def organisation_id(self):
        return self.edition.show.organisation_id

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.deadline


class Criterion(models.Model):
    """One criterion of the call's rubric, scored 0..max_score, counted with its weight."""

    cfp = models.ForeignKey(
        CallForParticipation,
        verbose_name=_("call for participation"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    name_en = models.CharField(_("English name"), max_length=200)
    name_ko = models.CharField(_("Korean name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0.01)],
    )
    max_score = models.PositiveSmallIntegerField(
        _("highest score"), default=5, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        if (get_language() or "").startswith("ko") and self.name_ko:
            return self.name_ko
        return self.name_en


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Decision(models.TextChoices):
    PENDING = "pending", _("Not decided")
    ACCEPTED = "accepted", _("Selected")
    WAITLISTED = "waitlisted", _("Waiting list")
    REJECTED = "rejected", _("Not selected")


class Application(models.Model):
    """A company's application to the call: product, markets, what it seeks."""

    cfp = models.ForeignKey(
        CallForParticipation,
        verbose_name=_("call for participation"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    product = models.CharField(_("product"), max_length=200)
    pitch = models.TextField(_("what the product does"), blank=True)
    target_markets = models.CharField(
        _("target markets"), max_length=300, blank=True, help_text=_("e.g. US, Canada, Germany")
    )
    seeks_buyers = models.BooleanField(_("seeks buyers"), default=False)
    seeks_investors = models.BooleanField(_("seeks investors"), default=False)
    seeks_partners = models.BooleanField(_("seeks partners"), default=False)
    award_entry = models.BooleanField(_("enters the innovation awards"), default=False)
    booth_area_m2 = models.DecimalField(
        _("booth area needed (m²)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    state = models.CharField(
        _("state"), max_length=16, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    decision = models.CharField(
        _("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    notified_at = models.DateTimeField(_("decision sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["cfp", "company__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["cfp", "company"], name="one_application_per_company")
        ]

    def __str__(self):
        return f"{self.company} · {self.product}"

    @property
    def seeks(self) -> list:
        return [
            label
            for flag, label in (
                (self.seeks_buyers, _("buyers")),
                (self.seeks_investors, _("investors")),
                (self.seeks_partners, _("partners")),
                (self.award_entry, _("award entry")),
            )
            if flag
        ]


class ConflictOfInterest(models.Model):
    """A reviewer who must not see or score an application (own company, relative, investor…)."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="conflicts",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="review_conflicts",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_conflict_per_reviewer"
            )
        ]

    def __str__(self):
        return f"{self.reviewer} ⟂ {self.application}"


class Review(models.Model):
    """One reviewer's scores of one application."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_review_each")
        ]

    def __str__(self):
        return f"{self.reviewer} → {self.application}"


class Score(models.Model):
    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    value = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class MatchState(models.TextChoices):
    NONE = "none", _("Not one of ours")
    UNCERTAIN = "uncertain", _("To review")
    MATCHED = "matched", _("Matched")
    REJECTED = "rejected", _("Rejected by a reviewer")


class ExhibitorListEntry(models.Model):
    """One exhibitor from the show's own exhibitor list, matched to our companies."""

    edition = models.ForeignKey(
        "shows.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("exhibitor name"), max_length=200)
    business_registration_number = models.CharField(
        _("business registration number"), max_length=10, blank=True
    )
    country = models.CharField(_("country"), max_length=100, blank=True)
    booth_label = models.CharField(_("stand at the show"), max_length=100, blank=True)
    website = models.CharField(_("website"), max_length=300, blank=True)
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    match_state = models.CharField(
        _("match"), max_length=16, choices=MatchState.choices, default=MatchState.NONE
    )
    match_score = models.FloatField(_("similarity"), default=0)
    match_reason = models.CharField(_("why"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("exhibitor-list entry")
        verbose_name_plural = _("exhibitor-list entries")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "name", "booth_label"], name="one_entry_per_exhibitor"
            )
        ]

    def __str__(self):
        return self.name


class InvitationState(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Invitation(models.Model):
    """An invitation to a company exhibiting elsewhere to join the integrated pavilion."""

    edition = models.ForeignKey(
        "shows.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    pavilion = models.ForeignKey(
        "shows.Pavilion", verbose_name=_("pavilion"), on_delete=models.CASCADE, related_name="+"
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="pavilion_invitations",
    )
    entry = models.ForeignKey(
        ExhibitorListEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=InvitationState.choices, default=InvitationState.SENT
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "company"], name="one_invitation_each")
        ]

    def __str__(self):
        return f"{self.company} → {self.pavilion}"


class CompanySignUp(models.Model):
    """A company without an account that applies from the public page, before
    its e-mail address is verified.

    Nothing else exists until the applicant follows the link e-mailed to
    them: then the account, the company (or a request to join the company
    with the same registration number) and the draft application are created
    together, in one transaction. The password is kept only as its hash.
    """

    cfp = models.ForeignKey(
        CallForParticipation,
        verbose_name=_("call for participation"),
        on_delete=models.CASCADE,
        related_name="sign_ups",
    )
    applicant_name = models.CharField(_("your name"), max_length=150)
    email = models.EmailField(_("email"))
    password_hash = models.CharField(max_length=256, editable=False)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES, default="ko")
    name_ko = models.CharField(_("Korean name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    business_registration_number = models.CharField(
        _("business registration number"), max_length=10
    )
    application = models.JSONField(_("application"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    verified_at = models.DateTimeField(_("e-mail verified"), null=True, blank=True)

    class Meta:
        verbose_name = _("company sign-up")
        verbose_name_plural = _("company sign-ups")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name_en} <{self.email}>"
