"""Agenda files: globally unique event ids, names in the reader's language."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from pavilion.meetings.models import Meeting, Slot


def test_the_agenda_ics_says_who_and_where_in_the_reader_s_language(world):
    start = world.consultation.occurred_at
    end = start + timedelta(minutes=30)
    slot = Slot.objects.create(edition=world.edition, start=start, end=end)
    meeting = Meeting.objects.create(
        edition=world.edition, company=world.company, partner=world.partner, slot=slot
    )
    client = Client()
    client.force_login(world.exhibitor)
    url = reverse("agenda-ics", args=[world.edition.slug])
    events = {}
    for language in ("en", "ko"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        (event,) = Calendar.from_ical(response.content).walk("VEVENT")
        events[language] = event
    assert str(events["en"]["uid"]) == f"meeting-{meeting.pk}.{world.edition.slug}@testserver"
    assert events["en"]["uid"] == events["ko"]["uid"]  # the same event in any language
    assert str(events["en"]["summary"]).startswith(world.company.name_en)
    assert str(events["ko"]["summary"]).startswith(world.company.name_ko)
    assert str(events["en"]["location"]) == f"{world.company.name_en}'s booth"
