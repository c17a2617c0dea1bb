"""The one way the accounts, the call's sign-up and the partners' registration send e-mail.

Every message goes through the notifications app's outbox (``send_email``:
rendered in the recipient's language, sent after the transaction commits,
retried by the worker), so a failed sign-up writes no mail and a mail server
that is down loses nothing.
"""

from __future__ import annotations

from pavilion.notifications.services import send_email


def send(
    *,
    to: str,
    kind: str,
    subject: str,
    template: str,
    context: dict,
    language=None,
    actor=None,
    organisation=None,
):
    """Queue one e-mail: ``template``.txt (and .html when it exists) rendered with ``context``."""
    return send_email(
        to=to,
        kind=kind,
        subject=subject,
        template=template,
        context=context,
        language=language or None,
        actor=actor,
        organisation=organisation,
    )
