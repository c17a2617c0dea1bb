"""Frozen reports: an edition's figures as they stood on a date, never changed after."""

import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def content_hash(figures: dict) -> str:
    canonical = json.dumps(figures, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class ReportSnapshot(models.Model):
    """The official report of an edition, frozen (e.g. for the results-sharing meeting).

    The figures are stored as computed, with a hash of their content; a
    snapshot is never updated, so what was reported stays what was reported.
    """

    edition = models.ForeignKey(
        "shows.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    figures = models.JSONField(_("figures"))
    sha256 = models.CharField(_("content hash"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("frozen report")
        verbose_name_plural = _("frozen reports")
        ordering = ["-frozen_at", "-id"]

    def __str__(self):
        return f"{self.title} ({self.frozen_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A frozen report is never changed.")
        self.sha256 = content_hash(self.figures)
        super().save(*args, **kwargs)

    def is_intact(self) -> bool:
        return content_hash(self.figures) == self.sha256


def _krw(verbose_name, help_text=""):
    return models.DecimalField(
        verbose_name,
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=help_text,
    )


def _count(verbose_name):
    return models.PositiveIntegerField(verbose_name, null=True, blank=True)


class EditionPlan(models.Model):
    """An edition's targets (목표) and budget lines (예산, KRW), set by its operators.

    The report compares its figures with the targets (목표 대비 실적) and
    divides by the budget (cost per consultation, consultation amount per
    won spent). A target left empty is not reported; frozen reports keep
    the targets as they stood when frozen.
    """

    edition = models.OneToOneField(
        "shows.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="plan"
    )
    target_consultations = _count(_("target: consultations"))
    target_consultation_amount = _krw(_("target: consultation amount (KRW)"))
    target_pursued_amount = _krw(_("target: contract-pursued amount (KRW)"))
    target_onsite_contracts = _count(_("target: on-site contracts"))
    target_mous = _count(_("target: MoUs"))
    target_visitors = _count(_("target: visitors"))
    target_satisfaction = models.DecimalField(
        _("target: satisfaction (1–5)"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(5))],
    )
    budget_booth = _krw(_("booth rental and build (KRW)"))
    budget_travel = _krw(_("travel support (KRW)"))
    budget_promotion = _krw(_("promotion (KRW)"))
    budget_other = _krw(_("other costs (KRW)"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("targets and budget")
        verbose_name_plural = _("targets and budgets")

    def __str__(self):
        return str(self.edition)

    @property
    def budget_total(self) -> Decimal | None:
        lines = [getattr(self, name) for name in BUDGET_FIELDS]
        if all(v is None for v in lines):
            return None
        return sum((v for v in lines if v is not None), Decimal(0))


# Target field → the report figure it is compared with, and which measure.
TARGET_FIELDS = {
    "target_consultations": ("consultations", "count"),
    "target_consultation_amount": ("consultations", "amount"),
    "target_pursued_amount": ("pursued", "amount"),
    "target_onsite_contracts": ("onsite_contract", "count"),
    "target_mous": ("mou", "count"),
    "target_visitors": ("visitors", "count"),
    "target_satisfaction": ("satisfaction", "amount"),
}
BUDGET_FIELDS = ("budget_booth", "budget_travel", "budget_promotion", "budget_other")
