"""A company without an account applies through the public call."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from pavilion.companies import brn
from pavilion.companies.models import Company, JoinRequest
from pavilion.planning.models import Application, CompanySignUp
from tests import factories as f

NEW_BRN = brn.make_valid("220811234")


def _form(**changes):
    data = {
        "applicant_name": "Jiwoo Park",
        "email": "jiwoo@newco.example",
        "password": "a-long-unusual-passphrase-9",
        "language": "en",
        "name_ko": "뉴코",
        "name_en": "NewCo Robotics",
        "business_registration_number": brn.format_brn(NEW_BRN),
        "product": "Care robot",
        "target_markets": "US",
        "seeks_buyers": "on",
        "booth_area_m2": "9",
    }
    data.update(changes)
    return data


def _public(world):
    world.edition.public_page = True
    world.edition.save()


def _link(mail_server, address) -> str:
    (message,) = mail_server.to(address)
    text = message.get_body(("plain",)).get_content()
    return re.search(r"https?://[^/\s]+(/sign-up/confirm/\S+/)", text).group(1)


@pytest.mark.django_db
def test_nothing_but_the_sign_up_exists_until_the_email_is_verified(world, mail_server):
    _public(world)
    url = reverse("public-apply", args=[world.edition.slug])
    users, companies, applications = (
        get_user_model().objects.count(),
        Company.objects.count(),
        Application.objects.count(),
    )
    response = Client().post(url, _form())
    assert response.status_code == 200 and 'id="sign-up-sent"' in response.content.decode()
    assert (
        get_user_model().objects.count(),
        Company.objects.count(),
        Application.objects.count(),
    ) == (users, companies, applications)
    sign_up = CompanySignUp.objects.get()
    assert sign_up.password_hash != "a-long-unusual-passphrase-9"
    mail_server.send_queued()
    path = _link(mail_server, "jiwoo@newco.example")

    client = Client()
    assert client.get(path).status_code == 200  # a button: opening the link creates nothing
    assert not Company.objects.filter(name_en="NewCo Robotics").exists()
    response = client.post(path)
    assert response["Location"] == reverse("cfp-apply", args=[world.edition.slug])
    company = Company.objects.get(name_en="NewCo Robotics")
    assert (company.name_ko, company.business_registration_number) == ("뉴코", NEW_BRN)
    user = get_user_model().objects.get(email="jiwoo@newco.example")
    assert user.company == company and user.is_exhibitor and user.language == "en"
    assert user.check_password("a-long-unusual-passphrase-9")
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.get(user=user).verified
    application = Application.objects.get(company=company)
    assert (application.state, application.product, application.seeks_buyers) == (
        "draft",
        "Care robot",
        True,
    )
    # The applicant, signed in, submits on the usual apply page.
    page = client.get(reverse("cfp-apply", args=[world.edition.slug]))
    assert "Care robot" in page.content.decode()
    response = client.post(
        reverse("cfp-apply", args=[world.edition.slug]),
        {
            "product": "Care robot",
            "target_markets": "US",
            "seeks_buyers": "on",
            "booth_area_m2": "9",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "submitted"
    # The link works once.
    assert Client().post(path).status_code == 400
    assert Company.objects.filter(business_registration_number=NEW_BRN).count() == 1


@pytest.mark.django_db
def test_a_bad_registration_number_is_refused_naming_the_field(world):
    _public(world)
    bad = NEW_BRN[:9] + str((int(NEW_BRN[9]) + 1) % 10)
    response = Client().post(
        reverse("public-apply", args=[world.edition.slug]),
        _form(business_registration_number=bad, password="123"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "check digit does not match" in body
    assert 'id="field-business_registration_number"' in body
    assert not CompanySignUp.objects.exists()
    # Korean too.
    response = Client(headers={"accept-language": "ko"}).post(
        reverse("public-apply", args=[world.edition.slug]),
        _form(business_registration_number=bad),
    )
    assert "검증 번호가 맞지 않습니다" in response.content.decode()


@pytest.mark.django_db
def test_an_existing_account_signs_in_instead(world):
    _public(world)
    response = Client().post(
        reverse("public-apply", args=[world.edition.slug]), _form(email=world.exhibitor.email)
    )
    assert "An account with this e-mail address exists" in response.content.decode()
    assert not CompanySignUp.objects.exists()


@pytest.mark.django_db
def test_an_invalid_or_tampered_link_creates_nothing(world):
    response = Client().post(reverse("public-sign-up-confirm", args=["nonsense:abc:def"]))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


@pytest.mark.django_db
def test_a_known_registration_number_becomes_a_request_to_join(world, other_world, mail_server):
    _public(world)
    existing = world.company
    companies = Company.objects.count()
    Client().post(
        reverse("public-apply", args=[world.edition.slug]),
        _form(business_registration_number=existing.business_registration_number),
    )
    mail_server.send_queued()
    path = _link(mail_server, "jiwoo@newco.example")
    mail_server.clear()
    client = Client()
    response = client.post(path)
    assert response["Location"] == reverse("join-requests")
    assert Company.objects.count() == companies  # never a duplicate company
    request = JoinRequest.objects.get()
    applicant = request.user
    assert (request.company, request.state, applicant.company) == (existing, "pending", None)
    assert not applicant.is_exhibitor
    mail_server.send_queued()
    assert len(mail_server.to(world.exhibitor.email)) == 1  # the company's member is told
    # The applicant sees their request but cannot decide it.
    body = client.get(reverse("join-requests")).content.decode()
    assert existing.name_en in body and 'value="approve"' not in body
    assert (
        client.post(
            reverse("join-requests"), {"request": request.pk, "action": "approve"}
        ).status_code
        == 403
    )
    # Another organisation's operator and another company's member do not see it.
    for outsider in (
        other_world.operator,
        f.user(role="exhibitor", company=world.other_company),
        world.partner_user,
    ):
        client_out = Client()
        client_out.force_login(outsider)
        assert existing.name_en not in client_out.get(reverse("join-requests")).content.decode()
        response = client_out.post(
            reverse("join-requests"), {"request": request.pk, "action": "approve"}
        )
        assert response.status_code == 404
    # A member of the company approves; the applicant is told and becomes a member.
    member = Client()
    member.force_login(world.exhibitor)
    assert 'value="approve"' in member.get(reverse("join-requests")).content.decode()
    member.post(reverse("join-requests"), {"request": request.pk, "action": "approve"})
    mail_server.send_queued()
    request.refresh_from_db()
    applicant.refresh_from_db()
    assert request.state == "approved" and request.decided_by == world.exhibitor
    assert applicant.company == existing and applicant.is_exhibitor
    assert len(mail_server.to("jiwoo@newco.example")) == 1


@pytest.mark.django_db
def test_an_operator_declines_a_join_request(world, mail_server):
    _public(world)
    Client().post(
        reverse("public-apply", args=[world.edition.slug]),
        _form(business_registration_number=world.company.business_registration_number),
    )
    mail_server.send_queued()
    Client().post(_link(mail_server, "jiwoo@newco.example"))
    mail_server.clear()
    request = JoinRequest.objects.get()
    operator = Client()
    operator.force_login(world.operator)
    operator.post(reverse("join-requests"), {"request": request.pk, "action": "decline"})
    mail_server.send_queued()
    request.refresh_from_db()
    request.user.refresh_from_db()
    assert request.state == "declined" and request.user.company is None
    (message,) = mail_server.to("jiwoo@newco.example")
    assert "declined" in message.get_body(("plain",)).get_content()
