"""Meeting e-mails through the real SMTP server: requests, the published schedule with
each person's ICS, moves and cancellations, reminders in the show's time zone."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from icalendar import Calendar

from pavilion.meetings import scheduling, services
from pavilion.meetings.models import Meeting, Room, ScheduleRun, Slot, Table
from pavilion.meetings.notify import send_reminders
from pavilion.notifications.models import OutboxMessage


def _plain(message) -> str:
    return message.get_body(("plain",)).get_content()


def _ics(message) -> Calendar:
    (attachment,) = [
        a for a in message.iter_attachments() if a.get_content_type() == "text/calendar"
    ]
    return Calendar.from_ical(attachment.get_content())


@pytest.fixture
def english(world):
    for user in (world.exhibitor, world.partner_user):
        user.language = "en"
        user.save()
    return world


@pytest.fixture
def space(world):
    """Two slots on the show's first day (Las Vegas: 10:00 and 10:30) and a table."""
    room = Room.objects.create(edition=world.edition, name="Lounge")
    table = Table.objects.create(room=room, number="7")
    first = datetime(2024, 1, 9, 18, 0, tzinfo=UTC)  # 10:00 in Las Vegas
    slots = [
        Slot.objects.create(
            edition=world.edition,
            start=first + timedelta(minutes=30 * i),
            end=first + timedelta(minutes=30 * (i + 1)),
        )
        for i in range(2)
    ]
    return table, slots


def test_a_request_mails_the_asked_side_with_a_link(
    english, mail_server, django_capture_on_commit_callbacks
):
    world = english
    with django_capture_on_commit_callbacks(execute=True):
        services.request_meeting(
            actor=world.exhibitor,
            edition=world.edition,
            company=world.company,
            partner=world.partner,
            message="Let us talk about care robots",
        )
    (received,) = mail_server.wait_for(1)
    assert received["To"] == world.partner_user.email
    assert received["Subject"] == "Daejeon Robotics asks to meet you"
    text = _plain(received)
    assert "Let us talk about care robots" in text
    assert f"https://pavilion.test/editions/{world.edition.slug}/requests/" in text
    # Asking again is refused (the first message stays) and sends nothing.
    mail_server.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as refused,
    ):
        services.request_meeting(
            actor=world.exhibitor,
            edition=world.edition,
            company=world.company,
            partner=world.partner,
        )
    assert refused.value.code == "already_asked"
    assert mail_server.messages == []


