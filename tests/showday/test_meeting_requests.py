"""Issue #15: a meeting request says who asked, asking twice keeps the first
message, pages show a request's state, recommendations skip partners in touch."""

import pytest
from django.test import Client

from pavilion.meetings import recommend, services
from pavilion.meetings.models import MeetingRequest


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _row(page: str, req) -> str:
    start = page.index(f'data-request="{req.pk}"')
    return page[start : page.index("</tr>", start)]


@pytest.mark.django_db
def test_the_list_says_who_asked_and_whom_the_answer_is_waited_from(world):
    req = services.request_meeting(
        actor=world.exhibitor,
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        message="Shall we talk care robots?",
    )
    url = f"/editions/{world.edition.slug}/requests/"
    mine = _row(client_for(world.exhibitor).get(url).content.decode(), req)
    assert "Waiting for an answer" not in mine
    assert "You" in mine and f"Waiting for {world.partner.name} to answer" in mine
    assert 'name="accept"' not in mine  # one does not answer one's own request
    theirs = _row(client_for(world.partner_user).get(url).content.decode(), req)
    assert f"{world.company.name} asked you" in theirs
    assert "Waiting for your answer" in theirs and 'name="accept"' in theirs
    staff = _row(client_for(world.official).get(url).content.decode(), req)
    assert world.company.name in staff and "Waiting for your answer" not in staff


@pytest.mark.django_db
def test_asking_twice_keeps_the_first_message_and_says_so(world):
    url = f"/editions/{world.edition.slug}/requests/"
    exhibitor = client_for(world.exhibitor)
    exhibitor.post(url, {"partner": world.partner.pk, "message": "First words"})
    page = exhibitor.post(
        url, {"partner": world.partner.pk, "message": "Second words"}, follow=True
    )
    req = MeetingRequest.objects.get(edition=world.edition, company=world.company)
    assert req.message == "First words"
    assert "You already asked to meet them" in page.content.decode()


@pytest.mark.django_db
def test_the_other_side_asking_too_keeps_both_messages(world):
    services.request_meeting(
        actor=world.exhibitor,
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        message="From the company",
    )
    req = services.request_meeting(
        actor=world.partner_user,
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        message="From the buyer",
    )
    assert "From the company" in req.message and "From the buyer" in req.message
    assert req.mutual


@pytest.mark.django_db
def test_a_company_page_shows_the_request_instead_of_asking_again(world, settings):
    services.request_meeting(
        actor=world.partner_user,
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        message="Hello",
    )
    page = client_for(world.partner_user).get(f"/companies/{world.company.pk}/").content.decode()
    assert "Ask for a meeting" not in page
    assert f"Waiting for {world.company.name} to answer" in page
    other = client_for(world.partner_user).get(f"/companies/{world.other_company.pk}/")
    assert "Ask for a meeting" in other.content.decode()
    # and the exhibitor, on the buyer's page, is told to answer
    partner_page = (
        client_for(world.exhibitor).get(f"/partners/{world.partner.pk}/").content.decode()
    )
    assert "Waiting for your answer" in partner_page and "Ask for a meeting" not in partner_page


@pytest.mark.django_db
def test_recommendations_leave_out_partners_already_requested_or_met(world):
    world.company.description_en = "care robots for hospitals"
    world.company.save()
    world.partner.interests = "care robots for hospitals"
    world.partner.save()
    world.partner.sectors.set(world.company.sectors.all())
    # The world already has a consultation between them: they met.
    assert world.partner not in [
        s.target for s in recommend.partners_for(world.company, world.edition)
    ]
    world.consultation.delete()
    assert world.partner in [s.target for s in recommend.partners_for(world.company, world.edition)]
    services.request_meeting(
        actor=world.exhibitor, edition=world.edition, company=world.company, partner=world.partner
    )
    assert world.partner not in [
        s.target for s in recommend.partners_for(world.company, world.edition)
    ]
    assert world.company not in [
        s.target for s in recommend.companies_for(world.partner, world.edition)
    ]
