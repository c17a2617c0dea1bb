"""Preferred times: a participant's wish reaches the scheduler, and stays its own."""

from datetime import date, time

import pytest

from pavilion.meetings import scheduling, services
from pavilion.meetings.models import Meeting, PreferredTime, Room, Table


@pytest.fixture
def slots(world):
    room = Room.objects.create(edition=world.edition, name="Business lounge")
    Table.objects.create(room=room, number="1")
    return services.generate_slots(
        actor=world.operator,
        edition=world.edition,
        days=[date(2024, 1, 9), date(2024, 1, 10)],
        opens=time(10, 0),
        closes=time(11, 0),
        minutes=30,
    )


def test_a_company_states_when_it_would_rather_meet_and_the_draft_follows(world, slots, client):
    client.force_login(world.exhibitor)
    url = f"/editions/{world.edition.slug}/availability/"
    response = client.post(
        url, {"preferred": "1", "day": "2024-01-10", "from": "10:30", "to": "11:00"}
    )
    assert response.status_code == 302
    wish = PreferredTime.objects.get()
    assert wish.company == world.company and wish.start == slots[3].start
    assert "10:30" in client.get(url).content.decode()
    services.request_meeting(
        actor=world.operator, edition=world.edition, company=world.company, partner=world.partner
    )
    problem, _records = scheduling.build_problem(world.edition)
    by_id = problem.participant_by_id
    assert by_id[f"c{world.company.pk}"].preferred == {f"s{slots[3].pk}"}
    assert by_id[f"p{world.partner.pk}"].preferred == frozenset()
    scheduling.run_scheduler(actor=world.operator, edition=world.edition, time_limit=5)
    (meeting,) = Meeting.objects.filter(edition=world.edition, draft=True)
    assert meeting.slot == slots[3]  # any slot was free; the wished one was taken
    client.force_login(world.operator)
    page = client.get(f"/editions/{world.edition.slug}/meetings/").content.decode()
    assert "Proven optimal" in page
    assert 'id="per-day"' in page and "Wed 10 Jan 2024: 1" in page


def test_preferred_times_are_listed_only_to_their_owner(world, slots, client):
    services.mark_preferred(
        actor=world.operator,
        edition=world.edition,
        partner=world.partner,
        start=slots[0].start,
        end=slots[0].end,
    )
    client.force_login(world.exhibitor)  # another party of the same edition
    page = client.get(f"/editions/{world.edition.slug}/availability/").content.decode()
    assert 'id="preferred"' in page and "10:00" not in page
    other = PreferredTime.objects.get()
    client.post(f"/editions/{world.edition.slug}/availability/", {"remove_preferred": other.pk})
    assert PreferredTime.objects.filter(pk=other.pk).exists()  # not theirs to remove
