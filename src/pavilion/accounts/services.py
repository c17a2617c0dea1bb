"""Writes about users and their API tokens."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pavilion.accounts.models import ApiToken
from pavilion.core import audit

MAX_ACTIVE_TOKENS = 20


@transaction.atomic
def issue_api_token(*, actor, name: str) -> tuple[ApiToken, str]:
    """Create a bearer token acting as ``actor``; return it and the raw key.

    The raw key is returned once and never stored (only its hash).
    Side effects: one ApiToken, one audit entry.
    """
    if not (actor and actor.is_authenticated and actor.is_active):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the device it is for.")})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": _("The name is too long.")})
    if actor.api_tokens.filter(revoked=False).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            {"name": _("You have too many active tokens; revoke one you no longer use.")}
        )
    token, raw = ApiToken.issue(user=actor, name=name)
    audit.record(actor=actor, action="api_token.issued", obj=token, organisation=actor.organisation)
    return token, raw


@transaction.atomic
def revoke_api_token(*, actor, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens. Side effects: save, audit entry."""
    if token.user_id != actor.pk:
        raise PermissionDenied
    if not token.revoked:
        token.revoked = True
        token.save(update_fields=["revoked"])
        audit.record(
            actor=actor, action="api_token.revoked", obj=token, organisation=actor.organisation
        )
    return token
