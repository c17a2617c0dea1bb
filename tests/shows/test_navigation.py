"""The top bar: the edition each kind of user lands on, and whom a call concerns."""

from django.test import Client
from django.urls import reverse

from pavilion.meetings.models import MeetingRequest
from pavilion.shows.queries import current_edition
from tests import factories as f


def _later_edition(world):
    later = f.edition(show=world.show, slug="ces-2099", year=2099)
    later.start_date = later.start_date.replace(year=2099)
    later.end_date = later.end_date.replace(year=2099)
    later.save()
    return later


def test_a_buyer_lands_on_the_edition_of_its_own_requests(world):
    later = _later_edition(world)
    older = f.edition(show=world.show, slug="ces-1999", year=1999)
    older.start_date = older.start_date.replace(year=1999)
    older.end_date = older.end_date.replace(year=1999)
    older.save()
    # Without requests of its own, the next edition (the general rule).
    assert current_edition(world.partner_user) == later
    MeetingRequest.objects.create(
        edition=older, company=world.company, partner=world.partner, partner_wants=True
    )
    assert current_edition(world.partner_user) == older
    client = Client()
    client.force_login(world.partner_user)
    html = client.get(reverse("company-catalogue")).content.decode()
    assert reverse("meeting-requests", args=[older.slug]) in html


def test_the_call_is_in_the_bar_of_companies_and_staff_only(world):
    call_url = reverse("cfp", args=[world.cfp.edition.slug])
    shown = {}
    for role in ("operator", "official", "exhibitor", "partner_user", "agency_user"):
        client = Client()
        client.force_login(getattr(world, role))
        shown[role] = call_url in client.get(reverse("company-catalogue")).content.decode()
    assert shown == {
        "operator": True,
        "official": True,
        "exhibitor": True,
        "partner_user": False,
        "agency_user": False,
    }
