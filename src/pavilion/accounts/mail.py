"""Sending the accounts' e-mails (invitations, allauth's own) in one place.

They go through the notifications app's queue (``send_email``: outbox,
retries by the worker) when it is installed; without it they are rendered and
sent with Django's mail at once, in the recipient's language.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def _queue():
    try:
        from pavilion.notifications.services import send_email
    except ImportError:
        return None
    return send_email


def send(
    *, to: str, kind: str, subject: str, template: str, context: dict, language=None, actor=None
):
    """Send one e-mail: ``template``.txt (and .html when it exists) rendered with ``context``."""
    queue = _queue()
    if queue is not None:
        return queue(
            to=to,
            kind=kind,
            subject=subject,
            template=template,
            context=context,
            language=language,
            actor=actor,
        )
    with translation.override(language or translation.get_language()):
        text = render_to_string(f"{template}.txt", context).strip()
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
    return message
