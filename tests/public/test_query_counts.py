"""The public page and the registration queue cost the same number of queries
for 1 item as for 3 (no N+1)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pavilion.companies.models import Award
from pavilion.partners import registration
from tests import factories as f
from tests.public import show_still_to_end


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_company(world, n):
    company = f.company(organisation=world.organisation, sectors=[f.sector()])
    participation = f.participation(company=company, edition=world.edition)
    Award.objects.create(participation=participation, category="AI", product=f"Product {n}")


def add_registration(world, n):
    registration.register_partner(
        edition=world.edition,
        organisation_name=f"Buyer {n}",
        kind="buyer",
        country="US",
        contact_name=f"Contact {n}",
        email=f"c{n}@buyer{n}.example",
        sectors=[world.company.sectors.first().slug],
    )


@pytest.mark.django_db
def test_public_page_queries_do_not_grow_with_companies(world):
    world.edition.public_page = world.edition.stage_agenda_public = True
    world.edition.save()
    url = reverse("public-edition", args=[world.edition.slug])
    one = count(Client(), url)
    for n in range(2):
        add_company(world, n)
    assert count(Client(), url) == one


@pytest.mark.django_db
def test_registration_queue_queries_grow_only_with_duplicate_checks(world):
    world.edition.public_page = True
    show_still_to_end(world.edition)
    client = Client()
    client.force_login(world.operator)
    url = reverse("partner-registrations")
    add_registration(world, 0)
    one = count(client, url)
    for n in (1, 2):
        add_registration(world, n)
    # Each registration's duplicate check is its own query (contact and matches).
    assert count(client, url) <= one + 2 * 3
