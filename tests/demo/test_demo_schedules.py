"""Issue #15: the demo's schedules. CES 2024 has the published scheduler run its meetings
came from (and the consultations link to those meetings); CES 2025 has a draft made by
the scheduler itself from its accepted requests, slots and tables, to review."""

import pytest
from django.test import Client

from pavilion.accounts.models import User
from pavilion.consultations.models import Consultation
from pavilion.demo.loader import load_demo
from pavilion.meetings.models import Meeting, MeetingRequest, ScheduleRun, Slot, Unavailability
from pavilion.shows.models import Edition


@pytest.fixture
def demo(db):
    assert load_demo() is True


def test_ces_2024_has_the_published_run_its_meetings_came_from(demo):
    edition = Edition.objects.get(slug="ces-2024")
    runs = list(ScheduleRun.objects.filter(edition=edition))
    assert [r.state for r in runs] == [ScheduleRun.State.PUBLISHED]
    run = runs[0]
    meetings = Meeting.objects.filter(edition=edition)
    assert meetings.exists() and not meetings.filter(draft=True).exists()
    assert run.stats["scheduled"] == meetings.count()
    assert sum(run.stats["meetings_per_day"].values()) == meetings.count()
    # Published before the show opened, by the operator.
    assert run.started_at.date() < edition.start_date
    assert run.started_by == User.objects.get(username="operator")
    # The consultations from meetings link to the published run's held meetings.
    linked = Consultation.objects.filter(edition=edition, source="meeting", meeting__isnull=False)
    assert linked.count() == Consultation.objects.filter(edition=edition, source="meeting").count()
    assert all(c.meeting.status == "held" and not c.meeting.draft for c in linked)


def test_ces_2025_has_a_valid_draft_from_the_scheduler_to_review(demo):
    edition = Edition.objects.get(slug="ces-2025")
    run = ScheduleRun.objects.get(edition=edition)
    assert run.state == ScheduleRun.State.DRAFT and run.progress == 100
    drafts = list(Meeting.objects.filter(edition=edition).select_related("slot", "request"))
    assert drafts and all(m.draft for m in drafts)  # nothing published yet
    assert len(drafts) == run.stats["scheduled"] >= 0.99 * run.stats["upper_bound"]
    # Valid: from accepted requests, one per request, nobody and no table twice in a slot,
    # within the slots, nobody while away.
    assert all(m.request.status == "accepted" for m in drafts)
    for m in drafts:
        assert (m.company_id, m.partner_id) == (m.request.company_id, m.request.partner_id)
    assert len({m.request_id for m in drafts}) == len(drafts)
    for who in ("company_id", "partner_id"):
        keys = [(m.slot_id, getattr(m, who)) for m in drafts]
        assert len(keys) == len(set(keys)), who
    tables = [(m.slot_id, m.table_id) for m in drafts if m.table_id]
    assert len(tables) == len(set(tables))
    slots = set(Slot.objects.filter(edition=edition).values_list("pk", flat=True))
    assert {m.slot_id for m in drafts} <= slots
    away = Unavailability.objects.get(edition=edition)
    assert not any(m.partner_id == away.partner_id for m in drafts)
    # The buyer who cannot come: its accepted requests are listed with their reason.
    left_out = MeetingRequest.objects.filter(pk__in=[int(pk) for pk in run.unscheduled])
    assert left_out.exists() and all(r.partner_id == away.partner_id for r in left_out)
    # The operator reviews it: the page shows the draft, what was left out and Publish.
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(User.objects.get(username="operator"))
    page = client.get("/editions/ces-2025/meetings/").content.decode()
    assert 'id="publish"' in page and "Not placed" in page and "no common free slot" in page
