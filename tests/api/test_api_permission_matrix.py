"""Every API route × method × role, generated from the OpenAPI schema.

For our organisation's records and another organisation's, as anonymous and
as each role of our organisation (so "operator" on the other world's records
is the other organisation's operator's view turned around), it checks: never
a 5xx; anonymous always 401; another organisation's record in the path never
answers below 400; no answer ever contains another organisation's names or
contacts. Path parameters, query parameters and request bodies come from
mappings below: a new route, parameter or body fails the test until it is
added here, so nothing is exposed without being exercised.
"""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client

from pavilion.api.urls import api
from pavilion.consultations.models import Tally
from pavilion.meetings.models import Meeting, MeetingRequest, Room, Slot, Table
from tests.accounts.matrix import other_world_markers

ROLES = ("anonymous", "operator", "official", "exhibitor", "partner_user", "agency_user")

# Path parameter → the record of a world it names.
PATH_PARAMS = {
    "slug": lambda w: w.edition.slug,
    "company_id": lambda w: w.company.pk,
    "partner_id": lambda w: w.partner.pk,
    "token_id": lambda w: w.token.pk,
    "meeting_id": lambda w: w.meeting.pk,
    "request_id": lambda w: w.meeting_request.pk,
    "fund_slug": lambda w: w.fund.slug,
    "investment_id": lambda w: w.investment.pk,
    "application_id": lambda w: w.application.pk,
    "entry_id": lambda w: w.exhibitor_entry.pk,
    "invitation_id": lambda w: w.invitation.pk,
    "booth_id": lambda w: w.booth.pk,
    "consultation_id": lambda w: w.consultation.pk,
    "tally_id": lambda w: w.tally.pk,
}
# Query parameter → a value naming the world's records, so filters are tried too.
QUERY_PARAMS = {
    "limit": lambda w: 200,
    "offset": lambda w: 0,
    "status": lambda w: "confirmed",
    "stage": lambda w: "consulted",
    "q": lambda w: w.company.name_en,
    "sector": lambda w: w.company.sectors.get().slug,
    "edition": lambda w: w.edition.slug,
    "award": lambda w: "true",
    "has_booth": lambda w: "true",
    "kind": lambda w: w.partner.kind,
    "country": lambda w: w.partner.country.code,
    "fund": lambda w: w.fund.slug,
    # the consultation list's filters (issue #13)
    "filter": lambda w: "all",
    "partner_kind": lambda w: w.partner.kind,
    "company": lambda w: w.company.pk,
    "source": lambda w: w.consultation.source,
    "day": lambda w: "2024-01-10",
    "signed_by": lambda w: "2024-12-31",
    "reached": lambda w: "consulted",
}
# (method, path) → the body sent, naming the world's records.
BODIES = {
    ("post", "/api/v1/tokens"): lambda w: {"name": "Matrix"},
    ("patch", "/api/v1/companies/{company_id}"): lambda w: {"region": "Matrix"},
    ("patch", "/api/v1/partners/{partner_id}"): lambda w: {"interests": "Matrix"},
    ("post", "/api/v1/partners/{partner_id}/contacts"): lambda w: {"name": "Matrix"},
    ("post", "/api/v1/editions/{slug}/meeting-requests"): lambda w: {
        "company_id": w.company.pk,
        "partner_id": w.partner.pk,
    },
    ("post", "/api/v1/meeting-requests/{request_id}/answer"): lambda w: {"accept": True},
    ("post", "/api/v1/editions/{slug}/meetings"): lambda w: {
        "company_id": w.company.pk,
        "partner_id": w.partner.pk,
        "slot_id": w.free_slot.pk,
    },
    ("patch", "/api/v1/meetings/{meeting_id}"): lambda w: {"status": "held"},
    ("post", "/api/v1/funds/{fund_slug}/commitments"): lambda w: {
        "limited_partner": "Matrix LP",
        "amount": "1000",
        "currency": "KRW",
        "committed_on": "2024-05-01",
    },
    ("post", "/api/v1/funds/{fund_slug}/investments"): lambda w: {
        "company_id": w.company.pk,
        "invested_on": "2024-05-01",
        "round": "seed",
        "instrument": "safe",
        "amount": "1000",
        "currency": "KRW",
        "consultation_ids": [w.consultation.pk],
    },
    ("patch", "/api/v1/investments/{investment_id}"): lambda w: {"ownership": "5"},
    ("post", "/api/v1/scans"): lambda w: {
        "device_id": w.scan_device.pk,
        "scans": [{"nonce": "matrix", "code": w.badge.code, "scanned_at": "2024-01-10T10:00:00Z"}],
    },
    # planning the next edition (issue #6)
    ("post", "/api/v1/editions/{slug}/applications"): lambda w: {
        "product": "Matrix",
        "target_markets": "US",
        "booth_area_m2": "9",
        "seeks_buyers": True,
        "submit": True,
    },
    ("post", "/api/v1/applications/{application_id}/reviews"): lambda w: {
        "scores": [{"criterion_id": w.criterion.pk, "value": 3}]
    },
    ("post", "/api/v1/applications/{application_id}/conflicts"): lambda w: {
        "reviewer_id": w.official.pk,
        "reason": "Matrix",
    },
    ("post", "/api/v1/editions/{slug}/selection"): lambda w: {"accepted": [w.application.pk]},
    ("post", "/api/v1/exhibitor-entries/{entry_id}/match"): lambda w: {"confirm": True},
    ("post", "/api/v1/invitations/{invitation_id}/answer"): lambda w: {"accept": True},
    ("post", "/api/v1/editions/{slug}/booth-assignments"): lambda w: {
        "participation_id": w.participation.pk,
        "booth_id": w.booth.pk,
    },
    ("patch", "/api/v1/booths/{booth_id}"): lambda w: {
        "x_m": "0",
        "y_m": "0",
        "width_m": "3",
        "depth_m": "3",
    },
    ("post", "/api/v1/editions/{slug}/pitch-sessions"): lambda w: {
        "stage_id": w.stage.pk,
        "company_id": w.company.pk,
        "title": "Matrix",
        "start": "2024-01-12T07:00:00Z",
        "end": "2024-01-12T07:15:00Z",
    },
    ("put", "/api/v1/editions/{slug}/stage-agenda"): lambda w: {"public": False},
    # consultations (issue #13)
    ("post", "/api/v1/editions/{slug}/consultations"): lambda w: {
        "company_id": w.company.pk,
        "partner_id": w.partner.pk,
        "contact_id": w.contact.pk,
        "kind": "investment",
        "occurred_at": "2024-01-11T19:00:00Z",
        "currency": "USD",
        "amount": "1000",
    },
    ("patch", "/api/v1/consultations/{consultation_id}"): lambda w: {"notes": "Matrix"},
    ("post", "/api/v1/consultations/{consultation_id}/follow-ups"): lambda w: {
        "date": "2024-02-01",
        "kind": "call",
        "outcome": "Matrix",
    },
    # visitor tallies (issue #13)
    ("post", "/api/v1/editions/{slug}/tallies"): lambda w: {
        "day": "2024-01-10",
        "place": "Matrix gate",
        "count": 12,
    },
    ("patch", "/api/v1/tallies/{tally_id}"): lambda w: {"count": 7, "note": "Matrix"},
}


