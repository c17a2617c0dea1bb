"""Frozen reports: an edition's figures as they stood on a date, never changed after."""

import hashlib
import json

from django.conf import settings
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
