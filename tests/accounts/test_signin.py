"""Signing in on django-allauth: e-mail or username, throttling, sessions, TOTP."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from pavilion.accounts.models import Role
from tests import factories as f

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
THROTTLED = "Too many failed sign-in attempts for this account or from this address"
WRONG = "The username and/or password you specified are not correct."


def sign_in(client, login, password=f.PASSWORD, **extra):
    return client.post(LOGIN, {"login": login, "password": password}, **extra)


@pytest.fixture
def operator(db):
    org = f.organisation()
    return f.user(role=Role.OPERATOR, organisation=org, username="ops", email="ops@agency.test")


def test_sign_in_by_username_and_by_email(operator):
    for login in ("ops", "OPS@agency.test"):
        client = Client()
        response = sign_in(client, login)
        assert response.status_code == 302, response.content[:500]
        assert client.get("/accounts/tokens/").status_code == 200


def test_login_page_in_pavilion_look_in_korean():
    response = Client().get(LOGIN, headers={"accept-language": "ko"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="topbar"' in html and 'id="login-submit"' in html
    assert "로그인" in html and 'name="login"' in html
    assert 'name="viewport"' in html


def test_wrong_password_then_sign_out(operator):
    client = Client()
    response = sign_in(client, "ops", "nope-nope")
    assert response.status_code == 200 and WRONG in response.content.decode()
    assert sign_in(client, "ops").status_code == 302
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/accounts/tokens/")["Location"].startswith(LOGIN)


def test_thirty_wrong_passwords_are_throttled_and_the_right_one_is_refused_too(operator):
    client = Client()
    answers = [sign_in(client, "ops", f"guess-{i}").content.decode() for i in range(30)]
    assert all(WRONG in a for a in answers[:5])
    # From the sixth try on, the account is locked: the guesses are not even checked.
    assert all(THROTTLED in a and WRONG not in a for a in answers[5:])
    # The right password during the lock-out gets the same answer and no session.
    response = sign_in(client, "ops")
    assert response.status_code == 200 and THROTTLED in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is locked out of this account too (the key is the account) …
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert THROTTLED in sign_in(other, "ops@agency.test").content.decode()


def test_one_address_trying_many_accounts_is_throttled(db):
    org = f.organisation()
    users = [f.user(organisation=org) for _ in range(21)]
    client = Client(REMOTE_ADDR="10.1.1.1")
    answers = [sign_in(client, u.username, "wrong").content.decode() for u in users]
    assert all(WRONG in a for a in answers[:20])
    assert THROTTLED in answers[20]
    # Someone else, from another address, still signs in.
    assert sign_in(Client(REMOTE_ADDR="10.2.2.2"), users[0].username).status_code == 302


def test_throttle_message_in_korean(operator):
    client = Client()
    for _ in range(6):
        response = sign_in(client, "ops", "wrong", headers={"accept-language": "ko"})
    html = response.content.decode()
    assert THROTTLED not in html and "15분" in html


def test_password_change_ends_the_other_sessions(operator):
    here, elsewhere = Client(), Client()
    assert sign_in(here, "ops").status_code == 302
    assert sign_in(elsewhere, "ops").status_code == 302
    assert Session.objects.count() == 2
    response = here.post(
        reverse("account_change_password"),
        {"oldpassword": f.PASSWORD, "password1": "a-new-pass-456", "password2": "a-new-pass-456"},
    )
    assert response.status_code == 302
    assert here.get("/accounts/tokens/").status_code == 200  # this session stays
    assert elsewhere.get("/accounts/tokens/")["Location"].startswith(LOGIN)
    assert Session.objects.count() == 1


def test_password_reset_by_email_ends_every_session(
    operator, mail_server, django_capture_on_commit_callbacks
):
    signed_in = Client()
    assert sign_in(signed_in, "ops").status_code == 302
    anonymous = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(reverse("account_reset_password"), {"email": "ops@agency.test"})
    assert response.status_code == 302
    [message] = mail_server.to("ops@agency.test")
    body = message.get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", body).group(0)
    path = re.sub(r"^https?://[^/]+", "", link)
    form_url = anonymous.get(path)["Location"]
    response = anonymous.post(
        form_url, {"password1": "reset-pass-789", "password2": "reset-pass-789"}
    )
    assert response.status_code == 302
    assert signed_in.get("/accounts/tokens/")["Location"].startswith(LOGIN)
    assert sign_in(Client(), "ops", "reset-pass-789").status_code == 302


def _activate_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_totp_is_asked_after_the_password(operator):
    secret = _activate_totp(operator)
    client = Client()
    response = sign_in(client, "ops")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    code = format_hotp_value(hotp_value(secret, next(iter(_counters()))))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get("/accounts/tokens/").status_code == 200


def _counters():
    from allauth.mfa.totp.internal.auth import yield_hotp_counters_from_time

    return yield_hotp_counters_from_time()


def test_organisation_requiring_totp_sends_operators_to_set_it_up(operator):
    client = Client()
    client.force_login(operator)
    assert client.get(reverse("edition-list")).status_code == 200
    operator.organisation.require_totp = True
    operator.organisation.save()
    response = client.get(reverse("edition-list"))
    assert response["Location"] == reverse("mfa_activate_totp")
    page = client.get(response["Location"], follow=True)  # allauth asks the password again
    assert "Your organisation requires an authenticator app" in page.content.decode()
    assert client.get(reverse("company-catalogue"))["Location"] == reverse("mfa_activate_totp")
    # Officials and company members of the organisation are not held up.
    official = f.user(role=Role.OFFICIAL, organisation=operator.organisation)
    client2 = Client()
    client2.force_login(official)
    assert client2.get(reverse("edition-list")).status_code == 200
    # Once set up, the operator works as before.
    _activate_totp(operator)
    assert client.get(reverse("edition-list")).status_code == 200
    assert Authenticator.objects.filter(user=operator).count() == 1


def test_agency_user_can_open_the_totp_set_up(db):
    org = f.organisation()
    agency = f.user(role=Role.AGENCY, organisation=org)
    client = Client()
    assert sign_in(client, agency.username).status_code == 302
    # allauth asks for the password again before a security change.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": f.PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


def test_open_sign_up_is_closed():
    response = Client().get(reverse("account_signup"))
    assert response.status_code == 200
    assert 'name="password1"' not in response.content.decode()


def test_the_signed_in_message_names_the_person_not_the_username(operator):
    operator.first_name, operator.last_name = "Jiwoo", "Han"
    operator.save()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = sign_in(client, "ops", follow=True)
    texts = [str(m) for m in response.context["messages"]]
    assert any("Jiwoo Han" in t for t in texts), texts
    assert not any(" ops" in t for t in texts), texts
