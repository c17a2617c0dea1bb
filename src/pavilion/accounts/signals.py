"""Reactions to allauth's account events: a new password ends the other sessions."""

from allauth.account.signals import password_changed, password_reset, password_set
from django.dispatch import receiver

from pavilion.core import audit


@receiver(password_changed)
@receiver(password_set)
@receiver(password_reset)
def end_other_sessions(sender, request, user, **kwargs):
    # Django already refuses sessions whose password hash no longer matches;
    # deleting them makes the end visible and frees the rows. The session of
    # the request that changed the password stays (allauth keeps it signed in).
    from pavilion.accounts.services import _end_sessions

    session = getattr(request, "session", None)
    _end_sessions(user, keep=getattr(session, "session_key", None))
    audit.record(
        actor=user, action="user.password_changed", obj=user, organisation=user.organisation
    )