def operations():
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def requests_for(path, method, operation, world):
    """The (url, query, body) to send for one operation with one world's records."""
    names = re.findall(r"{(\w+)}", path)
    unknown = [n for n in names if n not in PATH_PARAMS]
    assert not unknown, f"{path}: add {unknown} to PATH_PARAMS"
    url = path
    for name in names:
        url = url.replace("{" + name + "}", str(PATH_PARAMS[name](world)))
    query = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
    unknown = [n for n in query if n not in QUERY_PARAMS]
    assert not unknown, f"{method} {path}: add {unknown} to QUERY_PARAMS"
    body = None
    if "requestBody" in operation:
        assert (method, path) in BODIES, f"{method} {path}: add a body to BODIES"
        body = json.dumps(BODIES[method, path](world))
    yield url, {}, body
    for name in query:  # each filter on its own, so none hides another's leak
        yield url, {name: QUERY_PARAMS[name](world)}, body


def test_the_matrix_covers_every_route():
    assert {(m, p) for p, m, _op in operations()} == {
        ("get", "/api/v1/me"),
        ("get", "/api/v1/tokens"),
        ("post", "/api/v1/tokens"),
        ("delete", "/api/v1/tokens/{token_id}"),
        ("get", "/api/v1/editions"),
        ("get", "/api/v1/editions/{slug}"),
        ("get", "/api/v1/editions/{slug}/participations"),
        ("get", "/api/v1/companies"),
        ("get", "/api/v1/companies/{company_id}"),
        ("patch", "/api/v1/companies/{company_id}"),
        ("get", "/api/v1/sectors"),
        ("get", "/api/v1/partners"),
        ("get", "/api/v1/partners/{partner_id}"),
        ("patch", "/api/v1/partners/{partner_id}"),
        ("get", "/api/v1/partners/{partner_id}/contacts"),
        ("post", "/api/v1/partners/{partner_id}/contacts"),
        ("get", "/api/v1/editions/{slug}/meeting-requests"),
        ("post", "/api/v1/editions/{slug}/meeting-requests"),
        ("post", "/api/v1/meeting-requests/{request_id}/answer"),
        ("get", "/api/v1/editions/{slug}/meetings"),
        ("post", "/api/v1/editions/{slug}/meetings"),
        ("get", "/api/v1/meetings/{meeting_id}"),
        ("patch", "/api/v1/meetings/{meeting_id}"),
        ("get", "/api/v1/funds"),
        ("get", "/api/v1/funds/{fund_slug}/figures"),
        ("get", "/api/v1/funds/{fund_slug}/commitments"),
        ("post", "/api/v1/funds/{fund_slug}/commitments"),
        ("get", "/api/v1/investments"),
        ("post", "/api/v1/funds/{fund_slug}/investments"),
        ("get", "/api/v1/investments/{investment_id}"),
        ("patch", "/api/v1/investments/{investment_id}"),
        ("post", "/api/v1/scans"),
        ("get", "/api/v1/editions/{slug}/call"),
        ("get", "/api/v1/editions/{slug}/applications"),
        ("post", "/api/v1/editions/{slug}/applications"),
        ("get", "/api/v1/applications/{application_id}"),
        ("get", "/api/v1/applications/{application_id}/reviews"),
        ("post", "/api/v1/applications/{application_id}/reviews"),
        ("post", "/api/v1/applications/{application_id}/conflicts"),
        ("get", "/api/v1/editions/{slug}/ranking"),
        ("post", "/api/v1/editions/{slug}/selection"),
        ("post", "/api/v1/editions/{slug}/decisions/send"),
        ("get", "/api/v1/editions/{slug}/exhibitor-entries"),
        ("post", "/api/v1/exhibitor-entries/{entry_id}/match"),
        ("post", "/api/v1/exhibitor-entries/{entry_id}/invitation"),
        ("get", "/api/v1/editions/{slug}/invitations"),
        ("post", "/api/v1/invitations/{invitation_id}/answer"),
        ("get", "/api/v1/editions/{slug}/floor-plan"),
        ("post", "/api/v1/editions/{slug}/booth-assignments"),
        ("patch", "/api/v1/booths/{booth_id}"),
        ("get", "/api/v1/editions/{slug}/pitch-sessions"),
        ("post", "/api/v1/editions/{slug}/pitch-sessions"),
        ("put", "/api/v1/editions/{slug}/stage-agenda"),
        ("get", "/api/v1/editions/{slug}/report"),
        ("get", "/api/v1/editions/{slug}/report.xlsx"),
        ("get", "/api/v1/editions/{slug}/report.pdf"),
        ("get", "/api/v1/editions/{slug}/consultations"),
        ("post", "/api/v1/editions/{slug}/consultations"),
        ("get", "/api/v1/consultations/{consultation_id}"),
        ("patch", "/api/v1/consultations/{consultation_id}"),
        ("get", "/api/v1/consultations/{consultation_id}/follow-ups"),
        ("post", "/api/v1/consultations/{consultation_id}/follow-ups"),
        ("get", "/api/v1/editions/{slug}/tallies"),
        ("post", "/api/v1/editions/{slug}/tallies"),
        ("patch", "/api/v1/tallies/{tally_id}"),
    }, "a new API route: check its permissions, then add it here and to the mappings"
    # Bodies for routes that no longer exist would hide a typo in a new route's key.
    assert set(BODIES) <= {(m, p) for p, m, _op in operations()}


