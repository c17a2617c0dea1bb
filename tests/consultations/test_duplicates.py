"""A consultation logged twice (same edition, company, partner, time and kind)
is refused with a message naming the clash — by the form, the API, an import,
and when two requests race past the check — in English and Korean."""

import json
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from pavilion.consultations import services
from pavilion.consultations import transfer as transfer_module
from pavilion.consultations.models import Consultation
from pavilion.core import transfer
from tests.api import bearer

pytestmark = pytest.mark.django_db

# world.consultation: 2024-01-10 18:00 UTC, 10:00 in Las Vegas, kind export.
AT = datetime(2024, 1, 10, 18, 0, tzinfo=UTC)


def _log_again(world, **kw):
    return services.log_consultation(
        actor=world.operator,
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        kind="export",
        occurred_at=AT,
        currency="USD",
        **kw,
    )


def _says_the_clash(message: str, world) -> None:
    assert world.company.name_en in message or world.company.name_ko in message
    assert world.partner.name in message
    assert "10:00" in message  # the show's time, not UTC's 18:00
    assert "consultation_natural_key" not in message
    assert "already exists" not in message  # Django's generic "… with this … already exists"


def test_the_service_names_the_clash_in_english_and_korean(world):
    with pytest.raises(ValidationError) as caught:
        _log_again(world)
    message = caught.value.message_dict["occurred_at"][0]
    _says_the_clash(message, world)
    assert "Export / purchase" in message and "already" in message
    with translation.override("ko"), pytest.raises(ValidationError) as caught:
        _log_again(world)
    korean = caught.value.message_dict["occurred_at"][0]
    _says_the_clash(korean, world)
    assert "이미" in korean


def test_another_kind_at_the_same_time_is_fine(world):
    consultation = services.log_consultation(
        actor=world.operator,
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        kind="investment",
        occurred_at=AT,
        currency="USD",
    )
    assert consultation.pk


def test_a_correction_onto_another_consultation_s_key_is_refused_alike(world):
    other = services.log_consultation(
        actor=world.operator,
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        kind="investment",
        occurred_at=AT,
        currency="USD",
    )
    with pytest.raises(ValidationError) as caught:
        services.correct_consultation(actor=world.operator, consultation=other, kind="export")
    _says_the_clash(caught.value.message_dict["occurred_at"][0], world)


def test_a_race_past_the_check_gets_the_same_message(world, monkeypatch):
    """Two requests both checked before either saved: the database's constraint
    refuses the second, and it is answered like the check would have."""
    monkeypatch.setattr(services, "duplicate_problem", _only_after_the_save(services))
    with pytest.raises(ValidationError) as caught:
        _log_again(world)
    _says_the_clash(caught.value.message_dict["occurred_at"][0], world)
    assert Consultation.objects.filter(edition=world.edition, kind="export").count() == 1


def _only_after_the_save(module):
    real = module.duplicate_problem
    calls = []

    def check(consultation):
        calls.append(1)
        # The first call is the check before the save: the twin is not there yet.
        return None if len(calls) == 1 else real(consultation)

    return check


def test_the_form_shows_the_message(world):
    client = Client()
    client.force_login(world.exhibitor)
    response = client.post(
        reverse("consultation-log", args=[world.edition.slug]),
        {
            "company": world.company.pk,
            "partner": world.partner.pk,
            "kind": "export",
            "occurred_at": "2024-01-10T10:00",
            "currency": "USD",
            "stage": "consulted",
            "source": "walk_in",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "already have a consultation" in page
    assert "already exists" not in page


def test_the_api_answers_422_naming_the_clash(world):
    url = f"/api/v1/editions/{world.edition.slug}/consultations"
    body = {
        "company_id": world.company.pk,
        "partner_id": world.partner.pk,
        "kind": "export",
        "occurred_at": "2024-01-10T18:00:00Z",
        "currency": "USD",
    }
    answer = bearer(world.operator).post(
        url, data=json.dumps(body), content_type="application/json"
    )
    assert answer.status_code == 422
    _says_the_clash(answer.json()["fields"]["occurred_at"][0], world)
    korean = bearer(world.operator).post(
        url, data=json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE="ko"
    )
    assert korean.status_code == 422
    assert "이미" in korean.json()["fields"]["occurred_at"][0]


def test_an_import_racing_another_finds_its_consultation_instead_of_failing(world, monkeypatch):
    """An import finds a consultation by its natural key and updates it. One
    stored by a concurrent import after the file was checked makes the bulk
    insert fail on the unique constraint; the file is then checked and written
    again in one transaction, finds it, and neither duplicates it nor shows the
    database's message."""
    real = transfer_module.Lookups.consultation
    looks = []

    def blind_the_first_time(self, key):
        looks.append(key)
        return None if len(looks) == 1 else real(self, key)

    monkeypatch.setattr(transfer_module.Lookups, "consultation", blind_the_first_time)
    text = (
        "edition,business_registration_number,partner_name,partner_country,"
        "occurred_at,kind,currency,notes\n"
        f"{world.edition.slug},{world.company.brn_display},{world.partner.name},"
        f"{world.partner.country.code},2024-01-10 10:00,export,USD,seen again\n"
    )
    result = transfer.import_records(
        actor=world.operator,
        kind="consultations",
        filename="c.csv",
        content=text.encode(),
        dry_run=False,
    )
    assert result.ok, [str(e) for e in result.errors]
    assert len(looks) == 2
    assert [r.action for r in result.rows] == ["update"]
    assert Consultation.objects.filter(edition=world.edition, kind="export").count() == 1
    assert Consultation.objects.get(pk=world.consultation.pk).notes == "seen again"
