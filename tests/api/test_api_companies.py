"""Companies over the API: who sees which fields, who changes what, the filters."""

import pytest
from django.test import Client

from pavilion.core.models import AuditEntry
from tests import factories as f
from tests.api import bearer, items, patch

ROLES = ("operator", "official", "exhibitor", "partner_user")


def test_private_fields_by_role(world, other_world):
    world.company.internal_notes = "secret note"
    world.company.save()
    url = f"/api/v1/companies/{world.company.pk}"
    seen = {}
    for role in ROLES:
        data = bearer(getattr(world, role)).get(url).json()
        seen[role] = (
            data["business_registration_number"],
            data["ceo_name"],
            data["internal_notes"],
        )
    brn, ceo = world.company.brn_display, world.company.ceo_name
    assert seen == {
        "operator": (brn, ceo, "secret note"),
        "official": (brn, ceo, "secret note"),
        "exhibitor": (brn, ceo, None),
        "partner_user": (None, None, None),
    }
    # Another company's exhibitor sees only the public profile.
    other_member = f.user(role="exhibitor", company=world.other_company)
    data = bearer(other_member).get(url).json()
    assert (data["business_registration_number"], data["contact_email"]) == (None, None)


def test_another_organisation_and_anonymous_get_nothing(world, other_world):
    url = f"/api/v1/companies/{world.company.pk}"
    response = bearer(other_world.operator).get(url)
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert Client().get(url).status_code == 401
    listed = {c["name_en"] for c in items(bearer(other_world.operator).get("/api/v1/companies"))}
    assert listed == {other_world.company.name_en, other_world.other_company.name_en}


def test_applied_companies_are_not_in_the_catalogue(world):
    applied = f.company(organisation=world.organisation, name_en="Still Applying")
    f.participation(company=applied, edition=world.edition, status="applied")
    names = lambda user: {c["name_en"] for c in items(bearer(user).get("/api/v1/companies"))}  # noqa: E731
    assert "Still Applying" in names(world.official)
    assert "Still Applying" not in names(world.partner_user)
    assert "Still Applying" not in names(world.exhibitor)
    assert bearer(world.partner_user).get(f"/api/v1/companies/{applied.pk}").status_code == 404


def test_exhibitor_patches_own_company_only(world):
    client = bearer(world.exhibitor)
    ok = patch(client, f"/api/v1/companies/{world.company.pk}", {"region": "대전 유성구"})
    assert ok.status_code == 200 and ok.json()["region"] == "대전 유성구"
    world.company.refresh_from_db()
    assert world.company.region == "대전 유성구"
    entry = AuditEntry.objects.get(action="company.profile_updated")
    assert (entry.actor, entry.object_id, entry.data) == (
        world.exhibitor,
        str(world.company.pk),
        {"fields": ["region"]},
    )
    other = patch(client, f"/api/v1/companies/{world.other_company.pk}", {"region": "x"})
    assert other.status_code == 403 and other.json()["code"] == "forbidden"


@pytest.mark.parametrize("field", ["internal_notes", "business_registration_number"])
def test_exhibitor_cannot_change_the_agencys_fields(world, field):
    before = getattr(world.company, field)
    response = patch(bearer(world.exhibitor), f"/api/v1/companies/{world.company.pk}", {field: ""})
    assert response.status_code == 422 and list(response.json()["fields"]) == [field]
    world.company.refresh_from_db()
    assert getattr(world.company, field) == before


@pytest.mark.parametrize("role", ["official", "partner_user"])
def test_readers_cannot_patch(world, role):
    response = patch(
        bearer(getattr(world, role)), f"/api/v1/companies/{world.company.pk}", {"region": "x"}
    )
    assert response.status_code == 403
    world.company.refresh_from_db()
    assert world.company.region != "x"


def test_another_organisations_operator_cannot_patch(world, other_world):
    response = patch(
        bearer(other_world.operator), f"/api/v1/companies/{world.company.pk}", {"region": "x"}
    )
    assert response.status_code == 404


def test_operator_sets_notes_and_sectors_by_slug(world):
    robots = f.sector(slug="robotics")
    response = patch(
        bearer(world.operator),
        f"/api/v1/companies/{world.company.pk}",
        {"internal_notes": "met at CES", "sectors": ["robotics"]},
    )
    assert response.status_code == 200
    assert (response.json()["internal_notes"], response.json()["sectors"]) == (
        "met at CES",
        ["robotics"],
    )
    assert list(world.company.sectors.all()) == [robots]


@pytest.mark.parametrize(
    "data, field",
    [
        ({"business_registration_number": "220-81-62518"}, "business_registration_number"),
        ({"contact_email": "not an email"}, "contact_email"),
        ({"name_en": ""}, "name_en"),
        ({"sectors": ["no-such-sector"]}, "sectors"),
        ({"employees": "many"}, "employees"),
    ],
)
def test_validation_errors_name_the_field(world, data, field):
    response = patch(bearer(world.operator), f"/api/v1/companies/{world.company.pk}", data)
    assert response.status_code == 422 and response.json()["code"] == "invalid"
    assert field in response.json()["fields"]
    world.company.refresh_from_db()
    assert world.company.sectors.count() == 1  # nothing saved half-way


def test_catalogue_filters(world):
    client = bearer(world.partner_user)

    def names(**query):
        return [c["name_en"] for c in items(client.get("/api/v1/companies", query))]

    assert names(award="true") == [world.company.name_en]
    assert names(award="false") == [world.other_company.name_en]
    assert names(has_booth="true", edition=world.edition.slug) == [world.company.name_en]
    assert names(sector=world.company.sectors.get().slug) == [world.company.name_en]
    assert names(q="quantum") == [world.other_company.name_en]
    assert names(edition="no-such-edition") == []


def test_pagination(world):
    for i in range(3):
        f.company(organisation=world.organisation, name_en=f"Z{i}")
    client = bearer(world.operator)
    page = client.get("/api/v1/companies", {"limit": 2, "offset": 3}).json()
    assert page["count"] == 5
    assert [c["name_en"] for c in page["items"]] == ["Z1", "Z2"]


def test_sectors_are_listed(world):
    slugs = [s["slug"] for s in items(bearer(world.exhibitor).get("/api/v1/sectors"))]
    assert world.company.sectors.get().slug in slugs


def test_exhibitor_states_the_partner_it_looks_for_and_its_markets(world):
    """Issue #15: what recommendations rank by, over the API as on the profile form."""
    client = bearer(world.exhibitor)
    url = f"/api/v1/companies/{world.company.pk}"
    ok = patch(client, url, {"seeks": "sales", "target_markets": ["US", "JP"]})
    assert ok.status_code == 200, ok.content
    assert ok.json()["seeks"] == "sales" and sorted(ok.json()["target_markets"]) == ["JP", "US"]
    assert client.get(url).json()["target_markets"] == ["JP", "US"]
    bad_input = (({"seeks": "everything"}, "seeks"), ({"target_markets": ["XX"]}, "target_markets"))
    for bad, field in bad_input:
        response = patch(client, url, bad)
        assert response.status_code == 422 and field in response.content.decode(), response.content
    world.company.refresh_from_db()
    assert world.company.seeks == "sales"
