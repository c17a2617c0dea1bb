"""The pitching stage: stages of an edition and the companies' sessions on them."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Stage(models.Model):
    edition = models.ForeignKey(
        "shows.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="stages"
    )
    name = models.CharField(_("name"), max_length=100)
    location = models.CharField(_("location"), max_length=200, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("pitching stage", "stage")
        verbose_name_plural = pgettext_lazy("pitching stage", "stages")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="stage_name_per_edition")
        ]

    def __str__(self):
        return self.name


class PitchLanguage(models.TextChoices):
    EN = "en", _("English")
    KO = "ko", _("Korean")
    OTHER = "other", _("Other")


class PitchSession(models.Model):
    """A company's pitch on a stage. While on stage, the company cannot meet anyone."""

    stage = models.ForeignKey(
        Stage,
        verbose_name=pgettext_lazy("pitching stage", "stage"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="pitch_sessions",
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(
        _("language"), max_length=8, choices=PitchLanguage.choices, default=PitchLanguage.EN
    )
    presenter = models.CharField(_("presenter"), max_length=100, blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    consultations = models.ManyToManyField(
        "consultations.Consultation",
        verbose_name=_("consultations that came from it"),
        blank=True,
        related_name="pitch_sessions",
    )

    class Meta:
        verbose_name = _("pitch session")
        verbose_name_plural = _("pitch sessions")
        ordering = ["start", "stage__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="pitch_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.start:%Y-%m-%d %H:%M} {self.company}: {self.title}"
