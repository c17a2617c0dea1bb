"""Every list endpoint costs the same number of queries for 1 item as for 3."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pavilion.accounts.models import ApiToken
from pavilion.meetings.models import Meeting, MeetingRequest, Slot
from tests import factories as f
from tests.api import bearer


def _one_more(world):
    """One more of every listed record: a company with a sector, participation and
    award; a partner with a sector and a contact; a meeting and a request."""
    company = f.company(organisation=world.organisation, sectors=[f.sector()])
    pavilion = f.pavilion(edition=world.edition)
    part = f.participation(
        company=company, edition=world.edition, pavilion=pavilion, booth=f.booth(pavilion=pavilion)
    )
    f.award(participation=part)
    partner = f.partner(organisation=world.organisation)
    partner.sectors.set([f.sector()])
    f.contact(partner=world.partner)
    f.contact(partner=partner)
    f.sector()
    show = f.show(organisation=world.organisation)
    f.edition(show=show)
    ApiToken.issue(user=world.operator, name="another")
    start = world.consultation.occurred_at + timedelta(hours=Slot.objects.count())
    slot = Slot.objects.create(
        edition=world.edition, start=start, end=start + timedelta(minutes=30)
    )
    Meeting.objects.create(edition=world.edition, company=company, partner=partner, slot=slot)
    MeetingRequest.objects.create(
        edition=world.edition, company=company, partner=partner, company_wants=True
    )


LISTS = [
    "/api/v1/editions",
    "/api/v1/editions/{edition}/participations",
    "/api/v1/companies",
    "/api/v1/partners",
    "/api/v1/partners/{partner}/contacts",
    "/api/v1/sectors",
    "/api/v1/tokens",
    "/api/v1/editions/{edition}/meetings",
    "/api/v1/editions/{edition}/meeting-requests",
]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("role", ["operator", "partner_user"])
def test_list_query_count_does_not_grow(world, path, role):
    client = bearer(getattr(world, role))
    url = path.format(edition=world.edition.slug, partner=world.partner.pk)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, response.content
        return len(ctx.captured_queries), response.json()["count"]

    _one_more(world)
    count()  # the first request also records the token's use
    one, n_one = count()
    _one_more(world)
    _one_more(world)
    three, n_three = count()
    assert three == one
    if role == "operator":
        assert n_three > n_one  # the extra records are really listed
