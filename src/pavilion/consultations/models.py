"""Consultations (상담) between companies and buyers/investors, their follow-ups,
post-show follow-up rounds, visitor headcount tallies and the company survey.

Amounts are Decimals in their own currency; reports convert them with the
edition's FX rates at read time, so changing a rate never rewrites a record.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pavilion.core.money import CURRENCY_CHOICES


class ConsultationKind(models.TextChoices):
    EXPORT = "export", _("Export / purchase")
    INVESTMENT = "investment", _("Investment")
    MNA = "mna", _("M&A")
    TECHNOLOGY = "technology", _("Technology partnership")
    DISTRIBUTION = "distribution", _("Distribution")
    OTHER = "other", _("Other")


class Stage(models.TextChoices):
    """The deal funnel. Order matters: each stage is further than the one before."""

    CONSULTED = "consulted", _("Consulted")
    FOLLOW_UP = "follow_up", _("Follow-up")
    NEGOTIATING = "negotiating", _("Negotiating")
    MOU = "mou", _("MoU signed")
    CONTRACT = "contract", _("Contract signed")
    LOST = "lost", _("Lost")


# Funnel order of the live stages (LOST is off the funnel).
FUNNEL = [Stage.CONSULTED, Stage.FOLLOW_UP, Stage.NEGOTIATING, Stage.MOU, Stage.CONTRACT]


def stages_from(stage: str) -> list[str]:
    """The live stages at or beyond ``stage`` (e.g. negotiating → negotiating, MoU, contract)."""
    return [s.value for s in FUNNEL[FUNNEL.index(Stage(stage)) :]]


class Source(models.TextChoices):
    MEETING = "meeting", _("Scheduled meeting")
    BOOTH_LEAD = "booth_lead", _("Booth lead")
    WALK_IN = "walk_in", _("Walk-in")
    PITCH = "pitch", _("Pitching stage")
    OTHER = "other", _("Other")


class Consultation(models.Model):
    """One business consultation between a company and a buyer or investor at an edition."""

    edition = models.ForeignKey(
        "shows.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="consultations",
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="consultations",
    )
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("buyer or investor"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    contact = models.ForeignKey(
        "partners.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    occurred_at = models.DateTimeField(_("date and time"))
    kind = models.CharField(_("kind"), max_length=16, choices=ConsultationKind.choices)
    amount = models.DecimalField(
        _("estimated amount"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("The amount discussed, in the currency below; leave empty if unknown"),
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.CONSULTED
    )
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.WALK_IN
    )
    notes = models.TextField(_("notes"), blank=True)
    # Set when the deal reaches MoU / contract: the date decides whether it
    # counts as signed at the show (현장계약) or after it (후속 실적).
    mou_signed_on = models.DateField(_("MoU signed on"), null=True, blank=True)
    contract_signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["edition", "stage"]),
            models.Index(fields=["edition", "company"]),
        ]
        constraints = [
            # The natural key imports use: the database refuses a second copy,
            # so concurrent imports (or a double confirm) cannot duplicate.
            models.UniqueConstraint(
                fields=["edition", "company", "partner", "occurred_at", "kind"],
                name="consultation_natural_key",
            )
        ]

    def __str__(self):
        return f"{self.company} × {self.partner} ({self.get_kind_display()})"


class FollowUpKind(models.TextChoices):
    CALL = "call", _("Call")
    MEETING = "meeting", _("Meeting")
    VISIT = "visit", _("Visit")
    EMAIL = "email", _("Email")
    MOU_SIGNED = "mou_signed", _("MoU signed")
    CONTRACT_SIGNED = "contract_signed", _("Contract signed")
    ROUND_ANSWER = "round_answer", _("Follow-up round answer")


class FollowUp(models.Model):
    """A dated step after a consultation. The full history is kept; the
    consultation holds the current stage and amount."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=FollowUpKind.choices)
    outcome = models.TextField(_("outcome"), blank=True)
    stage_before = models.CharField(_("stage before"), max_length=16, choices=Stage.choices)
    stage_after = models.CharField(_("stage after"), max_length=16, choices=Stage.choices)
    amount_before = models.DecimalField(
        _("amount before"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(
        _("updated amount"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    round = models.ForeignKey(
        "consultations.FollowUpRound",
        verbose_name=_("follow-up round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"


class FollowUpRound(models.Model):
    """A scheduled check-in after the show (by default 1, 3, 6 and 12 months)."""

    edition = models.ForeignKey(
        "shows.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="follow_up_rounds",
    )
    months_after = models.PositiveSmallIntegerField(_("months after the show"))
    due_on = models.DateField(_("due on"))
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up round")
        verbose_name_plural = _("follow-up rounds")
        ordering = ["edition", "months_after"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "months_after"], name="one_round_per_month")
        ]

    def __str__(self):
        return _("%(months)s-month follow-up") % {"months": self.months_after}


class FollowUpTask(models.Model):
    """A company's task in a round: update the stage and realised amounts of its consultations."""

    round = models.ForeignKey(
        FollowUpRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="tasks"
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="follow_up_tasks",
    )
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        constraints = [
            models.UniqueConstraint(fields=["round", "company"], name="one_task_per_company")
        ]

    def __str__(self):
        return f"{self.round}: {self.company}"


class Tally(models.Model):
    """A manual headcount of visitors at a place on a day (for visitors not scanned)."""

    edition = models.ForeignKey(
        "shows.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="tallies"
    )
    day = models.DateField(_("day"))
    place = models.CharField(_("place"), max_length=100, help_text=_("e.g. pavilion entrance"))
    count = models.PositiveIntegerField(_("visitors counted"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("visitor tally")
        verbose_name_plural = _("visitor tallies")
        ordering = ["day", "place"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "day", "place"], name="one_tally_per_place")
        ]

    def __str__(self):
        return f"{self.day} {self.place}: {self.count}"


class SurveyResponse(models.Model):
    """A participating company's post-show satisfaction answer (1–5)."""

    participation = models.OneToOneField(
        "companies.Participation",
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="survey_response",
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("overall satisfaction"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    would_return = models.BooleanField(_("would take part again"), null=True, blank=True)
    comments = models.TextField(_("comments"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self):
        return f"{self.participation}: {self.satisfaction}/5"
