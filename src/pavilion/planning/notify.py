"""E-mails of the call for participation and the integrated pavilion: application
received, decided, invitation to join. Queued through ``notifications.send_email``
(sent by the worker after the commit), each in the recipient's language."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from pavilion.notifications import kinds
from pavilion.notifications.services import send_email, site_url
from pavilion.planning.models import Decision

DECISION_SUBJECTS = {
    Decision.ACCEPTED: _("%(edition)s: your company has been selected"),
    Decision.WAITLISTED: _("%(edition)s: your application is on the waiting list"),
    Decision.REJECTED: _("%(edition)s: the result of your application"),
}


def _display_name(pavilion):
    """The pavilion's name in the language active when the e-mail is rendered."""
    return lazy(lambda: pavilion.display_name, str)()


def company_recipients(company) -> list[tuple[object, str | None]]:
    """(recipient, language): the company's active members in their own language; with
    none, the company's contact address once in Korean and once in English."""
    members = list(company.members.filter(is_active=True).exclude(email=""))
    if members:
        return [(m, None) for m in members]
    if company.contact_email:
        return [(company.contact_email, "ko"), (company.contact_email, "en")]
    return []


def application_received(*, actor, application) -> int:
    cfp = application.cfp
    url = site_url(reverse("application-detail", args=[application.pk]))
    sent = 0
    for to, language in company_recipients(application.company):
        send_email(
            to=to,
            language=language,
            kind=kinds.APPLICATION_RECEIVED,
            subject=_("%(edition)s: we received your application"),
            template="notifications/email/application_received",
            context={
                "edition": cfp.edition,
                "cfp": cfp,
                "company": application.company,
                "application": application,
                "action_url": url,
                "action_label": _("See your application"),
            },
            actor=actor,
            organisation=cfp.edition.show.organisation,
        )
        sent += 1
    return sent


def application_decided(*, actor, application) -> int:
    cfp = application.cfp
    url = site_url(reverse("application-detail", args=[application.pk]))
    sent = 0
    for to, language in company_recipients(application.company):
        send_email(
            to=to,
            language=language,
            kind=kinds.APPLICATION_DECIDED,
            subject=DECISION_SUBJECTS[application.decision],
            template="notifications/email/application_decided",
            context={
                "edition": cfp.edition,
                "cfp": cfp,
                "pavilion": _display_name(cfp.pavilion),
                "company": application.company,
                "application": application,
                "decision": application.decision,
                "action_url": url,
                "action_label": _("See your application"),
            },
            actor=actor,
            organisation=cfp.edition.show.organisation,
        )
        sent += 1
    return sent


def invited(*, actor, invitation, entry, base_url: str | None = None) -> int:
    """Invite the company's members to join the integrated pavilion."""
    path = reverse("invitation-detail", args=[invitation.pk])
    url = site_url(path, base_url)
    sent = 0
    for to, _language in company_recipients(invitation.company):
        if isinstance(to, str):
            continue  # the answer needs a signed-in member
        send_email(
            to=to,
            kind=kinds.PAVILION_INVITATION,
            subject=_("%(edition)s: join %(pavilion)s"),
            template="notifications/email/pavilion_invitation",
            context={
                "edition": invitation.edition,
                "pavilion": _display_name(invitation.pavilion),
                "company": invitation.company,
                "stand": entry.booth_label or "—",
                "action_url": url,
                "action_label": _("Answer the invitation"),
            },
            actor=actor,
            organisation=invitation.edition.show.organisation,
        )
        sent += 1
    return sent
