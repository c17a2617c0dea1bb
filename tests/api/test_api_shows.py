"""Editions and participations over the API."""

from django.test import Client

from tests import factories as f
from tests.api import bearer, items

ROLES = ("operator", "official", "exhibitor", "partner_user")


def test_editions_of_the_users_organisation_only(world, other_world):
    for role in ROLES:
        slugs = [e["slug"] for e in items(bearer(getattr(world, role)).get("/api/v1/editions"))]
        assert slugs == [world.edition.slug], role
    response = bearer(other_world.operator).get(f"/api/v1/editions/{world.edition.slug}")
    assert response.status_code == 404
    assert Client().get("/api/v1/editions").status_code == 401


def test_fx_rates_for_staff_only(world):
    url = f"/api/v1/editions/{world.edition.slug}"
    rates = {role: bearer(getattr(world, role)).get(url).json()["fx_rates"] for role in ROLES}
    assert rates["operator"] == rates["official"]
    assert [r["currency"] for r in rates["operator"]] == ["USD"]
    assert (rates["exhibitor"], rates["partner_user"]) == (None, None)
    pavilions = bearer(world.exhibitor).get(url).json()["pavilions"]
    assert [p["name"] for p in pavilions] == [world.pavilion.name]


def test_participations_with_status_filter_and_catalogue_rules(world):
    applied = f.company(organisation=world.organisation, name_en="Applicant")
    f.participation(company=applied, edition=world.edition, status="applied")
    url = f"/api/v1/editions/{world.edition.slug}/participations"

    def companies(user, **query):
        return [p["company"] for p in items(bearer(user).get(url, query))]

    assert companies(world.operator, status="applied") == ["Applicant"]
    assert "Applicant" not in companies(world.partner_user)
    assert companies(world.partner_user, status="applied") == []
    member = f.user(role="exhibitor", company=applied)
    assert "Applicant" in companies(member)  # its own participation
    row = next(p for p in items(bearer(world.exhibitor).get(url)) if p["booth"])
    assert (row["company"], row["booth"], len(row["awards"])) == (world.company.name_en, "A1", 1)
