"""The operators' users page: who is who, deactivation, the audit trail;
the admin's add-user page."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from pavilion.accounts import services
from pavilion.accounts.models import Role, User
from pavilion.core.models import AuditEntry
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_users_page_lists_the_organisations_people_and_nothing_else(world, other_world):
    EmailAddress.objects.create(user=world.exhibitor, email=world.exhibitor.email, verified=True)
    TOTP.activate(world.operator, generate_totp_secret())
    services.invite_person(
        actor=world.operator,
        email="pending@example.com",
        role="partner",
        organisation=world.organisation,
        partner=world.partner,
    )
    client = Client()
    client.force_login(world.operator)
    response = client.get(reverse("user-list"))
    html = response.content.decode()
    assert response.status_code == 200
    for person in (world.operator, world.official, world.exhibitor, world.partner_user):
        assert f'id="user-{person.pk}"' in html
    assert world.company.name_en in html or world.company.name_ko in html
    assert "pending@example.com" in html and world.partner.name in html
    for person in (other_world.operator, other_world.exhibitor):
        assert f'id="user-{person.pk}"' not in html and person.email not in html
    rows = {u.pk: u for u in services_rows(world)}
    assert rows[world.operator.pk].has_totp and not rows[world.official.pk].has_totp
    assert rows[world.exhibitor.pk].email_verified and not rows[world.operator.pk].email_verified
    assert 'href="/accounts/users/"' in html  # the navigation link


def services_rows(world):
    from pavilion.accounts import queries

    return list(queries.organisation_users(world.operator))


def test_users_page_query_count_does_not_grow(world, django_assert_max_num_queries):
    client = Client()
    client.force_login(world.operator)
    client.get(reverse("user-list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(reverse("user-list"))
    for _ in range(3):
        f.user(role=Role.EXHIBITOR, company=world.company)
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("user-list"))
    assert len(after) == len(before)


def test_deactivated_user_cannot_sign_in_and_their_sessions_end(world):
    person = world.exhibitor
    theirs = Client()
    assert (
        theirs.post(
            "/accounts/login/", {"login": person.username, "password": f.PASSWORD}
        ).status_code
        == 302
    )
    operator = Client()
    operator.force_login(world.operator)
    response = operator.post(reverse("user-deactivate", kwargs={"pk": person.pk}))
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    assert theirs.get(reverse("company-catalogue"))["Location"].startswith("/accounts/login/")
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(person.pk) for s in Session.objects.all()
    )
    refused = Client().post("/accounts/login/", {"login": person.username, "password": f.PASSWORD})
    assert "_auth_user_id" not in Client().session
    assert refused.status_code in (200, 302)
    if refused.status_code == 302:
        assert refused["Location"] == reverse("account_inactive")
    operator.post(reverse("user-reactivate", kwargs={"pk": person.pk}))
    person.refresh_from_db()
    assert person.is_active
    assert (
        Client()
        .post("/accounts/login/", {"login": person.username, "password": f.PASSWORD})
        .status_code
        == 302
    )
    actions = list(
        AuditEntry.objects.filter(object_id=str(person.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["user.deactivated", "user.reactivated"]


def test_operator_cannot_deactivate_themself_or_another_organisations_user(world, other_world):
    client = Client()
    client.force_login(world.operator)
    client.post(reverse("user-deactivate", kwargs={"pk": world.operator.pk}))
    world.operator.refresh_from_db()
    assert world.operator.is_active
    response = client.post(reverse("user-deactivate", kwargs={"pk": other_world.official.pk}))
    assert response.status_code == 404
    other_world.official.refresh_from_db()
    assert other_world.official.is_active


def test_totp_requirement_is_audited(world):
    client = Client()
    client.force_login(world.operator)
    client.post(reverse("user-totp-policy"), {"require_totp": "on"})
    world.organisation.refresh_from_db()
    assert world.organisation.require_totp
    assert AuditEntry.objects.filter(action="organisation.totp_required").count() == 1
    # The operator has no TOTP yet: everything, this page too, waits for the set-up.
    response = client.post(reverse("user-totp-policy"), {})
    assert response["Location"] == reverse("mfa_activate_totp")
    world.organisation.refresh_from_db()
    assert world.organisation.require_totp
    TOTP.activate(world.operator, generate_totp_secret())
    client.post(reverse("user-totp-policy"), {})
    world.organisation.refresh_from_db()
    assert not world.organisation.require_totp


@pytest.mark.parametrize("as_superuser", [True, False])
def test_admin_add_user_page_opens_and_saves(world, as_superuser):
    admin = world.operator
    if as_superuser:
        admin = User.objects.create_superuser("root", "root@example.com", f.PASSWORD)
    else:
        admin.is_staff = True
        admin.save()
        from django.contrib.auth.models import Permission

        admin.user_permissions.add(
            *Permission.objects.filter(codename__in=["add_user", "change_user", "view_user"])
        )
    client = Client()
    client.force_login(admin)
    url = reverse("admin:accounts_user_add")
    assert client.get(url).status_code == 200
    data = {
        "username": "new-official",
        "usable_password": "true",
        "password1": "a-long-pass-678",
        "password2": "a-long-pass-678",
        "email": "new-official@example.com",
        "role": "official",
        "language": "ko",
    }
    if as_superuser:
        data["organisation"] = world.organisation.pk
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = User.objects.get(username="new-official")
    assert (created.role, created.organisation) == ("official", world.organisation)
    # A form error the model raises lands on its field, not a server error.
    bad = client.post(url, {**data, "username": "x2", "role": "exhibitor"})
    assert (
        bad.status_code == 200 and "An exhibitor must belong to a company." in bad.content.decode()
    )
