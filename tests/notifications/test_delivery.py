"""A failing mail server never fails a page: the message waits with its error and a
later retry sends it; retries are bounded."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pavilion.core.models import AuditEntry
from pavilion.notifications import services
from pavilion.notifications.models import OutboxMessage


def _request_a_meeting(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.exhibitor)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("meeting-requests", args=[world.edition.slug]),
            {"partner": world.partner.pk, "message": "Hello"},
        )


def test_the_mail_server_down_does_not_fail_the_page_and_a_retry_sends(
    world, mail_server, client, django_capture_on_commit_callbacks
):
    mail_server.stop()
    response = _request_a_meeting(client, world, django_capture_on_commit_callbacks)
    assert response.status_code == 302  # the page answered as usual
    message = OutboxMessage.objects.get(recipient=world.partner_user)
    assert (message.state, message.attempts) == ("queued", 1)
    assert "Connection refused" in message.last_error or "Errno" in message.last_error
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=50)
    # Not due yet: the sweep leaves it alone.
    mail_server.start()
    assert services.retry_due() == 0
    # Once due, the worker's sweep sends it.
    assert services.retry_due(now=message.next_attempt_at + timedelta(seconds=1)) == 1
    mail_server.wait_for(1)
    message.refresh_from_db()
    assert (message.state, message.attempts, message.next_attempt_at) == ("sent", 2, None)
    assert message.last_error  # the error of the failed attempt is kept


def test_retries_are_bounded_with_growing_delays(world, mail_server, settings):
    settings.PAVILION_EMAIL_RETRY_DELAYS = (60, 300)
    mail_server.stop()
    message = services.send_email(
        to=world.exhibitor,
        kind="account",
        subject="Test",
        template="notifications/email/meeting_request_received",
        context={"asker": "x", "edition": world.edition, "request": None, "action_url": ""},
    )
    waits = []
    for _attempt in range(3):
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        before = timezone.now()
        services.deliver(message_id=message.pk)
        message.refresh_from_db()
        if message.next_attempt_at:
            waits.append(round((message.next_attempt_at - before).total_seconds(), -1))
    assert waits == [60, 300]
    assert (message.state, message.attempts, message.next_attempt_at) == ("failed", 3, None)
    assert AuditEntry.objects.filter(action="notifications.failed").count() == 1
    # A failed message is never tried again by the sweep…
    assert services.retry_due(now=timezone.now() + timedelta(days=1)) == 0
    # …but an operator may send it again.
    mail_server.start()
    services.resend(actor=world.operator, message=message)
    services.deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.state == "sent"
    assert mail_server.wait_for(1)[0]["To"] == world.exhibitor.email


def test_two_workers_never_send_the_same_message(world, mail_server):
    message = services.send_email(
        to="buyer@example.org",
        kind="account",
        subject="Once",
        template="notifications/email/meeting_request_received",
        context={"asker": "x", "edition": world.edition, "request": None, "action_url": ""},
    )
    assert services.deliver(message_id=message.pk).state == "sent"
    assert services.deliver(message_id=message.pk) is None
    assert len(mail_server.wait_for(1)) == 1


def test_a_dedupe_key_sends_once(world, mail_server):
    kwargs = {
        "to": world.exhibitor,
        "kind": "meeting_reminder",
        "subject": "Tomorrow",
        "template": "notifications/email/meeting_request_received",
        "context": {"asker": "x", "edition": world.edition, "request": None, "action_url": ""},
        "dedupe_key": "reminder:test",
    }
    first = services.send_email(**kwargs)
    assert services.send_email(**kwargs).pk == first.pk
    assert OutboxMessage.objects.count() == 1


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"EMAIL_URL": "smtp+tls://mailer:s%40cret@mail.example.org:587"},
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "mail.example.org",
                "EMAIL_PORT": 587,
                "EMAIL_HOST_USER": "mailer",
                "EMAIL_HOST_PASSWORD": "s@cret",
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
            },
        ),
        (
            {"EMAIL_URL": "smtp+ssl://mail.example.org:465"},
            {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True, "EMAIL_USE_TLS": False},
        ),
        (
            {"EMAIL_HOST": "relay.internal", "EMAIL_PORT": "2525", "EMAIL_USE_TLS": "1"},
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "relay.internal",
                "EMAIL_PORT": 2525,
                "EMAIL_USE_TLS": True,
            },
        ),
        ({}, {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
    ],
)
def test_the_mail_server_comes_from_the_environment(monkeypatch, env, expected):
    from pavilion.settings import _email_settings

    for name in ("EMAIL_URL", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_BACKEND", "EMAIL_USE_TLS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    conf = _email_settings()
    assert {k: conf.get(k) for k in expected} == expected