def _meetings(w):
    room = Room.objects.create(edition=w.edition, name="Lounge")
    start = w.consultation.occurred_at
    w.slot = Slot.objects.create(edition=w.edition, start=start, end=start + timedelta(minutes=30))
    later = start + timedelta(hours=1)
    w.free_slot = Slot.objects.create(
        edition=w.edition, start=later, end=later + timedelta(minutes=30)
    )
    w.meeting = Meeting.objects.create(
        edition=w.edition,
        company=w.company,
        partner=w.partner,
        slot=w.slot,
        table=Table.objects.create(room=room, number="1"),
    )
    w.meeting_request = MeetingRequest.objects.create(
        edition=w.edition, company=w.company, partner=w.partner, company_wants=True
    )
    w.tally = Tally.objects.create(
        edition=w.edition, day=w.edition.start_date, place=f"{w.organisation.name} door", count=3
    )


def _send(client, method, url, query, body):
    if method in ("get", "delete"):
        return getattr(client, method)(url, query)
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return getattr(client, method)(url, data=body or "{}", content_type="application/json")


@pytest.mark.django_db
def test_every_route_for_every_role(world, other_world):
    _meetings(world)
    _meetings(other_world)
    # One client per role: a new test client costs a middleware set-up per request.
    clients = {role: Client() for role in ROLES}
    for role in ROLES[1:]:
        clients[role].force_login(getattr(world, role))
    markers = [m for m in other_world_markers(other_world) if m]
    problems = []
    answered = set()  # operations some role of ours got a 2xx for, with our records
    for path, method, operation in operations():
        for target in (world, other_world):
            for url, query, body in requests_for(path, method, operation, target):
                for role, client in clients.items():
                    response = _send(client, method, url, query, body)
                    where = f"{method.upper()} {url} {query or ''} as {role}"
                    status = response.status_code
                    if target is world and status < 300:
                        answered.add((method, path))
                    if status >= 500:
                        problems.append(f"{where}: {status}")
                    if role == "anonymous" and status != 401:
                        problems.append(f"{where}: anonymous got {status}")
                    if target is other_world and "{" in path and status < 400:
                        problems.append(f"{where}: another organisation's record answered")
                    text = response.content.decode(errors="replace")  # PDF, XLSX too
                    problems += [f"{where}: leaks {m!r}" for m in markers if m in text]
    # A body or parameter that no role gets past validation would test nothing.
    problems += [
        f"{m.upper()} {p}: no role succeeded" for p, m, _o in operations() if (m, p) not in answered
    ]
    assert problems == [], "\n".join(problems)
