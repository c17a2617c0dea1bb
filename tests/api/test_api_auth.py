"""Authentication (bearer tokens, the session with CSRF), the schema, the docs,
token management and the shape of errors."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from pavilion.accounts.models import ApiToken
from pavilion.core.models import AuditEntry
from tests.api import bearer, items, patch, post

CSRF = "A" * 32  # a well-formed CSRF secret, set as both cookie and header


def test_a_valid_token_authenticates_and_records_its_use(world):
    token, raw = ApiToken.issue(user=world.operator, name="scanner")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/me")
    assert response.status_code == 200
    assert response.json() == {
        "id": world.operator.pk,
        "username": world.operator.username,
        "role": "operator",
        "organisation_id": world.organisation.pk,
        "organisation": world.organisation.name,
        "company_id": None,
        "partner_id": None,
    }
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_last_use_is_written_at_most_once_a_minute(world):
    token, raw = ApiToken.issue(user=world.operator, name="scanner")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    recent = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    client.get("/api/v1/me")
    token.refresh_from_db()
    assert token.last_used_at == recent
    stale = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=stale)
    client.get("/api/v1/me")
    token.refresh_from_db()
    assert token.last_used_at > stale


def test_missing_wrong_and_revoked_tokens_are_401(world):
    token, raw = ApiToken.issue(user=world.operator, name="scanner")
    for header in ["Bearer pvl_wrong", "Bearer ", f"Bearer {raw[4:]}", "Basic abc", None]:
        client = Client(HTTP_AUTHORIZATION=header) if header else Client()
        response = client.get("/api/v1/me")
        assert response.status_code == 401, header
        assert response.json() == {
            "code": "unauthenticated",
            "message": response.json()["message"],
            "fields": {},
        }
    token.revoked = True
    token.save()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/me").status_code == 401


def test_a_deactivated_users_token_is_401(world):
    client = bearer(world.exhibitor)
    world.exhibitor.is_active = False
    world.exhibitor.save()
    assert client.get("/api/v1/me").status_code == 401


def test_session_reads_without_csrf_but_writes_need_it(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.exhibitor)
    url = f"/api/v1/companies/{world.company.pk}"
    assert client.get(url).status_code == 200

    refused = patch(client, url, {"region": "Yuseong"})
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    world.company.refresh_from_db()
    assert world.company.region != "Yuseong"

    client.cookies["csrftoken"] = CSRF
    accepted = client.patch(
        url, data='{"region": "Yuseong"}', content_type="application/json", HTTP_X_CSRFTOKEN=CSRF
    )
    assert accepted.status_code == 200 and accepted.json()["region"] == "Yuseong"


def test_a_token_needs_no_csrf(world):
    client = bearer(world.exhibitor)
    client.handler.enforce_csrf_checks = True
    response = patch(client, f"/api/v1/companies/{world.company.pk}", {"region": "Yuseong"})
    assert response.status_code == 200


def test_openapi_lists_the_paths_and_the_docs_load(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert {"/api/v1/me", "/api/v1/companies/{company_id}", "/api/v1/tokens"} <= set(
        schema["paths"]
    )
    assert {"TokenAuth", "BrowserSession"} <= set(schema["components"]["securitySchemes"])
    assert Client().get("/api/v1/docs").status_code == 200


@pytest.mark.skipif(
    "ninja" not in settings.INSTALLED_APPS,
    reason="ninja's docs page serves its own assets only with 'ninja' in INSTALLED_APPS",
)
def test_the_docs_load_no_asset_from_another_site(db):
    client = Client()
    html = client.get("/api/v1/docs").content.decode()
    assets = re.findall(r'(?:href|src)="([^"]+)"', html)
    assert assets and all(url.startswith("/static/") for url in assets), assets
    assert all(client.get(url).status_code == 200 for url in assets)


def test_errors_have_one_shape(world):
    client = bearer(world.operator)
    unreadable = client.patch(
        f"/api/v1/companies/{world.company.pk}", data="{not json", content_type="application/json"
    )
    assert unreadable.status_code == 400 and unreadable.json()["code"] == "bad_request"
    bad_status = client.get(f"/api/v1/editions/{world.edition.slug}/participations?status=won")
    assert bad_status.status_code == 422 and "status" in bad_status.json()["fields"]
    too_many = client.get("/api/v1/companies?limit=201")
    assert too_many.status_code == 422 and "limit" in too_many.json()["fields"]
    missing = client.get("/api/v1/companies/999999")
    assert missing.status_code == 404
    assert missing.json() == {
        "code": "not_found",
        "message": missing.json()["message"],
        "fields": {},
    }


def test_tokens_are_created_listed_and_revoked(world):
    client = Client()
    client.force_login(world.official)
    created = post(client, "/api/v1/tokens", {"name": "script"})
    assert created.status_code == 201 and created.json()["key"].startswith("pvl_")
    assert AuditEntry.objects.filter(action="api_token.issued").count() == 1
    key, token_id = created.json()["key"], created.json()["id"]
    new = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert new.get("/api/v1/me").json()["username"] == world.official.username
    listed = items(client.get("/api/v1/tokens"))
    assert [t["id"] for t in listed] == [token_id]
    assert "key" not in listed[0]
    assert client.delete(f"/api/v1/tokens/{token_id}").status_code == 204
    assert new.get("/api/v1/me").status_code == 401
    assert items(client.get("/api/v1/tokens"))[0]["revoked"] is True


def test_tokens_are_personal(world):
    client = Client()
    client.force_login(world.official)
    assert client.delete(f"/api/v1/tokens/{world.token.pk}").status_code == 404  # not yours
    world.token.refresh_from_db()
    assert world.token.revoked is False
    assert items(client.get("/api/v1/tokens")) == []


def test_a_token_cannot_create_tokens(world):
    response = post(bearer(world.operator), "/api/v1/tokens", {"name": "another"})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_a_token_needs_a_name(world):
    client = Client()
    client.force_login(world.operator)
    response = post(client, "/api/v1/tokens", {"name": "  "})
    assert response.status_code == 422 and "name" in response.json()["fields"]
