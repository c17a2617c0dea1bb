"""The planning lists cost the same number of queries for 1 item as for 3 (no N+1)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pavilion.accounts.models import Role
from pavilion.planning.models import Application, Review, Score
from pavilion.stage.models import PitchSession
from tests import factories as f


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_participant(world, n):
    company = f.company(organisation=world.organisation, name_en=f"Extra {n}")
    booth = f.booth(pavilion=world.pavilion, number=f"B{n}", x_m=3 * n, y_m=5)
    f.participation(company=company, edition=world.edition, pavilion=world.pavilion, booth=booth)
    application = Application.objects.create(
        cfp=world.cfp, company=company, product=f"P{n}", seeks_buyers=True, state="submitted"
    )
    review = Review.objects.create(application=application, reviewer=world.operator)
    Score.objects.create(review=review, criterion=world.criterion, value=n % 5)
    PitchSession.objects.create(
        stage=world.stage,
        company=company,
        title=f"Pitch {n}",
        start=world.pitch.start + timedelta(minutes=20 * n),
        end=world.pitch.end + timedelta(minutes=20 * n),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/editions/{slug}/floor-plan/",
        "/editions/{slug}/stage/",
        "/editions/{slug}/call/applications/",
    ],
)
def test_lists_do_not_grow_queries_with_items(world, path):
    client = Client()
    client.force_login(world.operator)
    url = path.format(slug=world.edition.slug)
    add_participant(world, 1)
    one = count(client, url)
    add_participant(world, 2)
    add_participant(world, 3)
    assert count(client, url) == one


@pytest.mark.django_db
def test_a_buyers_floor_plan_does_not_grow_queries_either(world):
    client = Client()
    client.force_login(f.user(role=Role.PARTNER, partner=world.partner))
    url = f"/editions/{world.edition.slug}/floor-plan/"
    add_participant(world, 1)
    one = count(client, url)
    add_participant(world, 2)
    assert count(client, url) == one
