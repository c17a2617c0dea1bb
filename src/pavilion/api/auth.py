"""API authentication: bearer tokens for integrations and devices, or the browser session."""

from datetime import timedelta

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from pavilion.accounts.models import ApiToken

# Record a token's use at most this often: a scanner must not cost a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer pvl_…``; the token acts as its user."""

    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        api_token = ApiToken.lookup(token)
        if api_token is None:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        # Endpoints that need a person at a browser (creating tokens) look at this.
        request.api_token = api_token
        return api_token.user


class BrowserSession(SessionAuth):
    """The signed-in session of the app's own pages, with CSRF checks on writes."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


AUTH = [TokenAuth(), BrowserSession(csrf=True)]
