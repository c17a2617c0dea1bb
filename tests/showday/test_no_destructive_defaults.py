"""Issue #15: a form sent unchanged never deletes or overwrites."""

import pytest
from django.test import Client


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_assign_form_sent_unchanged_keeps_the_companys_booth(world):
    url = f"/editions/{world.edition.slug}/floor-plan/"
    operator = client_for(world.operator)
    page = operator.get(url).content.decode()
    assert "No booth" not in page
    # What the browser sends for the form as shown: the first company, the empty booth.
    response = operator.post(
        url, {"participation": world.participation.pk, "booth": ""}, follow=True
    )
    world.participation.refresh_from_db()
    assert world.participation.booth_id == world.booth.pk
    assert "The booth is assigned." not in response.content.decode()
    assert "Choose a booth to assign." in response.content.decode()


@pytest.mark.django_db
def test_removing_a_booth_is_its_own_choice_and_needs_a_confirmation(world):
    url = f"/editions/{world.edition.slug}/floor-plan/"
    operator = client_for(world.operator)
    response = operator.post(
        url, {"participation": world.participation.pk, "remove": "1"}, follow=True
    )
    world.participation.refresh_from_db()
    assert world.participation.booth_id == world.booth.pk
    assert "Tick the box to confirm" in response.content.decode()
    response = operator.post(
        url, {"participation": world.participation.pk, "remove": "1", "confirm": "1"}, follow=True
    )
    world.participation.refresh_from_db()
    assert world.participation.booth_id is None
    assert f"{world.company.name} no longer has a booth." in response.content.decode()
