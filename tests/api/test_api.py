"""The API: token and session auth, private fields, writes through the services."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pavilion.accounts.models import ApiToken
from tests import factories as f
from tests.api import bearer


def patch(client, url, data):
    return client.patch(url, data=json.dumps(data), content_type="application/json")


def test_token_auth(world):
    token, raw = ApiToken.issue(user=world.operator, name="scanner")
    good = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/me")
    assert good.status_code == 200 and good.json()["username"] == world.operator.username
    token.refresh_from_db()
    assert token.last_used_at is not None
    for header in ["Bearer pvl_wrong", "Bearer ", "Basic abc", None]:
        client = Client(HTTP_AUTHORIZATION=header) if header else Client()
        response = client.get("/api/v1/me")
        assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    token.revoked = True
    token.save()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/me").status_code == 401


def test_session_writes_need_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.exhibitor)
    assert client.get(f"/api/v1/companies/{world.company.pk}").status_code == 200
    response = patch(client, f"/api/v1/companies/{world.company.pk}", {"region": "Yuseong"})
    assert response.status_code in (401, 403)
    world.company.refresh_from_db()
    assert world.company.region != "Yuseong"


def test_openapi_lists_the_paths(world):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/companies/{company_id}" in paths and "/api/v1/tokens" in paths


def test_private_company_fields_by_role(world):
    url = f"/api/v1/companies/{world.company.pk}"
    world.company.internal_notes = "secret note"
    world.company.save()
    seen = {}
    for role in ("operator", "official", "exhibitor", "partner_user"):
        data = bearer(getattr(world, role)).get(url).json()
        seen[role] = (data["business_registration_number"], data["internal_notes"])
    brn = world.company.brn_display
    assert seen == {
        "operator": (brn, "secret note"),
        "official": (brn, "secret note"),
        "exhibitor": (brn, None),
        "partner_user": (None, None),
    }


def test_exhibitor_patches_own_company_only(world):
    client = bearer(world.exhibitor)
    ok = patch(client, f"/api/v1/companies/{world.company.pk}", {"region": "대전 유성구"})
    assert ok.status_code == 200 and ok.json()["region"] == "대전 유성구"
    other = patch(client, f"/api/v1/companies/{world.other_company.pk}", {"region": "x"})
    assert other.status_code == 403 and other.json()["code"] == "forbidden"
    notes = patch(client, f"/api/v1/companies/{world.company.pk}", {"internal_notes": "x"})
    assert notes.status_code == 422 and "internal_notes" in notes.json()["fields"]


def test_official_cannot_patch(world):
    response = patch(
        bearer(world.official), f"/api/v1/companies/{world.company.pk}", {"region": "x"}
    )
    assert response.status_code == 403


def test_validation_error_names_the_field(world):
    response = patch(
        bearer(world.operator),
        f"/api/v1/companies/{world.company.pk}",
        {"business_registration_number": "220-81-62518"},
    )
    assert response.status_code == 422
    assert "business_registration_number" in response.json()["fields"]


def test_partner_contacts_are_private(world):
    url = f"/api/v1/partners/{world.partner.pk}"
    assert bearer(world.partner_user).get(url).json()["contacts"][0]["email"] == world.contact.email
    assert bearer(world.exhibitor).get(url).json()["contacts"] is None
    assert bearer(world.exhibitor).get(f"{url}/contacts").json() == []


def test_partner_user_adds_a_contact_to_its_own_partner(world):
    client = bearer(world.partner_user)
    created = client.post(
        f"/api/v1/partners/{world.partner.pk}/contacts",
        data=json.dumps({"name": "New Person", "email": "new@example.com"}),
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["name"] == "New Person"
    other = f.partner(organisation=world.organisation)
    assert client.get(f"/api/v1/partners/{other.pk}").status_code == 404


def test_tokens_are_created_listed_and_revoked(world):
    client = bearer(world.official)
    created = client.post(
        "/api/v1/tokens", data=json.dumps({"name": "script"}), content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["key"].startswith("pvl_")
    new = Client(HTTP_AUTHORIZATION=f"Bearer {created.json()['key']}")
    assert new.get("/api/v1/me").status_code == 200
    assert client.delete(f"/api/v1/tokens/{created.json()['id']}").status_code == 204
    assert new.get("/api/v1/me").status_code == 401
    assert client.delete(f"/api/v1/tokens/{world.token.pk}").status_code == 404  # not yours


@pytest.mark.parametrize("path", ["/api/v1/companies", "/api/v1/partners"])
def test_list_query_count_does_not_grow(world, path):
    client = bearer(world.operator)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    count()  # the first request also records the token's use
    one = count()
    for _ in range(3):
        company = f.company(organisation=world.organisation, sectors=[f.sector()])
        f.participation(company=company, edition=world.edition)
        partner = f.partner(organisation=world.organisation)
        partner.sectors.set([f.sector()])
        f.contact(partner=partner)
    assert count() == one


def test_catalogue_filters(world):
    client = bearer(world.partner_user)
    names = lambda **q: [c["name_en"] for c in client.get("/api/v1/companies", q).json()["items"]]  # noqa: E731
    assert names(award="true") == [world.company.name_en]
    assert names(award="false") == [world.other_company.name_en]
    assert names(has_booth="true", edition=world.edition.slug) == [world.company.name_en]
    assert names(sector=world.company.sectors.get().slug) == [world.company.name_en]
