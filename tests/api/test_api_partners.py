"""Buyers and investors over the API: contacts are private, who changes what."""

import pytest

from pavilion.core.models import AuditEntry
from pavilion.partners.models import Contact
from tests import factories as f
from tests.api import bearer, items, patch, post


def test_partner_contacts_are_private(world):
    url = f"/api/v1/partners/{world.partner.pk}"
    for role in ("operator", "official", "partner_user"):
        client = bearer(getattr(world, role))
        assert [c["email"] for c in client.get(url).json()["contacts"]] == [world.contact.email]
        assert [c["email"] for c in items(client.get(f"{url}/contacts"))] == [world.contact.email]
    exhibitor = bearer(world.exhibitor)
    assert exhibitor.get(url).json()["contacts"] is None
    assert exhibitor.get(url).json()["internal_notes"] is None
    refused = exhibitor.get(f"{url}/contacts")
    assert refused.status_code == 403 and world.contact.email not in refused.content.decode()


def test_a_partner_user_sees_only_its_own_partner(world):
    other = f.partner(organisation=world.organisation)
    client = bearer(world.partner_user)
    assert [p["id"] for p in items(client.get("/api/v1/partners"))] == [world.partner.pk]
    assert client.get(f"/api/v1/partners/{other.pk}").status_code == 404
    assert client.get(f"/api/v1/partners/{other.pk}/contacts").status_code == 404


def test_another_organisation_sees_nothing(world, other_world):
    client = bearer(other_world.operator)
    assert client.get(f"/api/v1/partners/{world.partner.pk}").status_code == 404
    assert client.get(f"/api/v1/partners/{world.partner.pk}/contacts").status_code == 404
    names = [p["name"] for p in items(client.get("/api/v1/partners"))]
    assert names == [other_world.partner.name]


def test_partner_user_edits_its_profile_but_not_the_agencys_fields(world):
    client = bearer(world.partner_user)
    url = f"/api/v1/partners/{world.partner.pk}"
    ok = patch(client, url, {"interests": "robots", "sectors": [world.company.sectors.get().slug]})
    assert ok.status_code == 200 and ok.json()["interests"] == "robots"
    assert AuditEntry.objects.filter(action="partner.profile_updated").count() == 1
    for field in ("name", "country", "internal_notes"):
        refused = patch(client, url, {field: "x"})
        assert refused.status_code == 422 and list(refused.json()["fields"]) == [field]


def test_operator_edits_a_partner(world):
    response = patch(
        bearer(world.operator),
        f"/api/v1/partners/{world.partner.pk}",
        {"name": "Renamed Ventures", "internal_notes": "warm lead"},
    )
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["internal_notes"]) == (
        "Renamed Ventures",
        "warm lead",
    )


@pytest.mark.parametrize("role", ["official", "exhibitor"])
def test_others_cannot_patch_a_partner(world, role):
    response = patch(
        bearer(getattr(world, role)), f"/api/v1/partners/{world.partner.pk}", {"interests": "x"}
    )
    assert response.status_code == 403


def test_partner_user_adds_a_contact(world):
    created = post(
        bearer(world.partner_user),
        f"/api/v1/partners/{world.partner.pk}/contacts",
        {"name": "New Person", "email": "new@example.com"},
    )
    assert created.status_code == 201 and created.json()["name"] == "New Person"
    assert Contact.objects.filter(partner=world.partner, email="new@example.com").exists()
    assert AuditEntry.objects.filter(action="partner.contact_added").count() == 1


@pytest.mark.parametrize("role", ["official", "exhibitor"])
def test_others_cannot_add_contacts(world, role):
    url = f"/api/v1/partners/{world.partner.pk}/contacts"
    response = post(bearer(getattr(world, role)), url, {"name": "Intruder"})
    assert response.status_code == 403
    assert not Contact.objects.filter(name="Intruder").exists()


@pytest.mark.parametrize(
    "data, field", [({"name": "A", "email": "nope"}, "email"), ({"email": "a@b.kr"}, "name")]
)
def test_invalid_contacts_name_the_field(world, data, field):
    url = f"/api/v1/partners/{world.partner.pk}/contacts"
    response = post(bearer(world.operator), url, data)
    assert response.status_code == 422 and field in response.json()["fields"]


def test_partner_filters(world):
    f.partner(organisation=world.organisation, name="Seoul Buyers", kind="buyer")
    client = bearer(world.exhibitor)

    def names(**query):
        return [p["name"] for p in items(client.get("/api/v1/partners", query))]

    assert names(kind="vc") == [world.partner.name]
    assert names(q="seoul") == ["Seoul Buyers"]
