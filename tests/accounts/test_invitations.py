"""Inviting people: one by one, in bulk, by a company member; the link's life."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pavilion.accounts import services
from pavilion.accounts.models import InvitationState, PersonInvitation, Role, User
from pavilion.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    body = message.get_body(("plain",)).get_content()
    url = re.search(r"https?://\S+/accounts/invitation/\S+/", body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def invite(world, mail_server, django_capture_on_commit_callbacks):
    """Invite through the service and return (invitation, the e-mailed link's path)."""

    def run(*, email, role, actor=None, **kw):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.invite_person(
                actor=actor or world.operator,
                email=email,
                role=role,
                organisation=world.organisation,
                **kw,
            )
        [message] = mail_server.to(email.lower())
        return invitation, link_in(message), message

    return run


def accept(client, path, **data):
    data = {
        "first_name": "Mina",
        "last_name": "Kim",
        "language": "en",
        "password1": "a-strong-pass-9",
        "password2": "a-strong-pass-9",
        **data,
    }
    return client.post(path, data)


def test_company_member_invitation_end_to_end(world, invite):
    invitation, path, message = invite(
        email="Mina@Example.COM", role="exhibitor", company=world.company, language="ko"
    )
    assert invitation.email == "mina@example.com"
    assert message["Subject"].strip().startswith("[Pavilion]")
    body = message.get_body(("plain",)).get_content()
    assert world.company.name_ko in body and "14" in body
    assert "초대" in message["Subject"] + body  # in the invitee's language
    client = Client()
    page = client.get(path)
    assert page.status_code == 200 and world.company.name_en in page.content.decode()
    response = accept(client, path)
    assert response["Location"] == reverse("company-detail", kwargs={"pk": world.company.pk})
    user = User.objects.get(email="mina@example.com")
    assert (user.role, user.company, user.organisation, user.language) == (
        Role.EXHIBITOR,
        world.company,
        world.organisation,
        "en",
    )
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(response["Location"]).status_code == 200
    # Single use: the link is dead now, and the person signs in with the password.
    assert Client().get(path).status_code == 410
    assert Client().login(username=user.username, password="a-strong-pass-9")
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"invitation.sent", "invitation.accepted"} <= actions


def test_partner_contact_is_linked_to_the_existing_contact(world, invite):
    world.contact.user = None
    world.contact.save()
    _i, path, _m = invite(email=world.contact.email, role="partner", partner=world.partner)
    response = accept(Client(), path)
    assert response["Location"] == reverse("partner-detail", kwargs={"pk": world.partner.pk})
    world.contact.refresh_from_db()
    assert world.contact.user.role == Role.PARTNER and world.contact.user.partner == world.partner


def test_reviewer_becomes_an_official_reviewing_the_call(world, invite):
    _i, path, _m = invite(email="rev@example.com", role="reviewer", edition=world.edition)
    response = accept(Client(), path)
    assert response["Location"] == reverse("cfp", kwargs={"slug": world.edition.slug})
    user = User.objects.get(email="rev@example.com")
    assert user.role == Role.OFFICIAL and world.cfp.reviewers.filter(pk=user.pk).exists()


@pytest.mark.parametrize("role", ["official", "agency", "operator"])
def test_staff_roles(world, invite, role):
    _i, path, _m = invite(email=f"{role}-new@example.com", role=role)
    response = accept(Client(), path)
    assert response["Location"] == reverse("home")
    assert User.objects.get(email=f"{role}-new@example.com").role == role


def test_expired_link_is_refused(world, invite):
    invitation, path, _m = invite(email="late@example.com", role="official")
    PersonInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = Client().get(path)
    assert response.status_code == 410
    assert "no longer works" in response.content.decode()
    assert accept(Client(), path).status_code == 410
    assert not User.objects.filter(email="late@example.com").exists()


