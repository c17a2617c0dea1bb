"""Issue #15: the demo tells the whole story. Every consultation's source points at a
record that exists (a meeting, a pitch, a lead), and every demo login has requests
to accept or decline and requests waiting for the other side."""

import pytest
from django.test import Client

from pavilion.accounts.models import User
from pavilion.consultations.models import Consultation
from pavilion.demo.loader import load_demo
from pavilion.meetings import queries
from pavilion.meetings.models import Meeting, MeetingRequest


@pytest.mark.django_db
def test_every_consultation_source_points_at_a_record_and_every_login_has_requests():
    load_demo()
    missing = []
    rows = Consultation.objects.select_related("edition").prefetch_related("pitch_sessions")
    for c in rows.filter(edition__slug="ces-2024"):
        if c.source == "meeting" and not Meeting.objects.filter(consultation=c).exists():
            missing.append(f"{c.pk} meeting")
        if c.source == "booth_lead" and not hasattr(c, "lead"):
            missing.append(f"{c.pk} lead")
        if c.source == "pitch" and not c.pitch_sessions.exists():
            missing.append(f"{c.pk} pitch")
    assert missing == []
    held = Meeting.objects.filter(edition__slug="ces-2024")
    assert held.filter(status="held", consultation__isnull=False).count() == (
        Consultation.objects.filter(edition__slug="ces-2024", source="meeting").count()
    )
    assert held.filter(status="no_show").exists() and held.filter(status="cancelled").exists()
    for username in ("exhibitor", "buyer"):
        user = User.objects.get(username=username)
        seen = [
            queries.seen_by(user, r)
            for r in queries.visible_requests(user).filter(
                edition__slug="ces-2025", status="pending"
            )
        ]
        assert any(s.can_answer for s in seen), username  # incoming: Accept / Decline
        assert any(s.asked_by == "You" for s in seen), username  # outgoing
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        page = client.get("/editions/ces-2025/requests/").content.decode()
        assert 'name="accept"' in page
    assert MeetingRequest.objects.filter(edition__slug="ces-2024").exists()
