"""E-mail: queue a message in the recipient's language, send it from the worker, retry.

The one entry point for every part of Pavilion is :func:`send_email`. It never
talks to the mail server: it renders and stores an :class:`OutboxMessage` and,
once the caller's transaction commits, asks the background worker to send it
(:func:`deliver`). So a slow or failing mail server never fails a page; the
message keeps the error and is retried with backoff.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template import Context, TemplateDoesNotExist, engines
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from pavilion.core import audit
from pavilion.notifications import rules
from pavilion.notifications.kinds import get_kind, optional_kinds
from pavilion.notifications.models import MutedKind, OutboxMessage, OutboxState

logger = logging.getLogger(__name__)

# A worker holds a message this long while it talks to the mail server; if it dies,
# another worker takes the message after the lease.
LEASE = timedelta(minutes=10)


def site_url(path: str = "", base: str | None = None) -> str:
    """An absolute URL on this site (``PAVILION_SITE_URL``, or ``base`` when a page
    passes the address it was reached at), for links in e-mails."""
    return (base or settings.PAVILION_SITE_URL).rstrip("/") + path


def retry_delays() -> tuple[int, ...]:
    """Seconds to wait before each retry; one attempt more than delays, then *failed*."""
    return tuple(settings.PAVILION_EMAIL_RETRY_DELAYS)


def is_muted(user, kind: str) -> bool:
    """Whether ``user`` turned off this kind of e-mail (required kinds never are)."""
    if user is None or not get_kind(kind).optional:
        return False
    return MutedKind.objects.filter(user=user, kind=kind).exists()


def _language_of(user, language: str | None) -> str:
    known = {code for code, _name in settings.LANGUAGES}
    for candidate in (getattr(user, "language", None), language):
        if candidate in known:
            return candidate
    return settings.LANGUAGE_CODE


def _render_text(template: str, context: dict) -> str:
    # Plain text is not HTML: no escaping of "&" or quotes in names.
    compiled = engines["django"].engine.get_template(f"{template}.txt")
    return compiled.render(Context(context, autoescape=False)).strip() + "\n"


def _render_html(template: str, context: dict) -> str:
    try:
        return render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:
        return ""


def _attachment_rows(attachments: Iterable) -> list[dict]:
    rows = []
    for filename, content, mimetype in attachments:
        data = content.encode() if isinstance(content, str) else bytes(content)
        rows.append(
            {
                "filename": filename,
                "mimetype": mimetype or "application/octet-stream",
                "content": base64.b64encode(data).decode("ascii"),
            }
        )
    return rows


def send_email(
    *,
    to,
    kind: str,
    subject,
    template: str,
    context: dict,
    language: str | None = None,
    attachments: Iterable[tuple[str, bytes | str, str]] = (),
    actor=None,
    organisation=None,
    dedupe_key: str | None = None,
) -> OutboxMessage:
    """Queue one e-mail to one person; the worker sends it after the transaction commits.

    - ``to``: a User (their address and language) or an e-mail address.
    - ``kind``: a code from :mod:`pavilion.notifications.kinds` (an unregistered code
      counts as required). An optional kind the user turned off is stored with state
      *skipped* and never sent.
    - ``subject``: a translatable string (``gettext_lazy``), translated in the
      recipient's language; ``%(name)s`` placeholders are filled from ``context``.
    - ``template``: a name without extension: ``<template>.txt`` is required (rendered
      without HTML escaping), ``<template>.html`` is optional. Both are rendered in the
      recipient's language — ``to.language``, else ``language``, else the site's default
      — with ``context`` plus ``site_url``, ``recipient``, ``language`` and
      ``preferences_url`` (the page to turn optional kinds off, as an absolute URL).
    - ``attachments``: ``(filename, content, mimetype)`` tuples; small files only.
    - ``organisation``: whose outbox shows the message; defaults to the recipient's,
      else the actor's organisation.
    - ``dedupe_key``: at most one message per key, ever (e.g. ``reminder:<user>:<day>``):
      a second call returns the first message and sends nothing.

    Returns the stored message. Side effects: one OutboxMessage; a send task queued on
    commit (the database worker, or at once with the test settings' immediate backend).
    """
    user = to if hasattr(to, "email") and hasattr(to, "pk") else None
    address = (user.email if user else str(to or "")).strip()
    if dedupe_key and (existing := OutboxMessage.objects.filter(dedupe_key=dedupe_key).first()):
        return existing
    lang = _language_of(user, language)
    if organisation is None:
        organisation_id = getattr(user, "organisation_id", None) or getattr(
            actor, "organisation_id", None
        )
    else:
        organisation_id = getattr(organisation, "pk", organisation)
    with translation.override(lang):
        full_context = {
            **context,
            "site_url": site_url(),
            "recipient": user,
            "language": lang,
            "preferences_url": site_url("/notifications/settings/"),
            "optional": get_kind(kind).optional,
        }
        subject_text = str(subject)
        if "%(" in subject_text:
            subject_text = subject_text % full_context
        subject_text = " ".join(subject_text.split())[:300]
        body = _render_text(template, full_context)
        html = _render_html(template, full_context)
    state, error = OutboxState.QUEUED, ""
    if not address:
        state, error = OutboxState.SKIPPED, "no e-mail address"
    elif is_muted(user, kind):
        state = OutboxState.SKIPPED
    message = OutboxMessage(
        organisation_id=organisation_id,
        recipient=user,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        to_email=address,
        kind=kind,
        language=lang,
        subject=subject_text,
        body=body,
        html_body=html,
        attachments=_attachment_rows(attachments),
        state=state,
        last_error=error,
        next_attempt_at=timezone.now() if state == OutboxState.QUEUED else None,
        dedupe_key=dedupe_key or None,
    )
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        # Another worker queued the same idempotent mail at the same moment.
        if dedupe_key and (existing := OutboxMessage.objects.filter(dedupe_key=dedupe_key).first()):
            return existing
        raise
    if state == OutboxState.QUEUED:
        transaction.on_commit(partial(enqueue_delivery, message.pk))
    return message


@task()
def send_outbox_message(message_id: int):
    """The background task: send one queued message (beside the service that queues it)."""
    deliver(message_id=message_id)


def enqueue_delivery(message_id: int, *, run_after=None) -> None:
    """Ask the worker to send a message. Never raises: a message that could not be
    queued stays *queued* and the periodic sweep (:func:`retry_due`) picks it up."""
    try:
        task = send_outbox_message
        if run_after is not None:
            if not task.get_backend().supports_defer:
                return  # the sweep sends it once it is due
            task = task.using(run_after=run_after)
        task.enqueue(message_id)
    except Exception:
        logger.exception("could not queue e-mail %s; the sweep will retry", message_id)


def build_email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email],
        headers={"X-Pavilion-Kind": message.kind, "Content-Language": message.language},
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    for item in message.attachments:
        email.attach(item["filename"], base64.b64decode(item["content"]), item["mimetype"])
    return email


def deliver(*, message_id: int, now=None) -> OutboxMessage | None:
    """Send one queued message that is due. Called by the worker, outside any request.

    Takes a lease first, so two workers never send the same message. A failure keeps
    the error, counts the attempt and schedules the next one after a growing delay
    (``PAVILION_EMAIL_RETRY_DELAYS``); when the attempts run out the state is *failed*.
    Returns the message, or None when it was not due (sent, leased or skipped).
    Side effects: the message's state; an audit entry when it finally fails.
    """
    now = now or timezone.now()
    taken = (
        OutboxMessage.objects.filter(pk=message_id, state=OutboxState.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(next_attempt_at=now + LEASE)
    )
    if not taken:
        return None
    message = OutboxMessage.objects.get(pk=message_id)
    message.attempts += 1
    try:
        build_email(message).send(fail_silently=False)
    except Exception as exc:
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        delays = retry_delays()
        if message.attempts > len(delays):
            message.state, message.next_attempt_at = OutboxState.FAILED, None
        else:
            message.next_attempt_at = now + timedelta(seconds=delays[message.attempts - 1])
        message.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
        if message.state == OutboxState.FAILED:
            audit.record(
                actor=None,
                action="notifications.failed",
                obj=message,
                organisation=message.organisation,
                error=message.last_error,
            )
        else:
            enqueue_delivery(message.pk, run_after=message.next_attempt_at)
        logger.warning("e-mail %s not sent (attempt %s): %s", message.pk, message.attempts, exc)
        return message
    message.state, message.sent_at, message.next_attempt_at = OutboxState.SENT, now, None
    message.save(update_fields=["attempts", "state", "sent_at", "next_attempt_at"])
    return message


def retry_due(*, now=None, limit: int = 500) -> int:
    """Send the queued messages that are due (retries whose time came, and any whose
    send task was lost). Run by the periodic job. Returns how many were tried."""
    now = now or timezone.now()
    due = list(
        OutboxMessage.objects.filter(state=OutboxState.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        deliver(message_id=pk, now=now)
    return len(due)


@transaction.atomic
def resend(*, actor, message: OutboxMessage) -> OutboxMessage:
    """An operator sends a failed (or skipped) message again, with fresh attempts.

    Side effects: the message queued again, a send task on commit, an audit entry.
    """
    if not rules.can_manage_outbox_message(actor, message):
        raise PermissionDenied
    if message.state not in (OutboxState.FAILED, OutboxState.SKIPPED):
        raise ValidationError({"state": _("Only a failed or skipped e-mail can be sent again.")})
    if not message.to_email:
        raise ValidationError({"to_email": _("The e-mail has no address to send to.")})
    message.state, message.attempts = OutboxState.QUEUED, 0
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["state", "attempts", "next_attempt_at"])
    audit.record(
        actor=actor,
        action="notifications.resent",
        obj=message,
        organisation=message.organisation,
    )
    transaction.on_commit(partial(enqueue_delivery, message.pk))
    return message


@transaction.atomic
def set_muted_kinds(*, actor, user, muted: Iterable[str]) -> set[str]:
    """Save which optional kinds ``user`` turned off (others are ignored).

    Side effects: MutedKind rows, one audit entry. Returns the muted kinds.
    """
    if actor is None or actor.pk != user.pk:
        raise PermissionDenied
    allowed = {k.code for k in optional_kinds()}
    wanted = set(muted) & allowed
    unknown = set(muted) - allowed
    if unknown:
        raise ValidationError({"kinds": _("Unknown notification: %s") % sorted(unknown)[0]})
    MutedKind.objects.filter(user=user).exclude(kind__in=wanted).delete()
    for kind in wanted:
        MutedKind.objects.get_or_create(user=user, kind=kind)
    audit.record(
        actor=actor,
        action="notifications.preferences",
        obj=user,
        organisation=getattr(user, "organisation", None),
        muted=sorted(wanted),
    )
    return wanted
