"""API tests. ``bearer(user)`` is a client authenticated with a fresh token of that user."""

from django.test import Client

from pavilion.accounts.models import ApiToken


def bearer(user) -> Client:
    _token, raw = ApiToken.issue(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
