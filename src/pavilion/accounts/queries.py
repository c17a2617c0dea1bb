"""Reads about the organisation's people, shared by the users page and tests."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef

from pavilion.accounts import permissions
from pavilion.accounts.models import InvitationState


def organisation_users(user):
    """The organisation's users with what the users page shows, in two queries' worth."""
    return (
        permissions.visible_users(user)
        .select_related("company", "partner")
        .annotate(
            has_totp=Exists(
                Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
            ),
            email_verified=Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
        )
        .order_by("-is_active", "role", "last_name", "first_name", "username")
    )


def open_invitations(user):
    """Invitations not yet accepted or revoked (expired ones too: they can be resent)."""
    return (
        permissions.visible_person_invitations(user)
        .filter(state=InvitationState.PENDING)
        .select_related("company", "partner", "edition", "invited_by")
        .order_by("-sent_at")
    )
