"""The outbox (every e-mail Pavilion sends, with its state) and what each person turned off."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped (turned off)")


class OutboxMessage(models.Model):
    """One e-mail to one recipient, rendered in their language when it was queued.

    The worker sends it (:func:`pavilion.notifications.services.deliver`); a
    failure keeps the error and schedules a retry with backoff until the
    attempts run out (state *failed*; an operator can resend it).
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("caused by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to_email = models.EmailField(_("to"), max_length=254)
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML"), blank=True)
    # [{"filename", "mimetype", "content" (base64)}]: small files such as an agenda's ICS.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=OutboxState.choices, default=OutboxState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # When the worker may (re)try. Also a lease: a worker that takes the message
    # moves it into the future, so a second worker leaves it alone.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # Makes a mail idempotent: at most one message per key (e.g. one reminder a person a day).
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self):
        return f"{self.kind} → {self.to_email} ({self.state})"

    @property
    def kind_label(self):
        from pavilion.notifications.kinds import get_kind

        return get_kind(self.kind).label


class MutedKind(models.Model):
    """A kind of optional e-mail a person turned off (absent: they get it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_kinds"
    )
    kind = models.CharField(_("kind"), max_length=40)

    class Meta:
        verbose_name = _("turned-off notification")
        verbose_name_plural = _("turned-off notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="mute_kind_once_per_user")
        ]

    def __str__(self):
        return f"{self.user}: {self.kind}"
