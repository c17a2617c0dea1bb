"""Pitch sessions against the stage, the company's other pitches and its meetings; the
meeting booking and the scheduler in turn respect the pitches."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from pavilion.meetings import scheduling
from pavilion.meetings import services as meeting_services
from pavilion.meetings.models import Meeting, MeetingRequest, Slot
from pavilion.stage import services
from pavilion.stage.services import StageConflict


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
