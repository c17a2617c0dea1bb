"""Visitor headcounts and the company survey feed the report."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pavilion.consultations import tallies
from pavilion.consultations.models import Tally
from pavilion.reports import kpis


def test_tallies_add_up_and_a_second_entry_replaces_the_first(world):
    day = world.edition.start_date
    tallies.record_tally(
        actor=world.operator, edition=world.edition, day=day, place="Entrance", count=400
    )
    tallies.record_tally(
        actor=world.operator, edition=world.edition, day=day, place="Stage", count=50
    )
    tallies.record_tally(
        actor=world.operator, edition=world.edition, day=day, place="Entrance", count=420
    )
    assert Tally.objects.filter(edition=world.edition).count() == 2
    figures = kpis.other_figures(world.edition)
    assert figures["visitors_tallied"].count == 470
    # The visitors figure adds the scanned badges (the World's visitor was scanned once).
    assert figures["visitors"].count == 470 + figures["visitors_scanned"].count
    assert figures["visitors_scanned"].count == 1


@pytest.mark.parametrize(
    ("day", "place", "count", "field"),
    [
        (date(2023, 1, 1), "Entrance", 1, "day"),
        (None, "", 1, "place"),
        (None, "Hall", -1, "count"),
        (None, "Hall", 99_999_999_999_999, "count"),  # extra digits typed
        (None, "Hall", 1_000_001, "count"),
    ],
)
def test_bad_tallies_name_the_field(world, day, place, count, field):
    with pytest.raises(ValidationError) as error:
        tallies.record_tally(
            actor=world.operator,
            edition=world.edition,
            day=day or world.edition.start_date,
            place=place,
            count=count,
        )
    assert field in error.value.message_dict
    assert not Tally.objects.exists()


def test_a_count_that_is_not_a_number_is_named_on_the_page(world, client):
    client.force_login(world.operator)
    url = f"/editions/{world.edition.slug}/visitors/"
    day = world.edition.start_date.isoformat()
    for count in ("abc", "99999999999999"):
        page = client.post(url, {"day": day, "place": "Hall", "count": count})
        assert page.status_code == 200
        assert "whole number from 0 to 1,000,000" in page.content.decode(), count
    assert not Tally.objects.exists()


def test_officials_cannot_tally(world):
    with pytest.raises(PermissionDenied):
        tallies.record_tally(
            actor=world.official,
            edition=world.edition,
            day=world.edition.start_date,
            place="x",
            count=1,
        )


def test_survey_answer_feeds_satisfaction(world, client):
    client.force_login(world.exhibitor)
    url = reverse("survey", args=[world.edition.slug])
    assert client.post(url, {"satisfaction": "4", "would_return": "yes"}).status_code == 302
    assert client.post(url, {"satisfaction": "5"}).status_code == 302  # replaces
    figure = kpis.other_figures(world.edition)["satisfaction"]
    assert (figure.count, figure.amount) == (1, 5)
    refused = client.post(url, {"satisfaction": "9"})
    assert refused.status_code == 200 and b"1 to 5" in refused.content
