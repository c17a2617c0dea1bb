"""The outbox page (operators, their organisation only) and the notification settings."""

import pytest
from django.urls import reverse

from pavilion.notifications.models import MutedKind, OutboxMessage


def _message(world, **kw):
    values = {
        "organisation": world.organisation,
        "recipient": world.exhibitor,
        "to_email": world.exhibitor.email,
        "kind": "application_decided",
        "language": "en",
        "subject": f"{world.company.name_en}: the result of your application",
        "body": "Hello",
        "state": "sent",
    }
    values.update(kw)
    return OutboxMessage.objects.create(**values)


def test_the_outbox_shows_our_messages_with_state_and_error_never_another_organisations(
    world, other_world, client
):
    failed = _message(world, state="failed", attempts=5, last_error="SMTPServerDisconnected")
    _message(world, kind="meeting_reminder", subject="Tomorrow at CES")
    theirs = _message(other_world, subject="Busan secret subject")
    client.force_login(world.operator)
    page = client.get(reverse("outbox")).content.decode()
    assert failed.subject in page and "SMTPServerDisconnected" in page and "Tomorrow at CES" in page
    assert "Busan secret subject" not in page
    only_failed = client.get(reverse("outbox"), {"state": "failed"}).content.decode()
    assert failed.subject in only_failed and "Tomorrow at CES" not in only_failed
    reminders = client.get(reverse("outbox"), {"kind": "meeting_reminder"}).content.decode()
    assert "Tomorrow at CES" in reminders and failed.subject not in reminders
    assert client.get(reverse("outbox-detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("outbox-detail", args=[theirs.pk])).status_code == 404


def test_a_bad_filter_names_its_field(world, client):
    client.force_login(world.operator)
    page = client.get(reverse("outbox"), {"state": "lost"}).content.decode()
    assert "State:" in page and "lost" in page


@pytest.mark.parametrize("role", ["official", "exhibitor", "partner_user", "agency_user"])
def test_only_operators_see_the_outbox(world, client, role):
    message = _message(world)
    client.force_login(getattr(world, role))
    assert client.get(reverse("outbox")).status_code == 403
    assert client.get(reverse("outbox-detail", args=[message.pk])).status_code == 404


def test_an_operator_sends_a_failed_message_again(
    world, client, mail_server, django_capture_on_commit_callbacks
):
    message = _message(world, state="failed", attempts=5, last_error="timed out")
    client.force_login(world.operator)
    page = client.get(reverse("outbox-detail", args=[message.pk])).content.decode()
    assert "Send again" in page and "timed out" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outbox-detail", args=[message.pk]), {"resend": "1"})
    assert response.status_code == 302
    assert mail_server.wait_for(1)[0]["Subject"] == message.subject
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("sent", 1)
    # A sent message cannot be sent again.
    client.post(reverse("outbox-detail", args=[message.pk]), {"resend": "1"})
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 1


def test_the_settings_page_turns_optional_kinds_off_and_on(world, client):
    client.force_login(world.partner_user)
    page = client.get(reverse("notification-settings")).content.decode()
    assert 'value="meeting_reminder" checked' in page
    assert "Account and security" in page  # listed as always sent, with no box
    assert 'value="account"' not in page
    client.post(reverse("notification-settings"), {"on": ["meeting_request_received"]})
    muted = set(MutedKind.objects.filter(user=world.partner_user).values_list("kind", flat=True))
    assert muted == {"meeting_request_answered", "schedule_published", "meeting_reminder"}
    # Required kinds cannot be muted, even by a forged form.
    client.post(reverse("notification-settings"), {"on": []})
    assert not MutedKind.objects.filter(kind="account").exists()
    client.post(
        reverse("notification-settings"),
        {
            "on": [
                "meeting_request_received",
                "meeting_request_answered",
                "schedule_published",
                "meeting_reminder",
            ]
        },
    )
    assert not MutedKind.objects.filter(user=world.partner_user).exists()


def test_the_user_menu_links_the_settings_and_operators_the_outbox(world, client):
    client.force_login(world.exhibitor)
    page = client.get(reverse("notification-settings")).content.decode()
    assert 'id="notification-settings-link"' in page and reverse("outbox") not in page
    client.force_login(world.operator)
    page = client.get(reverse("notification-settings")).content.decode()
    assert f'href="{reverse("outbox")}"' in page


def test_the_outbox_list_costs_the_same_queries_for_one_or_three_messages(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.operator)
    counts = []
    for total in (1, 3):
        while OutboxMessage.objects.count() < total:
            _message(world, state="failed", last_error="refused")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("outbox")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
