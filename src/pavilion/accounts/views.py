from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pavilion.accounts import services


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def api_tokens(request):
    """The user's own API tokens, for scripts and scanning devices."""
    new_key = None
    error = None
    if request.method == "POST":
        try:
            _token, new_key = services.issue_api_token(
                actor=request.user, name=request.POST.get("name", "")
            )
        except ValidationError as exc:
            error = exc.message_dict.get("name", exc.messages)[0]
    tokens = request.user.api_tokens.order_by("revoked", "-created_at")
    return render(
        request,
        "accounts/api_tokens.html",
        {"tokens": tokens, "new_key": new_key, "error": error},
    )


@require_POST
@login_required
def revoke_api_token(request, pk):
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    services.revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("api-tokens")
