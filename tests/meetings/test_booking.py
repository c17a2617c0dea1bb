"""Slots, requests and bookings: no double-booking, even under concurrency."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from pavilion.companies.models import Company
from pavilion.meetings import services
from pavilion.meetings.models import Meeting, Room, Table, Unavailability
from pavilion.partners.models import Partner
from tests import factories as f


@pytest.fixture
def space(world):
    room = Room.objects.create(edition=world.edition, name="Business lounge")
    tables = [Table.objects.create(room=room, number=str(n)) for n in (1, 2)]
    slots = services.generate_slots(
        actor=world.operator,
        edition=world.edition,
        days=[date(2024, 1, 9), date(2024, 1, 10)],
        opens=time(10, 0),
        closes=time(12, 0),
        minutes=30,
        breaks=[(time(11, 0), time(11, 30))],
    )
    return tables, slots


def test_slots_follow_windows_breaks_and_the_show_time_zone(world, space):
    _tables, slots = space
    assert len(slots) == 6  # 10:00, 10:30, 11:30 on each of two days
    first = slots[0].start.astimezone(world.edition.tzinfo)
    assert (first.hour, first.minute) == (10, 0)
    again = services.generate_slots(
        actor=world.operator,
        edition=world.edition,
        days=[date(2024, 1, 9)],
        opens=time(10, 0),
        closes=time(12, 0),
        minutes=30,
    )
    assert len(again) == 1  # only 11:00 was new (no break this time)


def test_slots_that_would_overlap_existing_ones_are_refused_whole(world, space):
    before = world.edition.slots.count()
    with pytest.raises(ValidationError) as refused:
        services.generate_slots(
            actor=world.operator,
            edition=world.edition,
            days=[date(2024, 1, 10)],
            opens=time(9, 0),
            closes=time(12, 0),
            minutes=45,  # 09:45–10:30 would overlap 10:00–10:30
        )
    assert "would overlap the existing slot" in refused.value.message_dict["opens"][0]
    assert world.edition.slots.count() == before  # not even the 09:00 slot


def test_requests_become_mutual_and_are_answered_by_the_other_side(world):
    req = services.request_meeting(
        actor=world.partner_user,
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        message="We distribute in the US",
    )
    assert req.status == "pending" and req.partner_wants and not req.company_wants
    with pytest.raises(PermissionDenied):
        services.answer_request(actor=world.partner_user, request=req, accept=True)
    services.answer_request(actor=world.exhibitor, request=req, accept=True)
    req.refresh_from_db()
    assert req.status == "accepted"
    mutual = services.request_meeting(
        actor=world.exhibitor, edition=world.edition, company=world.company, partner=world.partner
    )
    assert mutual.pk == req.pk and mutual.mutual


def test_no_double_booking(world, space):
    tables, slots = space
    book = lambda **kw: services.book_meeting(actor=world.operator, edition=world.edition, **kw)  # noqa: E731
    other_partner = f.partner(organisation=world.organisation)
    book(company=world.company, partner=world.partner, slot=slots[0], table=tables[0])
    for kwargs, code in [
        (
            {"company": world.other_company, "partner": other_partner, "table": tables[0]},
            "table_taken",
        ),
        ({"company": world.company, "partner": other_partner, "table": tables[1]}, "company_busy"),
        ({"company": world.other_company, "partner": world.partner, "table": None}, "partner_busy"),
    ]:
        with pytest.raises(services.BookingConflict) as conflict:
            book(slot=slots[0], **kwargs)
        assert conflict.value.code == code
    cancelled = Meeting.objects.get()
    services.set_status(actor=world.operator, meeting=cancelled, status="cancelled")
    book(company=world.other_company, partner=other_partner, slot=slots[0], table=tables[0])


def test_unavailability_is_respected(world, space):
    tables, slots = space
    Unavailability.objects.create(
        edition=world.edition,
        company=world.company,
        start=slots[0].start,
        end=slots[0].end,
        reason="Pitching stage",
    )
    with pytest.raises(services.BookingConflict) as conflict:
        services.book_meeting(
            actor=world.operator,
            edition=world.edition,
            company=world.company,
            partner=world.partner,
            slot=slots[0],
            table=tables[0],
        )
    assert conflict.value.code == "unavailable"


def test_a_held_meeting_becomes_a_consultation_in_one_step(world, space):
    tables, slots = space
    meeting = services.book_meeting(
        actor=world.operator,
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        slot=slots[1],
        table=tables[1],
    )
    services.set_status(actor=world.exhibitor, meeting=meeting, status="held")
    consultation = services.record_as_consultation(
        actor=world.exhibitor, meeting=meeting, kind="export"
    )
    assert consultation.source == "meeting" and consultation.occurred_at == slots[1].start
    assert (
        services.record_as_consultation(actor=world.exhibitor, meeting=meeting, kind="export")
        == consultation
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_hundred_simultaneous_bookings_of_one_table_give_one_meeting(world):
    if connection.vendor != "postgresql":
        pytest.skip("the concurrency test runs on PostgreSQL (DATABASE_URL=postgres://…)")
    room = Room.objects.create(edition=world.edition, name="Lounge")
    table = Table.objects.create(room=room, number="1")
    slot = services.generate_slots(
        actor=world.operator,
        edition=world.edition,
        days=[world.edition.start_date],
        opens=time(10),
        closes=time(10, 30),
        minutes=30,
    )[0]
    companies = Company.objects.bulk_create(
        Company(
            organisation=world.organisation,
            name_en=f"C{i}",
            name_ko=f"기업{i}",
            business_registration_number=f.make_brn(),
        )
        for i in range(200)
    )
    partners = Partner.objects.bulk_create(
        Partner(organisation=world.organisation, name=f"P{i}", country="US", kind="buyer")
        for i in range(200)
    )
    start = threading.Barrier(40)

    def attempt(i):
        try:
            if i < 40:
                start.wait(timeout=30)  # the first wave leaves together
            services.book_meeting(
                actor=world.operator,
                edition=world.edition,
                company=companies[i],
                partner=partners[i],
                slot=slot,
                table=table,
            )
            return "booked"
        except services.BookingConflict as conflict:
            return conflict.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(attempt, range(200)))
    assert answers.count("booked") == 1
    assert answers.count("table_taken") == 199
    assert Meeting.objects.filter(slot=slot, table=table).count() == 1


def test_the_scheduler_drafts_and_publishes_valid_meetings(world, space):
    from pavilion.meetings import scheduling

    _tables, slots = space
    partners = [f.partner(organisation=world.organisation) for _ in range(4)]
    companies = [world.company, world.other_company]
    for company in companies:
        for partner in partners:
            services.request_meeting(
                actor=world.operator, edition=world.edition, company=company, partner=partner
            )
    Unavailability.objects.create(
        edition=world.edition, company=world.company, start=slots[0].start, end=slots[1].end
    )
    run = scheduling.run_scheduler(actor=world.operator, edition=world.edition, time_limit=5)
    drafts = Meeting.objects.filter(edition=world.edition, draft=True)
    assert run.state == "draft" and drafts.count() == run.stats["scheduled"] == 8
    assert not drafts.filter(company=world.company, slot__in=slots[:2]).exists()
    assert scheduling.publish(actor=world.operator, run=run) == 8
    again = scheduling.run_scheduler(actor=world.operator, edition=world.edition, time_limit=5)
    assert again.stats["requested"] == 0  # everything is booked already


def test_daily_quota_per_role(world, space):
    from pavilion.meetings.models import MeetingRules

    tables, slots = space
    MeetingRules.objects.create(edition=world.edition, partner_daily_quota=1)
    book = lambda company, slot: services.book_meeting(  # noqa: E731
        actor=world.operator,
        edition=world.edition,
        company=company,
        partner=world.partner,
        slot=slot,
        table=tables[0],
    )
    book(world.company, slots[0])
    with pytest.raises(services.BookingConflict) as conflict:
        book(world.other_company, slots[1])  # same day
    assert conflict.value.code == "quota_reached"
    book(world.other_company, slots[3])  # the next day


def test_move_and_swap_keep_everyone_single_booked(world, space):
    tables, slots = space
    other_partner = f.partner(organisation=world.organisation)
    book = lambda **kw: services.book_meeting(actor=world.operator, edition=world.edition, **kw)  # noqa: E731
    a = book(company=world.company, partner=world.partner, slot=slots[0], table=tables[0])
    b = book(company=world.other_company, partner=other_partner, slot=slots[1], table=tables[0])
    with pytest.raises(services.BookingConflict) as conflict:
        services.move_meeting(actor=world.operator, meeting=a, slot=slots[1], table=tables[0])
    assert conflict.value.code == "table_taken"
    a.refresh_from_db()
    assert a.slot == slots[0]
    services.swap_meetings(actor=world.operator, first=a, second=b)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.slot, b.slot) == (slots[1], slots[0]) and a.status == b.status == "scheduled"
    services.move_meeting(actor=world.operator, meeting=a, slot=slots[2], table=None)
    a.refresh_from_db()
    assert a.table is None and a.slot == slots[2]


def test_a_company_marks_when_it_cannot_meet(world, space, client):
    _tables, slots = space
    client.force_login(world.exhibitor)
    url = f"/editions/{world.edition.slug}/availability/"
    response = client.post(
        url, {"day": "2024-01-09", "from": "10:00", "to": "10:30", "reason": "Pitch"}
    )
    assert response.status_code == 302
    item = Unavailability.objects.get()
    assert item.company == world.company and item.start == slots[0].start
    assert services.unavailable(world.edition, company=world.company, partner=None, slot=slots[0])
    assert (
        client.post(url, {"day": "2024-01-09", "from": "11:00", "to": "10:00"}).status_code == 302
    )
    assert Unavailability.objects.count() == 1  # the backwards time was refused


def test_the_scheduler_counts_published_meetings_against_the_daily_quota(world, space):
    from pavilion.meetings import scheduling
    from pavilion.meetings.models import MeetingRules

    tables, slots = space
    MeetingRules.objects.create(edition=world.edition, partner_daily_quota=1)
    services.book_meeting(
        actor=world.operator,
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        slot=slots[0],
        table=tables[0],
    )
    services.request_meeting(
        actor=world.operator,
        edition=world.edition,
        company=world.other_company,
        partner=world.partner,
    )
    scheduling.run_scheduler(actor=world.operator, edition=world.edition, time_limit=5)
    draft = Meeting.objects.get(draft=True)
    assert draft.slot.start.date() != slots[0].start.date()  # not on the partner's full day


def test_a_time_outside_the_show_cannot_be_marked(world):
    from datetime import datetime

    zone = world.edition.tzinfo
    for start in (datetime(2031, 1, 1, 10, tzinfo=zone), datetime(2024, 1, 8, 10, tzinfo=zone)):
        with pytest.raises(ValidationError) as refused:
            services.mark_unavailable(
                actor=world.exhibitor,
                edition=world.edition,
                company=world.company,
                start=start,
                end=start.replace(hour=11),
            )
        assert "within the show's days" in refused.value.message_dict["start"][0]
    assert not Unavailability.objects.filter(company=world.company).exists()