def test_resend_kills_the_old_link_and_revoke_kills_the_new(
    world, invite, mail_server, django_capture_on_commit_callbacks
):
    invitation, old_path, _m = invite(email="twice@example.com", role="official")
    operator = Client()
    operator.force_login(world.operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = operator.post(reverse("invitation-resend", kwargs={"pk": invitation.pk}))
    assert response.status_code == 302
    new_path = link_in(mail_server.to("twice@example.com")[-1])
    assert new_path != old_path
    assert Client().get(old_path).status_code == 410
    assert Client().get(new_path).status_code == 200
    operator.post(reverse("invitation-revoke", kwargs={"pk": invitation.pk}))
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.REVOKED
    assert Client().get(new_path).status_code == 410
    assert {"invitation.resent", "invitation.revoked"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )


def test_bad_input_names_the_field(world):
    cases = [
        ({"email": "not-an-address", "role": "official"}, "email"),
        ({"email": "a@example.com", "role": "exhibitor"}, "company"),
        ({"email": "a@example.com", "role": "partner"}, "partner"),
        ({"email": "a@example.com", "role": "reviewer"}, "edition"),
        ({"email": "a@example.com", "role": "superuser"}, "role"),
        ({"email": world.official.email, "role": "official"}, "email"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as exc:
            services.invite_person(actor=world.operator, organisation=world.organisation, **kwargs)
        assert field in exc.value.message_dict, (kwargs, exc.value.message_dict)
    assert not PersonInvitation.objects.exists()


def test_invitation_page_shows_errors_in_korean(world):
    client = Client()
    client.force_login(world.operator)
    response = client.post(
        reverse("invite-person"),
        {"email": "x@example.com", "role": "exhibitor", "language": "ko"},
        headers={"accept-language": "ko"},
    )
    assert response.status_code == 400
    assert "회사를 선택하세요" in response.content.decode()


def test_another_organisations_records_cannot_be_invited_to(world, other_world):
    with pytest.raises(ValidationError) as exc:
        services.invite_person(
            actor=world.operator,
            email="x@example.com",
            role="exhibitor",
            organisation=world.organisation,
            company=other_world.company,
        )
    assert "company" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.invite_person(
            actor=world.operator,
            email="x@example.com",
            role="official",
            organisation=other_world.organisation,
        )


def test_company_member_invites_a_colleague_to_their_own_company_only(
    world, other_world, mail_server, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(world.exhibitor)
    assert client.get(reverse("invite-person")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("invite-person"), {"email": "colleague@example.com", "language": "en"}
        )
    assert response.status_code == 302
    invitation = PersonInvitation.objects.get(email="colleague@example.com")
    assert (invitation.role, invitation.company) == ("exhibitor", world.company)
    assert len(mail_server.to("colleague@example.com")) == 1
    # A posted role or company is ignored: the form has none.
    client.post(
        reverse("invite-person"),
        {"email": "sneaky@example.com", "language": "en", "role": "operator"},
    )
    assert PersonInvitation.objects.get(email="sneaky@example.com").role == "exhibitor"
    for role, company in (("operator", None), ("exhibitor", world.other_company)):
        with pytest.raises(PermissionDenied):
            services.invite_person(
                actor=world.exhibitor,
                email="nope@example.com",
                role=role,
                organisation=world.organisation,
                company=company,
            )
    # Partner contacts, officials and the agency invite nobody.
    for user in (world.partner_user, world.official, world.agency_user):
        other = Client()
        other.force_login(user)
        assert other.get(reverse("invite-person")).status_code == 403


def test_bulk_invitation_preview_then_send(world, mail_server, django_capture_on_commit_callbacks):
    world.company.contact_email = "ceo@company.example"
    world.company.save()
    world.other_company.contact_email = world.official.email  # has an account already
    world.other_company.save()
    world.contact.user = None
    world.contact.save()
    client = Client()
    client.force_login(world.operator)
    preview = client.get(reverse("invite-bulk"), {"source": "companies"})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "ceo@company.example" in html and "Company member" in html
    assert world.company.name_en in html and "already has an account" in html
    assert not PersonInvitation.objects.exists()  # a preview sends nothing
    rows = services.bulk_invitation_rows(actor=world.operator, source="companies")
    keys = [r.key for r in rows if not r.problem]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("invite-bulk"), {"source": "companies", "row": keys})
    assert response.status_code == 302
    assert [i.email for i in PersonInvitation.objects.all()] == ["ceo@company.example"]
    assert len(mail_server.to("ceo@company.example")) == 1
    partners = client.get(reverse("invite-bulk"), {"source": "partners"}).content.decode()
    assert world.contact.email in partners and world.partner.name in partners
    assert "Buyer or investor contact" in partners


def test_bulk_invitation_shows_nothing_of_another_organisation(world, other_world):
    other_world.company.contact_email = "secret@busan.example"
    other_world.company.save()
    client = Client()
    client.force_login(world.operator)
    html = client.get(reverse("invite-bulk"), {"source": "companies"}).content.decode()
    assert "secret@busan.example" not in html and other_world.company.name_en not in html


def test_signed_in_person_opening_a_link(world, invite):
    _i, path, _m = invite(email="later@example.com", role="official")
    client = Client()
    client.force_login(world.operator)
    assert client.get(path).status_code == 409


def test_first_operator_is_let_in_from_the_command_line(
    db, mail_server, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "invite_operator",
            organisation="newcity",
            name="New City Center",
            email="first@newcity.example",
            language="en",
            stdout=out,
        )
    path = re.sub(r"^https?://[^/]+", "", out.getvalue().strip().splitlines()[-1])
    assert len(mail_server.to("first@newcity.example")) == 1
    response = accept(Client(), path)
    assert response.status_code == 302
    user = User.objects.get(email="first@newcity.example")
    assert user.is_operator and user.organisation.slug == "newcity"
