"""Times on lead, call, application and report pages are the show's, and say so."""

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from pavilion.consultations.models import FollowUpRound, FollowUpTask
from pavilion.planning.models import Application, CallForParticipation
from pavilion.reports import services as reports
from pavilion.reports.models import ReportSnapshot

pytestmark = pytest.mark.django_db

ZONE = "America/Los_Angeles"
# 02:00 UTC on the 13th is 18:00 on the 12th in Las Vegas.
LATE = datetime(2024, 1, 13, 2, 0, tzinfo=UTC)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_lead_pages_and_export_name_the_zone(world):
    client = _client(world.exhibitor)  # the lead was met at 10:00 show time (18:00 UTC)
    page = client.get(reverse("lead-list", args=[world.edition.slug])).content.decode()
    assert f"({ZONE})" in page.split("</thead>")[0] and "Wed 10 Jan 2024 10:00" in page
    detail = client.get(reverse("lead-detail", args=[world.lead.pk])).content.decode()
    assert f'id="met-at">Wed 10 Jan 2024 10:00 ({ZONE})' in detail
    response = client.get(reverse("lead-export", args=[world.edition.slug]))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    csv = content.decode("utf-8-sig")
    header, row = csv.splitlines()[:2]
    assert f"Met at ({ZONE})" in header and "2024-01-10 10:00" in row


def test_the_call_and_an_application_give_show_times(world):
    CallForParticipation.objects.filter(pk=world.cfp.pk).update(opens_at=LATE)
    Application.objects.filter(pk=world.application.pk).update(submitted_at=LATE)
    client = _client(world.operator)
    call = client.get(reverse("cfp", args=[world.edition.slug])).content.decode()
    assert f'id="cfp-opens">Fri 12 Jan 2024 18:00 ({ZONE})' in call
    page = client.get(reverse("application-detail", args=[world.application.pk])).content.decode()
    state = page.split('id="application-state">')[1].split("</dd>")[0]
    assert f"Fri 12 Jan 2024 18:00 ({ZONE})" in state


def test_a_frozen_report_gives_its_time_in_show_time(world):
    snapshot = reports.freeze_report(actor=world.operator, edition=world.edition, title="Final")
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(frozen_at=LATE)
    client = _client(world.operator)
    page = client.get(reverse("report-snapshot", args=[snapshot.pk])).content.decode()
    note = page.split('id="frozen-note">')[1].split("</p>")[0]
    assert f"Fri 12 Jan 2024 18:00 ({ZONE}; frozen by" in note
    assert "13 Jan" not in note
    live = client.get(reverse("edition-report", args=[world.edition.slug])).content.decode()
    assert f"Fri 12 Jan 2024 18:00 ({ZONE})" in live


def test_a_follow_up_task_answered_says_when_in_show_time(world):
    round_ = FollowUpRound.objects.create(
        edition=world.edition, months_after=1, due_on=datetime(2024, 2, 12).date()
    )
    task = FollowUpTask.objects.create(round=round_, company=world.company, answered_at=LATE)
    page = _client(world.exhibitor).get(reverse("follow-up-task", args=[task.pk]))
    answered = page.content.decode().split('id="answered">')[1].split("</p>")[0]
    assert f"Fri 12 Jan 2024 18:00 ({ZONE})" in answered
