"""Who am I, and my API tokens."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from pavilion.accounts import services
from pavilion.api import schemas as s
from pavilion.api.pagination import Pagination

router = Router(tags=["accounts"])


@router.get("/me", response={200: s.Me, **s.ERRORS})
def me(request):
    return request.auth


@router.get(
    "/tokens",
    response={200: list[s.TokenOut], **s.ERRORS},
    description="The caller's own tokens, newest first, revoked ones included.",
)
@paginate(Pagination)
def list_tokens(request):
    return request.auth.api_tokens.order_by("-created_at", "-pk")


@router.post(
    "/tokens",
    response={201: s.TokenCreated, **s.ERRORS},
    description="Create a token acting as yourself; the raw `key` is in this answer only. "
    "Only from a signed-in session: a token cannot create further tokens, so a leaked "
    "device token cannot outlive its own revocation.",
)
def create_token(request, payload: s.TokenIn):
    if getattr(request, "api_token", None) is not None:
        raise PermissionDenied(_("Create tokens from a signed-in session, not with a token."))
    token, raw = services.issue_api_token(actor=request.auth, name=payload.name)
    return Status(201, {**token.__dict__, "key": raw})


@router.delete(
    "/tokens/{token_id}",
    response={204: None, **s.ERRORS},
    description="Revoke one of your own tokens (another user's token is 404).",
)
def revoke_token(request, token_id: int):
    token = get_object_or_404(request.auth.api_tokens, pk=token_id)
    services.revoke_api_token(actor=request.auth, token=token)
    return Status(204, None)
