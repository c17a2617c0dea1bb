"""API tests. ``bearer(user)`` is a client authenticated with a fresh token of that user."""

import json

from django.test import Client

from pavilion.accounts.models import ApiToken


def bearer(user) -> Client:
    _token, raw = ApiToken.issue(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def patch(client, url, data):
    return client.patch(url, data=json.dumps(data), content_type="application/json")


def post(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def items(response) -> list:
    """The records of a paginated list answer (asserting it is one)."""
    assert response.status_code == 200, response.content
    return response.json()["items"]
