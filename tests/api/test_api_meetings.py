"""Meeting requests and bookings over the API: stable conflict codes, no server error."""

import json
from datetime import time

from pavilion.meetings import services
from pavilion.meetings.models import Room, Table
from tests import factories as f
from tests.api import bearer


def post(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_request_answer_book_and_conflict(world):
    slug = world.edition.slug
    created = post(
        bearer(world.partner_user),
        f"/api/v1/editions/{slug}/meeting-requests",
        {"company_id": world.company.pk, "message": "Hello"},
    )
    assert created.status_code == 201 and created.json()["partner_wants"] is True
    answered = post(
        bearer(world.exhibitor),
        f"/api/v1/meeting-requests/{created.json()['id']}/answer",
        {"accept": True},
    )
    assert answered.json()["status"] == "accepted"

    table = Table.objects.create(
        room=Room.objects.create(edition=world.edition, name="L"), number="1"
    )
    slot = services.generate_slots(
        actor=world.operator,
        edition=world.edition,
        days=[world.edition.start_date],
        opens=time(10),
        closes=time(10, 30),
        minutes=30,
    )[0]
    operator = bearer(world.operator)
    body = {
        "company_id": world.company.pk,
        "partner_id": world.partner.pk,
        "slot_id": slot.pk,
        "table_id": table.pk,
    }
    assert post(operator, f"/api/v1/editions/{slug}/meetings", body).status_code == 201
    other = {
        **body,
        "company_id": world.other_company.pk,
        "partner_id": f.partner(organisation=world.organisation).pk,
    }
    clash = post(operator, f"/api/v1/editions/{slug}/meetings", other)
    assert clash.status_code == 409 and clash.json()["code"] == "table_taken"
    refused = post(bearer(world.exhibitor), f"/api/v1/editions/{slug}/meetings", other)
    assert refused.status_code == 403
