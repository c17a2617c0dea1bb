"""Issue #15: the consultation form lists only the chosen partner's contacts."""

import pytest
from django.test import Client

from pavilion.consultations.models import Consultation
from tests import factories as f


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_an_exhibitor_sees_only_the_chosen_partners_contacts(world):
    other_buyer = f.partner(organisation=world.organisation, name="Other Buyer")
    stranger = f.contact(partner=other_buyer, name="Someone Else Entirely")
    url = f"/editions/{world.edition.slug}/consultations/new/"
    exhibitor = client_for(world.exhibitor)
    blank = exhibitor.get(url).content.decode()
    assert stranger.name not in blank and world.contact.name not in blank
    chosen = exhibitor.get(url, {"partner": world.partner.pk}).content.decode()
    assert world.contact.name in chosen
    assert stranger.name not in chosen
    # The choice reloads the contacts (htmx), from a static attribute: no inline script.
    assert 'hx-target="#field-contact"' in chosen


@pytest.mark.django_db
def test_a_contact_of_another_partner_is_refused_on_the_server(world):
    other_buyer = f.partner(organisation=world.organisation, name="Other Buyer")
    stranger = f.contact(partner=other_buyer, name="Someone Else Entirely")
    url = f"/editions/{world.edition.slug}/consultations/new/"
    before = Consultation.objects.count()
    page = client_for(world.exhibitor).post(
        url,
        {
            "partner": world.partner.pk,
            "contact": stranger.pk,
            "kind": "export",
            "occurred_at": "2024-01-10T10:00",
            "currency": "USD",
            "stage": "consulted",
            "source": "walk_in",
        },
    )
    assert Consultation.objects.count() == before
    assert "has-error" in page.content.decode()
