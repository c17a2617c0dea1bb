"""Error messages of the floor plan, the stage and the meetings are translated when
they are shown, in the reader's language, not frozen at import time (issue: Korean
pages showed them in English)."""

import json
from unittest import mock

import pytest
from django.test import Client
from django.utils import translation
from django.utils.functional import Promise

from pavilion.meetings.services import BookingConflict
from pavilion.planning.floorplan import BoothConflict
from pavilion.stage.services import StageConflict


@pytest.mark.parametrize("conflict", [BookingConflict, BoothConflict, StageConflict])
def test_conflict_messages_are_lazy(conflict):
    for code, message in conflict.MESSAGES.items():
        assert isinstance(message, Promise), (conflict.__name__, code)


def _fake_korean(message):
    return f"KO:{message}"


@pytest.mark.parametrize(
    ("conflict", "code"),
    [
        (BookingConflict, "table_taken"),
        (BoothConflict, "outside_pavilion"),
        (BoothConflict, "booths_overlap"),
        (BoothConflict, "booth_taken"),
        (StageConflict, "stage_taken"),
    ],
)
def test_the_message_is_produced_in_the_language_active_when_raised(conflict, code):
    with translation.override("en"):
        english = str(conflict(code))
    with (
        translation.override("ko"),
        mock.patch.object(translation._trans, "gettext", _fake_korean, create=True),
    ):
        assert str(conflict(code)) == f"KO:{english}"
        assert str(conflict(code)) == translation.gettext(english)


@pytest.mark.django_db
def test_the_api_answers_stage_taken_in_the_requests_language(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="ko")
    client.force_login(world.operator)
    with mock.patch.object(translation._trans, "gettext", _fake_korean, create=True):
        response = client.post(
            f"/api/v1/editions/{world.edition.slug}/pitch-sessions",
            data=json.dumps(
                {
                    "stage_id": world.stage.pk,
                    "company_id": world.other_company.pk,
                    "title": "Clash",
                    "start": world.pitch.start.isoformat(),
                    "end": world.pitch.end.isoformat(),
                }
            ),
            content_type="application/json",
        )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "stage_taken"
    assert body["message"] == "KO:Another pitch is on this stage at that time."
