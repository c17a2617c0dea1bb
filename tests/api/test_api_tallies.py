"""Visitor tallies over the API (issue #13): staff read, operators record and correct."""

import json

from pavilion.consultations.models import Tally
from pavilion.core.models import AuditEntry
from tests.api import bearer, items, patch


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_operators_record_and_correct_staff_read(world, other_world):
    url = f"/api/v1/editions/{world.edition.slug}/tallies"
    body = {"day": "2024-01-10", "place": "Pavilion entrance", "count": 420, "note": "by hand"}
    created = _post(bearer(world.operator), url, body)
    assert created.status_code == 201, created.content
    tally = created.json()
    assert (tally["edition"], tally["day"], tally["count"]) == (
        world.edition.slug,
        "2024-01-10",
        420,
    )
    # The same place and day again: the new count replaces the old, one row.
    again = _post(bearer(world.operator), url, {**body, "count": 450})
    assert again.status_code == 200 and again.json()["id"] == tally["id"]
    assert Tally.objects.filter(edition=world.edition).count() == 1
    assert [r["count"] for r in items(bearer(world.official).get(url))] == [450]
    fixed = patch(bearer(world.operator), f"/api/v1/tallies/{tally['id']}", {"count": 460})
    assert fixed.status_code == 200 and fixed.json()["count"] == 460
    assert AuditEntry.objects.filter(action="visitors.tally_corrected").count() == 1
    # Officials read, never write; exhibitors and partners see no tallies.
    assert _post(bearer(world.official), url, body).status_code == 403
    assert (
        patch(bearer(world.official), f"/api/v1/tallies/{tally['id']}", {"count": 1}).status_code
        == 403
    )
    assert bearer(world.exhibitor).get(url).status_code == 403
    # Another organisation: neither its edition nor its tally exists.
    assert bearer(other_world.operator).get(url).status_code == 404
    theirs = patch(bearer(other_world.operator), f"/api/v1/tallies/{tally['id']}", {"count": 1})
    assert theirs.status_code == 404


def test_bad_tallies_answer_422_naming_the_field(world):
    url = f"/api/v1/editions/{world.edition.slug}/tallies"
    client = bearer(world.operator)
    off_day = _post(client, url, {"day": "2023-05-05", "place": "Door", "count": 3})
    assert off_day.status_code == 422 and "day" in off_day.json()["fields"]
    negative = _post(client, url, {"day": "2024-01-10", "place": "Door", "count": -1})
    assert negative.status_code == 422 and "count" in negative.json()["fields"]
    blank = _post(client, url, {"day": "2024-01-10", "place": "   ", "count": 1})
    assert blank.status_code == 422 and "place" in blank.json()["fields"]
    a = _post(client, url, {"day": "2024-01-10", "place": "Door", "count": 1}).json()
    _post(client, url, {"day": "2024-01-10", "place": "Stage", "count": 2})
    clash = patch(client, f"/api/v1/tallies/{a['id']}", {"place": "Stage"})
    assert clash.status_code == 422
    assert "Stage" in clash.json()["fields"]["place"][0]
    assert patch(client, f"/api/v1/tallies/{a['id']}", {"note": None}).status_code == 422
