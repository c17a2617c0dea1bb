"""An organisation may require TOTP of its operators: enforce it on every request."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# What an operator without TOTP may still reach: setting it up, signing out,
# switching the language, the static files.
_ALLOWED_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/accounts/password/",
    "/accounts/email/",
    "/accounts/confirm-email/",
    "/i18n/",
    "/static/",
    "/healthz",
)


class RequireTotpMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_operator
            and user.organisation.require_totp
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and not has_totp(user)
        ):
            messages.warning(
                request,
                _(
                    "Your organisation requires an authenticator app (TOTP) for operators. "
                    "Set it up to continue."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
