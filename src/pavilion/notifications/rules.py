"""Who may see and resend outgoing e-mail: the operators of its organisation."""

from django.db.models import QuerySet

from pavilion.accounts import permissions
from pavilion.notifications.models import OutboxMessage


def can_view_outbox(user) -> bool:
    return permissions.is_operator(user)


def visible_outbox(user) -> QuerySet[OutboxMessage]:
    """An operator: the messages of their organisation; anyone else: none."""
    if not can_view_outbox(user):
        return OutboxMessage.objects.none()
    return OutboxMessage.objects.filter(organisation_id=user.organisation_id)


def can_manage_outbox_message(user, message: OutboxMessage) -> bool:
    return bool(
        can_view_outbox(user)
        and message.organisation_id is not None
        and permissions.can_manage_organisation(user, message.organisation_id)
    )
