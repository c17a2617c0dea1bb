"""Catalogue, company profile and profile editing pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f


def _names(response):
    return [row.company.name_en for row in response.context["rows"]]


@pytest.fixture
def catalogue(world):
    url = reverse("company-catalogue")

    def get(client_user, **params):
        from django.test import Client

        client = Client()
        client.force_login(client_user)
        return client.get(url, {"edition": world.edition.slug, **params})

    return get


def test_catalogue_filters_by_sector_award_and_booth(world, catalogue):
    # world.company: health sector, award, booth A1; world.other_company: none of these.
    everyone = _names(catalogue(world.partner_user))
    assert everyone == sorted([world.company.name_en, world.other_company.name_en])
    health = world.company.sectors.get().slug
    assert _names(catalogue(world.partner_user, sector=health)) == [world.company.name_en]
    assert _names(catalogue(world.partner_user, award="1")) == [world.company.name_en]
    assert _names(catalogue(world.partner_user, booth="yes")) == [world.company.name_en]
    assert _names(catalogue(world.partner_user, booth="no")) == [world.other_company.name_en]
    assert _names(catalogue(world.partner_user, booth="A1")) == [world.company.name_en]
    assert _names(catalogue(world.partner_user, q="quantum")) == [world.other_company.name_en]


def test_status_filter_is_for_staff_only(world, catalogue):
    f.participation(
        company=f.company(organisation=world.organisation, name_en="Applicant"),
        edition=world.edition,
        status="applied",
    )
    assert _names(catalogue(world.operator, status="applied")) == ["Applicant"]
    # Outsiders never see applicants, and the filter cannot reveal them.
    assert "Applicant" not in _names(catalogue(world.partner_user, status="applied"))


def test_htmx_request_gets_only_the_results(world, client):
    client.force_login(world.partner_user)
    response = client.get(
        reverse("company-catalogue"), {"edition": world.edition.slug}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert world.company.name_en.encode() in response.content


def test_catalogue_query_count_does_not_grow_with_rows(world, client):
    client.force_login(world.operator)
    url = reverse("company-catalogue")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"edition": world.edition.slug})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    with_two = count()
    for _ in range(3):
        company = f.company(organisation=world.organisation, sectors=[f.sector()])
        part = f.participation(
            company=company,
            edition=world.edition,
            pavilion=world.pavilion,
            booth=f.booth(pavilion=world.pavilion),
        )
        f.award(participation=part)
    assert count() == with_two


def test_exhibitor_edits_own_profile(world, client):
    client.force_login(world.exhibitor)
    url = reverse("company-edit", args=[world.company.pk])
    form = client.get(url).context["form"]
    assert "internal_notes" not in form.fields
    assert "business_registration_number" not in form.fields
    data = {k: v for k, v in form.initial.items() if v is not None and k != "sectors"}
    data.update(
        name_en="Daejeon Robotics Inc.", sectors=[s.pk for s in world.company.sectors.all()]
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    world.company.refresh_from_db()
    assert world.company.name_en == "Daejeon Robotics Inc."


def test_invalid_registration_number_is_refused_naming_the_field(world, client):
    client.force_login(world.operator)
    url = reverse("company-edit", args=[world.company.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "sectors"}
    data["business_registration_number"] = "220-81-62518"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "business_registration_number" in response.context["form"].errors
    world.company.refresh_from_db()
    assert world.company.business_registration_number != "2208162518"


def test_private_details_only_for_members_and_staff(world, client):
    url = reverse("company-detail", args=[world.company.pk])
    brn = world.company.brn_display.encode()
    for user, sees in [
        (world.operator, True),
        (world.official, True),
        (world.exhibitor, True),
        (world.partner_user, False),
    ]:
        client.force_login(user)
        assert (brn in client.get(url).content) is sees, user.role


def test_exhibitor_says_what_partner_it_looks_for_and_where_in_both_languages(world, client):
    """Issue #15: recommendations use the kind of partner a company looks for and its
    target markets; the company states them on its profile."""
    client.force_login(world.exhibitor)
    url = reverse("company-edit", args=[world.company.pk])
    form = client.get(url).context["form"]
    assert {"seeks", "target_markets"} <= set(form.fields)
    data = {k: v for k, v in form.initial.items() if v not in (None, []) and k != "sectors"}
    data.update(seeks="investment", target_markets=["JP", "DE"])
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    world.company.refresh_from_db()
    assert world.company.seeks == "investment"
    assert [c.code for c in world.company.target_markets] == ["DE", "JP"]
    page = client.get(reverse("company-detail", args=[world.company.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Investors" in page.content.decode() and "Japan" in page.content.decode()
    client.post(reverse("set_language"), {"language": "ko"})
    page = client.get(reverse("company-detail", args=[world.company.pk])).content.decode()
    assert "목표 시장" in page and "일본" in page and "투자자" in page
    bad = client.post(url, {**data, "seeks": "everything"})
    assert bad.status_code == 200 and "seeks" in bad.context["form"].errors
