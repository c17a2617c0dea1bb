"""Pitch sessions against the stage, the company's other pitches and its meetings; the
meeting booking and the scheduler in turn respect the pitches."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from pavilion.consultations.models import Consultation
from pavilion.core.models import AuditEntry
from pavilion.meetings import scheduling
from pavilion.meetings import services as meeting_services
from pavilion.meetings.models import Meeting, MeetingRequest, Slot
from pavilion.stage import services
from pavilion.stage.models import PitchSession
from pavilion.stage.services import StageConflict
from tests import factories as f
from tests.api import bearer


@pytest.fixture
def slot(world):
    start = world.pitch.start - timedelta(minutes=10)  # overlaps the pitch's first 20 minutes
    return Slot.objects.create(
        edition=world.edition, start=start, end=start + timedelta(minutes=30)
    )


def test_two_pitches_cannot_share_the_stage(world):
    with pytest.raises(StageConflict) as exc:
        services.schedule_pitch(
            actor=world.operator,
            stage=world.stage,
            company=world.other_company,
            start=world.pitch.start + timedelta(minutes=5),
            end=world.pitch.end + timedelta(minutes=5),
            title="Quantum",
        )
    assert exc.value.code == "stage_taken"


def test_a_company_pitches_once_at_a_time(world):
    second = services.add_stage(actor=world.operator, edition=world.edition, name="Side stage")
    with pytest.raises(StageConflict) as exc:
        services.schedule_pitch(
            actor=world.operator,
            stage=second,
            company=world.company,
            start=world.pitch.start,
            end=world.pitch.end,
            title="Again",
        )
    assert exc.value.code == "company_on_stage"


def test_a_pitch_cannot_overlap_the_companys_meeting(world):
    start = world.pitch.end + timedelta(hours=1)
    slot = Slot.objects.create(
        edition=world.edition, start=start, end=start + timedelta(minutes=30)
    )
    Meeting.objects.create(
        edition=world.edition, company=world.company, partner=world.partner, slot=slot
    )
    with pytest.raises(StageConflict) as exc:
        services.schedule_pitch(
            actor=world.operator,
            stage=world.stage,
            company=world.company,
            start=start + timedelta(minutes=15),
            end=start + timedelta(minutes=45),
            title="Clash",
        )
    assert exc.value.code == "company_in_meeting"


def test_a_pitch_needs_a_participating_company_on_a_show_day(world, other_world):
    with pytest.raises(ValidationError) as exc:
        services.schedule_pitch(
            actor=world.operator,
            stage=world.stage,
            company=world.company,
            start=world.pitch.start + timedelta(days=30),
            end=world.pitch.end + timedelta(days=30),
            title="Too late",
        )
    assert "start" in exc.value.message_dict


def test_booking_a_meeting_during_the_pitch_is_refused(world, slot):
    with pytest.raises(meeting_services.BookingConflict) as exc:
        meeting_services.book_meeting(
            actor=world.operator,
            edition=world.edition,
            company=world.company,
            partner=world.partner,
            slot=slot,
        )
    assert exc.value.code == "on_stage"
    assert "stage" in str(exc.value)
    # Another company is free in that slot.
    meeting_services.book_meeting(
        actor=world.operator,
        edition=world.edition,
        company=world.other_company,
        partner=world.partner,
        slot=slot,
    )


def test_the_scheduler_sees_the_pitch_as_unavailable(world, slot):
    MeetingRequest.objects.create(
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        company_wants=True,
        status="accepted",
    )
    problem, _records = scheduling.build_problem(world.edition)
    company = next(p for p in problem.participants if p.id == f"c{world.company.pk}")
    assert f"s{slot.pk}" in company.unavailable
    services.cancel_pitch(actor=world.operator, session=world.pitch)
    problem, _records = scheduling.build_problem(world.edition)
    company = next(p for p in problem.participants if p.id == f"c{world.company.pk}")
    assert f"s{slot.pk}" not in company.unavailable


def test_a_pitch_can_be_the_source_of_a_consultation(world):
    consultation = services.record_pitch_consultation(
        actor=world.operator, session=world.pitch, partner=world.partner, kind="investment"
    )
    assert consultation.source == "pitch"
    assert list(world.pitch.consultations.all()) == [consultation]


def test_a_pitch_consultation_needs_a_chosen_buyer_and_checks_kind_amount_and_currency(world):
    with pytest.raises(ValidationError) as error:
        services.record_pitch_consultation(
            actor=world.operator,
            session=world.pitch,
            partner=None,
            kind="nope",
            amount="lots",
            currency="XXX",
        )
    assert set(error.value.message_dict) == {"partner", "kind", "amount", "currency"}
    assert not world.pitch.consultations.exists()
    with pytest.raises(PermissionDenied):
        services.record_pitch_consultation(
            actor=f.user(role="exhibitor", company=world.other_company),
            session=world.pitch,
            partner=world.partner,
        )
    # The edition's consultations so far are in won: a new one starts in won.
    Consultation.objects.filter(edition=world.edition).update(currency="KRW")
    consultation = services.record_pitch_consultation(
        actor=world.operator, session=world.pitch, partner=world.partner
    )
    # Like a lead's: kind "other" unless chosen, no amount, the edition's usual currency.
    assert (consultation.kind, consultation.amount, consultation.currency) == ("other", None, "KRW")


def test_the_pitch_consultation_form_starts_with_no_buyer_and_refuses_one_click(world, client):
    """One click recorded "<company> × <first partner>": the buyer now starts empty
    and is required, with kind, amount and currency as on the lead page."""
    Consultation.objects.filter(edition=world.edition).update(currency="EUR")
    client.force_login(world.operator)
    page = _agenda(client, world).content.decode()
    form = page[page.index(f'id="pitch-{world.pitch.pk}-consultation"') :]
    form = form[: form.index("</form>")]
    assert '<select name="partner" required><option value="">' in form
    assert " selected>" + world.partner.name not in form
    assert 'name="amount"' in form and '<option value="EUR" selected>' in form
    assert '<option value="other" selected>' in form

    url = reverse("stage-agenda", args=[world.edition.slug])
    response = client.post(url, {"consultation": world.pitch.pk, "kind": "investment"})
    assert response.status_code == 200
    assert set(response.context["sessions"][0].consultation_form["errors"]) == {"partner"}
    assert "Choose the buyer or investor who talked to the company." in response.content.decode()
    assert not world.pitch.consultations.exists()

    sent = {
        "consultation": world.pitch.pk,
        "partner": world.partner.pk,
        "kind": "investment",
        "amount": "1,250,000",
        "currency": "USD",
    }
    response = client.post(url, {**sent, "amount": "lots"})
    assert response.status_code == 200
    assert 'value="lots"' in response.content.decode()  # what was typed is kept
    assert not world.pitch.consultations.exists()
    assert client.post(url, sent).status_code == 302
    consultation = world.pitch.consultations.get()
    assert (
        consultation.partner,
        consultation.kind,
        consultation.amount,
        consultation.currency,
    ) == (
        world.partner,
        "investment",
        Decimal("1250000"),
        "USD",
    )
    assert consultation.source == "pitch"


def _agenda(client, world, ics=False):
    return client.get(
        reverse("stage-agenda-ics" if ics else "stage-agenda", args=[world.edition.slug])
    )


def test_the_agenda_is_the_organisation_s_until_an_operator_makes_it_public(
    world, other_world, client
):
    # Not public: someone not signed in is asked to sign in; another organisation finds nothing.
    assert _agenda(client, world).status_code == 302
    assert _agenda(client, world, ics=True).status_code == 302
    client.force_login(other_world.operator)
    assert _agenda(client, world).status_code == 404
    client.logout()

    with pytest.raises(PermissionDenied):
        services.set_agenda_public(actor=world.exhibitor, edition=world.edition, public=True)
    with pytest.raises(PermissionDenied):
        services.set_agenda_public(actor=other_world.operator, edition=world.edition, public=True)
    operator = Client()
    operator.force_login(world.operator)
    response = operator.post(reverse("stage-agenda", args=[world.edition.slug]), {"public": "1"})
    assert response.status_code == 302
    world.edition.refresh_from_db()
    assert world.edition.stage_agenda_public
    assert AuditEntry.objects.filter(action="stage.agenda_published").count() == 1

    # Public: anyone reads the pitches, with nothing of the organisation's private pages.
    page = _agenda(client, world)
    assert page.status_code == 200
    html = page.content.decode()
    assert world.pitch.title in html and world.company.name in html
    assert reverse("company-detail", args=[world.company.pk]) not in html
    assert reverse("floor-plan", args=[world.edition.slug]) not in html
    assert world.partner.name not in html and 'name="partner"' not in html
    # A visitor who has an account can sign in from the public page, and come back to it.
    assert 'id="login-link"' in html and "next=/editions/" in html
    ics = _agenda(client, world, ics=True)
    assert ics.status_code == 200 and world.pitch.title in ics.content.decode()
    # Reading only: nobody outside acts on a pitch.
    assert (
        client.post(
            reverse("stage-agenda", args=[world.edition.slug]), {"cancel": world.pitch.pk}
        ).status_code
        == 302
    )  # to the sign-in page
    client.force_login(other_world.operator)
    assert _agenda(client, world).status_code == 200
    for data in ({"cancel": world.pitch.pk}, {"public": "0"}, {"consultation": world.pitch.pk}):
        response = client.post(reverse("stage-agenda", args=[world.edition.slug]), data)
        assert response.status_code == 404
    assert PitchSession.objects.filter(pk=world.pitch.pk).exists()
    # The other organisation's own editions stay closed to this one's outsiders.
    client.force_login(world.exhibitor)
    assert _agenda(client, other_world).status_code == 404

    operator.post(reverse("stage-agenda", args=[world.edition.slug]), {"public": "0"})
    client.logout()
    assert _agenda(client, world).status_code == 302


def test_the_api_opens_and_closes_the_agenda_for_operators_only(world, client):

    url = f"/api/v1/editions/{world.edition.slug}/stage-agenda"
    for role in ("official", "exhibitor", "partner_user"):
        response = bearer(getattr(world, role)).put(
            url, data={"public": True}, content_type="application/json"
        )
        assert response.status_code == 403, role
    assert _agenda(client, world).status_code == 302

    operator = bearer(world.operator)
    response = operator.put(url, data={"public": True}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["public"] is True
    assert response.json()["url"].endswith(reverse("stage-agenda", args=[world.edition.slug]))
    assert operator.get(f"/api/v1/editions/{world.edition.slug}").json()["stage_agenda_public"]
    assert _agenda(client, world).status_code == 200
    assert AuditEntry.objects.filter(action="stage.agenda_published").count() == 1

    operator.put(url, data={"public": False}, content_type="application/json")
    assert _agenda(client, world).status_code == 302
    assert AuditEntry.objects.filter(action="stage.agenda_unpublished").count() == 1


def test_the_pitch_form_lists_selected_and_confirmed_companies_or_says_why_it_is_empty(
    world, client
):
    client.force_login(world.operator)
    hint = "No company can pitch yet"
    page = _agenda(client, world).content.decode()
    assert world.company.name_en in page[page.index('id="pitch-form"') :]
    assert hint not in page
    world.participation.status = "selected"  # selected counts, as in the service
    world.participation.save()
    page = _agenda(client, world).content.decode()
    assert world.company.name_en in page[page.index('id="pitch-form"') :]
    world.edition.participations.update(status="applied")
    with translation.override("en"):
        page = _agenda(client, world).content.decode()
    assert hint in page
    # …and the hint is translatable: it goes through gettext in the reader's language.
    with mock.patch.object(translation._trans, "gettext", lambda m: f"KO:{m}", create=True):
        page = client.get(
            reverse("stage-agenda", args=[world.edition.slug]), HTTP_ACCEPT_LANGUAGE="ko"
        ).content.decode()
    assert f"KO:{hint}" in page


def test_the_ics_has_globally_unique_uids_and_names_in_the_readers_language(world, client):
    from icalendar import Calendar

    world.company.name_ko = "대전로보틱스"
    world.company.save()
    client.force_login(world.operator)

    def events(language):
        response = client.get(
            reverse("stage-agenda-ics", args=[world.edition.slug]),
            HTTP_ACCEPT_LANGUAGE=language,
        )
        return list(Calendar.from_ical(response.content).walk("VEVENT"))

    (korean,) = events("ko")
    assert str(korean["summary"]) == f"대전로보틱스: {world.pitch.title}"
    (english,) = events("en")
    assert str(english["summary"]) == f"{world.company.name_en}: {world.pitch.title}"
    uid = str(english["uid"])
    assert uid == f"pitch-{world.pitch.pk}.{world.edition.slug}@testserver"
    assert str(korean["uid"]) == uid  # stable
