"""Every API route × method × role, generated from the OpenAPI schema: no leak, no 5xx."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client

from pavilion.api.urls import api
from pavilion.meetings.models import Meeting, MeetingRequest, Room, Slot, Table
from tests.accounts.matrix import other_world_markers

ROLES = ("anonymous", "operator", "official", "exhibitor", "partner_user")

# Path parameter → the record of a world it names. A new parameter must be added here.
PARAMS = {
    "slug": lambda w: w.edition.slug,
    "company_id": lambda w: w.company.pk,
    "partner_id": lambda w: w.partner.pk,
    "token_id": lambda w: w.token.pk,
    "meeting_id": lambda w: w.meeting.pk,
    "request_id": lambda w: w.meeting_request.pk,
}
BODIES = {"patch": {"region": "x", "status": "held"}, "post": {"name": "Matrix", "accept": True}}


def operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method in methods:
            yield path, method


def fill(path, world):
    names = re.findall(r"{(\w+)}", path)
    unknown = [n for n in names if n not in PARAMS]
    assert not unknown, f"{path}: add {unknown} to PARAMS"
    for name in names:
        path = path.replace("{" + name + "}", str(PARAMS[name](world)))
    return path


def client_for(world, role):
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


def test_the_matrix_covers_every_route():
    assert {p for p, _m in operations()} == {
        "/api/v1/me",
        "/api/v1/editions",
        "/api/v1/editions/{slug}",
        "/api/v1/editions/{slug}/participations",
        "/api/v1/companies",
        "/api/v1/companies/{company_id}",
        "/api/v1/partners",
        "/api/v1/partners/{partner_id}",
        "/api/v1/partners/{partner_id}/contacts",
        "/api/v1/sectors",
        "/api/v1/tokens",
        "/api/v1/tokens/{token_id}",
        "/api/v1/editions/{slug}/meeting-requests",
        "/api/v1/meeting-requests/{request_id}/answer",
        "/api/v1/editions/{slug}/meetings",
        "/api/v1/meetings/{meeting_id}",
    }, "a new API route: check its permissions, then add it here"


def _meetings(w):
    room = Room.objects.create(edition=w.edition, name="Lounge")
    start = w.consultation.occurred_at
    slot = Slot.objects.create(edition=w.edition, start=start, end=start + timedelta(minutes=30))
    w.meeting = Meeting.objects.create(
        edition=w.edition,
        company=w.company,
        partner=w.partner,
        slot=slot,
        table=Table.objects.create(room=room, number="1"),
    )
    w.meeting_request = MeetingRequest.objects.create(
        edition=w.edition, company=w.company, partner=w.partner, company_wants=True
    )


@pytest.mark.django_db
def test_every_route_for_every_role(world, other_world):
    _meetings(world)
    _meetings(other_world)
    problems = []
    markers = other_world_markers(other_world)
    for path, method in operations():
        for target in (world, other_world):
            url = fill(path, target)
            for role in ROLES:
                client = client_for(world, role)
                if method in ("get", "delete"):
                    response = getattr(client, method)(url)
                else:
                    body = json.dumps(BODIES.get(method, {}))
                    response = getattr(client, method)(
                        url, data=body, content_type="application/json"
                    )
                where = f"{method.upper()} {url} as {role}"
                if response.status_code >= 500:
                    problems.append(f"{where}: {response.status_code}")
                if role == "anonymous" and response.status_code != 401:
                    problems.append(f"{where}: anonymous got {response.status_code}")
                if target is other_world and "{" in path and response.status_code < 400:
                    problems.append(f"{where}: another organisation's record answered")
                text = response.content.decode()
                problems += [f"{where}: leaks {m!r}" for m in markers if m and m in text]
    assert problems == [], "\n".join(problems)
