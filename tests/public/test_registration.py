"""Buyers and investors register on the public page; operators approve, merge or decline."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from pavilion.accounts import permissions
from pavilion.partners import queries, registration
from pavilion.partners.models import Contact, Partner, PartnerStatus
from tests import factories as f
from tests.public import show_still_to_end

FORM = {
    "organisation_name": "Belle-Rive Capital",
    "kind": "vc",
    "country": "FR",
    "interests": "Medical robots",
    "contact_name": "Camille Roux",
    "email": "camille@belle-rive.example",
    "phone": "+33 1 23 45 67 89",
    "language": "en",
}


def _public(edition, **flags):
    edition.public_page = True
    for name, value in flags.items():
        setattr(edition, name, value)
    show_still_to_end(edition)


def _register(world, **changes):
    data = {**FORM, **changes}
    sector = world.company.sectors.first()
    data["sectors"] = [sector.slug]
    return Client().post(reverse("public-register", args=[world.edition.slug]), data)


@pytest.mark.django_db
def test_registration_creates_a_pending_partner_seen_nowhere_but_the_queue(world):
    _public(world.edition)
    response = _register(world)
    assert response.status_code == 200 and 'id="registered"' in response.content.decode()
    pending = Partner.registrations.get(name="Belle-Rive Capital")
    assert pending.status == PartnerStatus.PENDING
    assert pending.registered_for == world.edition
    assert list(pending.sectors.values_list("slug", flat=True)) == [
        world.company.sectors.first().slug
    ]
    contact = Contact.all_contacts.get(partner=pending)
    assert (contact.name, contact.email, contact.phone) == (
        "Camille Roux",
        "camille@belle-rive.example",
        "+33 1 23 45 67 89",
    )
    # Invisible to every partner query, for every role…
    assert not Partner.objects.filter(pk=pending.pk).exists()
    assert not Contact.objects.filter(pk=contact.pk).exists()
    for user in (world.operator, world.official, world.exhibitor, world.partner_user):
        assert pending not in permissions.visible_partners(user)
        assert pending not in queries.partner_directory(user)
        assert contact not in permissions.visible_contacts(user)
    # …on the pages and in the API…
    client = Client()
    client.force_login(world.operator)
    for url in (
        reverse("partner-list"),
        reverse("recommendations", args=[world.edition.slug]),
        reverse("edition-dashboard", args=[world.edition.slug]),
        "/api/v1/partners",
    ):
        assert "Belle-Rive" not in client.get(url).content.decode(), url
    assert client.get(reverse("partner-detail", args=[pending.pk])).status_code == 404
    # …except the operators' queue.
    assert "Belle-Rive Capital" in client.get(reverse("partner-registrations")).content.decode()
    client.force_login(world.official)
    assert client.get(reverse("partner-registrations")).status_code == 403


@pytest.mark.django_db
def test_bad_registration_names_the_field_and_writes_nothing(world):
    _public(world.edition)
    response = _register(world, email="not-an-address", organisation_name="")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="field-email"' in body and "has-error" in body
    assert not Partner.registrations.filter(status=PartnerStatus.PENDING).exists()


@pytest.mark.django_db
def test_registration_closed_means_by_invitation_only(world):
    _public(world.edition, partner_registration_open=False)
    url = reverse("public-register", args=[world.edition.slug])
    body = Client().get(url).content.decode()
    assert 'id="by-invitation"' in body and 'id="registration-form"' not in body
    assert _register(world).status_code == 403
    assert not Partner.registrations.filter(name="Belle-Rive Capital").exists()
    # Not public at all: not found.
    world.edition.public_page = False
    world.edition.save()
    assert Client().get(url).status_code == 404


@pytest.mark.django_db
def test_duplicates_by_name_and_country_and_by_email_domain(world):
    _public(world.edition)
    same_name = f.partner(organisation=world.organisation, name="belle-rive capital", country="FR")
    same_domain = f.partner(organisation=world.organisation, name="BRC Holding", country="BE")
    f.contact(partner=same_domain, email="ceo@belle-rive.example")
    webmail = f.partner(organisation=world.organisation, name="Someone", country="FR")
    f.contact(partner=webmail, email="x@gmail.com")
    other_org = f.partner(organisation=f.organisation(), name="Belle-Rive Capital", country="FR")
    _register(world)
    pending = Partner.registrations.get(name="Belle-Rive Capital", organisation=world.organisation)
    assert registration.likely_duplicates(pending) == [same_domain, same_name]
    gmail = registration.register_partner(
        edition=world.edition,
        organisation_name="Solo Angel",
        kind="vc",
        country="KR",
        contact_name="A",
        email="angel@gmail.com",
    )
    assert registration.likely_duplicates(gmail) == []
    assert other_org not in registration.likely_duplicates(pending)


@pytest.mark.django_db
def test_approval_activates_and_emails_a_sign_in_link(
    world, mail_server, django_capture_on_commit_callbacks
):
    _public(world.edition)
    _register(world)
    pending = Partner.registrations.get(name="Belle-Rive Capital")
    client = Client()
    client.force_login(world.operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partner-registrations"), {"registration": pending.pk, "action": "approve"}
        )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == PartnerStatus.ACTIVE
    assert pending in queries.partner_directory(world.exhibitor)
    (message,) = mail_server.to("camille@belle-rive.example")
    text = message.get_body(("plain",)).get_content()
    assert re.search(r"https?://\S+/invitations?/\S+", text), text


@pytest.mark.django_db
def test_approval_refused_when_the_name_is_taken_merge_instead(
    world, mail_server, django_capture_on_commit_callbacks
):
    _public(world.edition)
    known = f.partner(organisation=world.organisation, name="Belle-Rive Capital", country="FR")
    _register(world)
    pending = Partner.registrations.get(name="Belle-Rive Capital", status=PartnerStatus.PENDING)
    with pytest.raises(Exception, match="merge"):
        registration.approve_registration(actor=world.operator, partner=pending)
    client = Client()
    client.force_login(world.operator)
    body = client.get(reverse("partner-registrations")).content.decode()
    assert f'name="into" value="{known.pk}"' in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partner-registrations"),
            {"registration": pending.pk, "action": "merge", "into": known.pk},
        )
    assert response.status_code == 302
    assert not Partner.registrations.filter(pk=pending.pk).exists()
    assert list(known.contacts.values_list("email", flat=True)) == ["camille@belle-rive.example"]
    assert Partner.objects.filter(name__iexact="belle-rive capital").count() == 1
    assert len(mail_server.to("camille@belle-rive.example")) == 1


@pytest.mark.django_db
def test_merge_into_another_organisations_partner_is_not_found(world, other_world):
    _public(world.edition)
    _register(world)
    pending = Partner.registrations.get(name="Belle-Rive Capital")
    client = Client()
    client.force_login(world.operator)
    response = client.post(
        reverse("partner-registrations"),
        {"registration": pending.pk, "action": "merge", "into": other_world.partner.pk},
    )
    assert response.status_code == 404
    # Another organisation's operator cannot decide ours.
    client.force_login(other_world.operator)
    response = client.post(
        reverse("partner-registrations"), {"registration": pending.pk, "action": "approve"}
    )
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == PartnerStatus.PENDING


@pytest.mark.django_db
def test_decline_emails_politely_and_keeps_it_hidden(world, mail_server):
    _public(world.edition)
    _register(world, language="ko")
    pending = Partner.registrations.get(name="Belle-Rive Capital")
    client = Client()
    client.force_login(world.operator)
    client.post(reverse("partner-registrations"), {"registration": pending.pk, "action": "decline"})
    mail_server.send_queued()
    pending.refresh_from_db()
    assert pending.status == PartnerStatus.DECLINED
    assert not Partner.objects.filter(pk=pending.pk).exists()
    (message,) = mail_server.to("camille@belle-rive.example")
    assert "Camille Roux" in message.get_body(("plain",)).get_content()
    client.get(reverse("partner-registrations"))  # the message "… is declined" is shown once
    body = client.get(reverse("partner-registrations")).content.decode()
    assert "Belle-Rive Capital" not in body and 'id="no-registrations"' in body


@pytest.mark.django_db
def test_registrations_from_one_address_are_throttled(world):
    """Each registration may send e-mail: allauth's sign-up limit (20 a minute
    per address) applies, so the form cannot be used to flood inboxes."""
    _public(world.edition)
    url = reverse("public-register", args=[world.edition.slug])
    client = Client()
    statuses = [client.post(url, {}).status_code for _ in range(21)]
    assert statuses[:20] == [200] * 20 and statuses[20] == 429
    assert client.post(reverse("public-apply", args=[world.edition.slug]), {}).status_code == 429
