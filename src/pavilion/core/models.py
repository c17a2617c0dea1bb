"""Cross-cutting records: the audit trail every service writes to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One write done by a service: who did what to which record, and when.

    Services call :func:`pavilion.core.audit.record` inside their transaction,
    so an entry exists exactly when the change was committed.
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("record type"), max_length=80)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class ImportRun(models.Model):
    """One run of a spreadsheet import, done by the background worker.

    Large files take longer than a web request may; the page shows the run's
    progress and, once done, its outcome (``result``: every row's action or
    every problem found). A dry run is the preview; the real run writes all
    rows or none.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("records"), max_length=40)
    filename = models.CharField(_("file"), max_length=255)
    upload = models.CharField(max_length=32, editable=False)  # the stored file's token
    dry_run = models.BooleanField(_("preview only"), default=True)
    # The importer's language when they started it: the stored messages are shown as is.
    language = models.CharField(max_length=8, default="en", editable=False)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The file's SHA-256: the same file confirmed twice is one import.
    digest = models.CharField(max_length=64, blank=True, editable=False)
    # The preview a real run confirms: a preview is confirmed once.
    preview = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="confirmation",
        editable=False,
    )

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        constraints = [
            # Enforced by the database, so fifty concurrent confirms still make
            # one import; a failed run (nothing written) may be tried again.
            models.UniqueConstraint(
                fields=["organisation", "kind", "digest"],
                condition=models.Q(dry_run=False)
                & ~models.Q(state="failed")
                & ~models.Q(digest=""),
                name="import_run_once_per_file",
            )
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.kind} {self.filename} ({self.state})"
