"""send_email through a real SMTP server: headers, language, links, states."""

from django.utils.translation import gettext_lazy as _

from pavilion.accounts.models import Role
from pavilion.notifications import services
from pavilion.notifications.models import MutedKind, OutboxMessage
from tests import factories as f


def _ask(user, edition, **kw):
    return services.send_email(
        to=user,
        kind="meeting_request_received",
        subject=_("%(asker)s asks to meet you"),
        template="notifications/email/meeting_request_received",
        context={
            "asker": "Busan Ventures & Co",
            "edition": edition,
            "request": None,
            "action_url": services.site_url("/editions/x/requests/"),
        },
        **kw,
    )


def test_a_queued_mail_reaches_the_smtp_server_after_commit(
    world, mail_server, django_capture_on_commit_callbacks
):
    user = f.user(role=Role.EXHIBITOR, company=world.company, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        message = _ask(user, world.edition)
        assert mail_server.messages == []  # nothing before the commit
    (received,) = mail_server.wait_for(1)
    assert received["To"] == user.email
    assert received["From"] == "Pavilion <pavilion@pavilion.test>"
    assert received["Subject"] == "Busan Ventures & Co asks to meet you"
    text = received.get_body(("plain",)).get_content()
    assert "Busan Ventures & Co asks to meet you at CES 2024." in text  # not HTML-escaped
    assert "https://pavilion.test/editions/x/requests/" in text
    html = received.get_body(("html",)).get_content()
    assert 'href="https://pavilion.test/editions/x/requests/"' in html
    assert "Busan Ventures &amp; Co" in html
    message.refresh_from_db()
    assert (message.state, message.attempts, message.organisation_id) == (
        "sent",
        1,
        world.organisation.pk,
    )


def test_a_korean_user_gets_korean(world, mail_server, django_capture_on_commit_callbacks):
    user = f.user(role=Role.EXHIBITOR, company=world.company, language="ko")
    with django_capture_on_commit_callbacks(execute=True):
        _ask(user, world.edition, language="en")
    (received,) = mail_server.wait_for(1)
    assert received["Subject"].strip() == "Busan Ventures & Co에서 미팅을 요청했습니다"
    assert "미팅을 요청했습니다" in received.get_body(("plain",)).get_content()
    assert received["Content-Language"] == "ko"


def test_an_address_gets_the_given_language(world, mail_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _ask("someone@example.org", world.edition, language="ko")
    assert message.language == "ko" and message.recipient is None
    assert mail_server.wait_for(1)[0]["To"] == "someone@example.org"


def test_a_muted_optional_kind_is_stored_as_skipped(
    world, mail_server, django_capture_on_commit_callbacks
):
    user = f.user(role=Role.EXHIBITOR, company=world.company, language="en")
    MutedKind.objects.create(user=user, kind="meeting_request_received")
    with django_capture_on_commit_callbacks(execute=True):
        message = _ask(user, world.edition)
    assert message.state == "skipped"
    assert mail_server.messages == []
    assert OutboxMessage.objects.filter(state="skipped", recipient=user).count() == 1