def test_an_answer_mails_the_side_that_asked(
    english, mail_server, django_capture_on_commit_callbacks
):
    world = english
    request = services.request_meeting(
        actor=world.exhibitor, edition=world.edition, company=world.company, partner=world.partner
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_request(actor=world.partner_user, request=request, accept=False)
    (received,) = mail_server.wait_for(1)
    assert received["To"] == world.exhibitor.email
    assert received["Subject"] == f"Meeting request with {world.partner.name} declined"


def test_a_korean_person_gets_the_request_in_korean(
    world, mail_server, django_capture_on_commit_callbacks
):
    assert world.partner_user.language == "ko"
    with django_capture_on_commit_callbacks(execute=True):
        services.request_meeting(
            actor=world.exhibitor,
            edition=world.edition,
            company=world.company,
            partner=world.partner,
        )
    (received,) = mail_server.wait_for(1)
    # Django folds a non-ASCII subject onto a continuation line; the parser keeps the
    # folding space in front (mail clients drop it).
    assert received["Subject"].strip() == f"{world.company.name_ko}에서 미팅을 요청했습니다"
    assert "요청" in _plain(received) and "Content-Language" in received
    assert received["Content-Language"] == "ko"


def test_publishing_sends_each_person_their_agenda_with_its_ics(
    english, space, mail_server, django_capture_on_commit_callbacks
):
    world = english
    table, slots = space
    run = ScheduleRun.objects.create(edition=world.edition, state=ScheduleRun.State.DRAFT)
    for slot, partner in ((slots[0], world.partner),):
        Meeting.objects.create(
            edition=world.edition,
            company=world.company,
            partner=partner,
            slot=slot,
            table=table,
            draft=True,
        )
    # The other company's meeting is not this exhibitor's business.
    Meeting.objects.create(
        edition=world.edition,
        company=world.other_company,
        partner=world.partner,
        slot=slots[1],
        draft=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert scheduling.publish(actor=world.operator, run=run) == 2
    mail_server.wait_for(2)
    (mine,) = mail_server.to(world.exhibitor.email)
    assert mine["Subject"] == "CES 2024: your meeting schedule"
    text = _plain(mine)
    assert "Tue 9 Jan 2024 10:00–10:30" in text and "America/Los_Angeles" in text
    assert f"https://pavilion.test/editions/{world.edition.slug}/agenda/" in text
    events = _ics(mine).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [f"Daejeon Robotics × {world.partner.name}"]
    start = events[0].decoded("dtstart")
    assert start == slots[0].start and str(start.tzinfo) == "America/Los_Angeles"
    assert str(events[0]["location"]) == "Lounge 7"
    # The partner meets both companies: both meetings are on its agenda.
    (theirs,) = mail_server.to(world.partner_user.email)
    assert len(_ics(theirs).walk("VEVENT")) == 2


def test_a_moved_and_a_cancelled_meeting_are_mailed_to_both_sides(
    english, space, mail_server, django_capture_on_commit_callbacks
):
    world = english
    table, slots = space
    meeting = Meeting.objects.create(
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        slot=slots[0],
        table=table,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.move_meeting(actor=world.operator, meeting=meeting, slot=slots[1], table=table)
    mail_server.wait_for(2)
    (moved,) = mail_server.to(world.exhibitor.email)
    assert moved["Subject"] == f"Meeting with {world.partner.name} moved"
    assert "Tue 9 Jan 2024 10:30–11:00" in _plain(moved)
    assert "Before: Tue 9 Jan 2024 10:00" in _plain(moved)
    assert f"https://pavilion.test/meetings/{meeting.pk}/" in _plain(moved)
    assert _ics(moved).walk("VEVENT")[0].decoded("dtstart") == slots[1].start
    mail_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_status(actor=world.exhibitor, meeting=meeting, status="cancelled")
    mail_server.wait_for(2)
    (cancelled,) = mail_server.to(world.partner_user.email)
    assert cancelled["Subject"] == "Meeting with Daejeon Robotics cancelled"


def test_a_draft_meeting_moves_silently(
    english, space, mail_server, django_capture_on_commit_callbacks
):
    world = english
    table, slots = space
    meeting = Meeting.objects.create(
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        slot=slots[0],
        table=table,
        draft=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.move_meeting(actor=world.operator, meeting=meeting, slot=slots[1], table=table)
    assert OutboxMessage.objects.count() == 0


def test_reminders_go_the_day_before_in_the_shows_time_zone_once(
    english, space, mail_server, django_capture_on_commit_callbacks
):
    world = english
    table, slots = space
    Meeting.objects.create(
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        slot=slots[0],
        table=table,
    )
    # 8 January 08:00 in Las Vegas (16:00 UTC): the day before, but before 09:00.
    early = datetime(2024, 1, 8, 16, 0, tzinfo=UTC)
    assert send_reminders(now=early) == 0
    # 8 January 23:30 in Las Vegas is already 9 January in UTC and in Seoul: still the
    # day before for the show.
    late = datetime(2024, 1, 9, 7, 30, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(now=late) == 2
        assert send_reminders(now=late + timedelta(minutes=5)) == 0  # once a day
    mail_server.wait_for(2)
    (reminder,) = mail_server.to(world.exhibitor.email)
    assert reminder["Subject"] == "Tomorrow at CES 2024: your meetings"
    assert "Tue 9 Jan 2024 10:00–10:30" in _plain(reminder)
    assert len(_ics(reminder).walk("VEVENT")) == 1
    # On the show day itself nothing more goes out for that day.
    assert send_reminders(now=datetime(2024, 1, 9, 17, 0, tzinfo=UTC)) == 0
    assert OutboxMessage.objects.filter(kind="meeting_reminder").count() == 2


def test_a_person_who_turned_reminders_off_gets_none(
    english, space, mail_server, django_capture_on_commit_callbacks, client
):
    world = english
    table, slots = space
    Meeting.objects.create(
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        slot=slots[0],
        table=table,
    )
    client.force_login(world.exhibitor)
    keep = ["meeting_request_received", "meeting_request_answered", "schedule_published"]
    assert client.post("/notifications/settings/", {"on": keep}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(now=datetime(2024, 1, 9, 7, 30, tzinfo=UTC))
    mail_server.wait_for(1)
    assert [m["To"] for m in mail_server.messages] == [world.partner_user.email]
    skipped = OutboxMessage.objects.get(recipient=world.exhibitor)
    assert skipped.state == "skipped"
