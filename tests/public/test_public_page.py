"""The public edition page, `/` for anonymous visitors and the publicity settings."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from pavilion.accounts.models import Role
from pavilion.core.models import AuditEntry
from tests import factories as f
from tests.public import show_still_to_end


def _public(edition, **flags):
    edition.public_page = True
    for name, value in flags.items():
        setattr(edition, name, value)
    edition.save()
    return edition


def _json_ld(body: str) -> dict:
    match = re.search(
        r'<script type="application/ld\+json" id="event-json-ld">(.*?)</script>', body, re.S
    )
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


@pytest.mark.django_db
def test_a_page_that_is_not_public_is_not_found(world):
    url = reverse("public-edition", args=[world.edition.slug])
    assert Client().get(url).status_code == 404
    # Another organisation's operator cannot preview it either; ours can.
    other = f.user(role=Role.OPERATOR, organisation=f.organisation())
    client = Client()
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.force_login(world.official)
    assert client.get(url).status_code == 404
    client.force_login(world.operator)
    assert "public-preview" in client.get(url).content.decode()


@pytest.mark.django_db
def test_public_page_shows_the_pavilion_companies_awards_stage_call_and_buttons(world):
    world.pavilion.location = "Eureka Park, Venetian Expo"
    world.pavilion.save()
    _public(world.edition, stage_agenda_public=True, venue="Venetian Expo", city="Las Vegas")
    withdrawn = f.company(organisation=world.organisation, name_en="Withdrawn Widgets")
    f.participation(company=withdrawn, edition=world.edition, status="withdrawn")
    applied = f.company(organisation=world.organisation, name_en="Applied Antennas")
    f.participation(company=applied, edition=world.edition, status="applied")
    response = Client().get(reverse("public-edition", args=[world.edition.slug]))
    body = response.content.decode()
    assert response.status_code == 200
    assert world.pavilion.name in body and "Eureka Park, Venetian Expo" in body
    assert "America/Los_Angeles" in body
    assert world.company.name_en in body and world.other_company.name_en in body
    assert "Withdrawn Widgets" not in body and "Applied Antennas" not in body
    assert world.award.product in body
    assert world.pitch.title in body
    # 06:00 UTC on 12 January is 22:00 on the 11th in Las Vegas.
    assert "22:00" in body
    assert 'id="apply-to-exhibit"' in body
    # The show is over: buyers can no longer register themselves for it.
    assert 'id="register-partner"' not in body and 'id="by-invitation"' in body
    assert world.cfp.title in body
    canonical = "http://testserver" + reverse("public-edition", args=[world.edition.slug])
    assert f'<link rel="canonical" href="{canonical}">' in body
    assert '<meta name="description"' in body and 'property="og:title"' in body
    data = _json_ld(body)
    assert data["@type"] == "Event"
    assert data["startDate"] == "2024-01-09" and data["endDate"] == "2024-01-12"
    assert data["url"] == canonical
    assert data["location"]["address"]["addressLocality"] == "Las Vegas"
    show_still_to_end(world.edition)
    body = Client().get(reverse("public-edition", args=[world.edition.slug])).content.decode()
    assert 'id="register-partner"' in body and 'id="by-invitation"' not in body


@pytest.mark.django_db
def test_json_ld_cannot_end_its_script_element(world):
    _public(world.edition, venue="</script><script>alert(1)</script>")
    body = Client().get(reverse("public-edition", args=[world.edition.slug])).content.decode()
    assert "<script>alert(1)" not in body
    assert _json_ld(body)["location"]["name"] == "</script><script>alert(1)</script>"


@pytest.mark.django_db
def test_operators_choose_what_is_public(world):
    _public(
        world.edition,
        public_companies=False,
        public_awards=False,
        stage_agenda_public=False,
        public_call=False,
        partner_registration_open=False,
    )
    body = Client().get(reverse("public-edition", args=[world.edition.slug])).content.decode()
    for hidden in (world.company.name_en, world.award.product, world.pitch.title, world.cfp.title):
        assert hidden not in body
    assert 'id="apply-to-exhibit"' not in body
    assert 'id="by-invitation"' in body


@pytest.mark.django_db
def test_a_closed_call_is_announced_as_closed(world):
    from django.utils import timezone

    _public(world.edition)
    world.cfp.deadline = timezone.now() - timezone.timedelta(minutes=1)
    world.cfp.opens_at = world.cfp.deadline - timezone.timedelta(days=3)
    world.cfp.save()
    body = Client().get(reverse("public-edition", args=[world.edition.slug])).content.decode()
    assert 'id="public-call"' not in body
    # No button to a call that is closed: the page says when it closed, and the
    # call's own address says so too.
    assert 'id="apply-to-exhibit"' not in body
    assert 'id="call-state"' in body and "Applications to exhibit closed on" in body
    url = reverse("public-apply", args=[world.edition.slug])
    response = Client().get(url)
    assert response.status_code == 200 and 'id="call-not-open"' in response.content.decode()
    assert 'id="sign-up-form"' not in response.content.decode()
    assert Client().post(url, {}).status_code == 403
    # Not published at all: no button, no page.
    world.edition.public_call = False
    world.edition.save()
    body = Client().get(reverse("public-edition", args=[world.edition.slug])).content.decode()
    assert 'id="apply-to-exhibit"' not in body
    assert Client().get(url).status_code == 404


@pytest.mark.django_db
def test_home_shows_the_latest_public_edition_to_anonymous_visitors(world, other_world):
    assert Client().get("/")["Location"].startswith(reverse("account_login"))
    _public(world.edition)
    newer = f.edition(
        show=other_world.show,
        name="CES 2025",
        start_date=world.edition.start_date.replace(year=2025),
        end_date=world.edition.end_date.replace(year=2025),
        year=2025,
    )
    response = Client().get("/")
    assert response.status_code == 200 and world.edition.name in response.content.decode()
    _public(newer)
    assert "CES 2025" in Client().get("/").content.decode()
    # A signed-in person keeps their landing page.
    client = Client()
    client.force_login(world.operator)
    assert client.get("/")["Location"] == reverse("edition-dashboard", args=[world.edition.slug])


@pytest.mark.django_db
def test_publicity_settings_page(world):
    url = reverse("edition-publicity", args=[world.edition.slug])
    client = Client()
    client.force_login(world.official)
    assert client.get(url).status_code == 403
    assert client.post(url, {"public_page": "on"}).status_code == 403
    client.force_login(world.operator)
    assert client.get(url).status_code == 200
    response = client.post(url, {"public_page": "on", "public_companies": "on"})
    assert response.status_code == 302
    world.edition.refresh_from_db()
    assert world.edition.public_page and world.edition.public_companies
    assert not world.edition.public_awards and not world.edition.partner_registration_open
    entry = AuditEntry.objects.get(action="edition.publicity_changed")
    assert entry.actor == world.operator and entry.data["public_page"] is True
    assert Client().get(reverse("public-edition", args=[world.edition.slug])).status_code == 200
