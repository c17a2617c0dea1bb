"""People get in by themselves (issue #11), in Chromium against a live server,
reading the real e-mails from the test SMTP server:

- a buyer registers on the public page, an operator approves, the buyer
  follows the e-mailed link, sets a password and requests a meeting;
- a new company applies through the public call without an account,
  verifies its e-mail through the link and submits its application;
- an invited official accepts and sees the dashboard, read-only.
"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from pavilion.accounts.models import Role
from pavilion.accounts.services import invite_person
from pavilion.companies.models import Company
from pavilion.meetings.models import MeetingRequest
from pavilion.partners.models import Partner
from pavilion.planning.models import Application, CallForParticipation
from tests import factories as f
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Correct-Horse-Battery-42"


def _link(mail_server, address, pattern) -> str:
    deadline = timezone.now() + timedelta(seconds=15)
    while timezone.now() < deadline:
        for message in mail_server.to(address):
            text = message.get_body(("plain",)).get_content()
            if found := re.search(pattern, text):
                return found.group(0)
        mail_server.wait_for(len(mail_server.messages) + 1, timeout=15)
    raise AssertionError(f"no link for {address}")


def _context(browser, **kw):
    context = browser.new_context(locale="en-US", **kw)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_buyer_company_and_official_get_in(live_server, browser, mail_server, settings):
    settings.PAVILION_SITE_URL = live_server.url
    base = live_server.url
    org = f.organisation(name="Daejeon Innovation Centre")
    edition = f.edition(
        show=f.show(organisation=org, name="CES"),
        name="CES 2025",
        slug="ces-2025",
        venue="Venetian Expo",
        city="Las Vegas",
        public_page=True,
        # Still to come: buyers register only until the show ends.
        start_date=date.today() + timedelta(days=60),
        end_date=date.today() + timedelta(days=63),
    )
    pavilion = f.pavilion(edition=edition, name="Daejeon Pavilion")
    health = f.sector(name_en="Digital health")
    hanbit = f.company(organisation=org, name_en="Hanbit Biolabs", sectors=[health])
    f.participation(company=hanbit, edition=edition, pavilion=pavilion)
    now = timezone.now()
    CallForParticipation.objects.create(
        edition=edition,
        pavilion=pavilion,
        title="Daejeon Pavilion at CES 2025",
        opens_at=now - timedelta(days=1),
        deadline=now + timedelta(days=30),
        capacity=10,
    )
    f.user(role=Role.OPERATOR, organisation=org, username="op", email="op@dicc.example")

    # The public page on a phone: no sideways scrolling, both buttons.
    phone = _context(browser, viewport={"width": 390, "height": 844})
    phone.goto(f"{base}/")
    assert "Hanbit Biolabs" in phone.locator("#public-companies").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(ARTIFACTS / "public-page-phone.png"), full_page=True)
    for path in (f"/p/{edition.slug}/register/", f"/p/{edition.slug}/apply/"):
        phone.goto(base + path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path
    phone.context.close()

    # 1. A buyer registers on the public page.
    buyer = _context(browser)
    buyer.goto(f"{base}/p/{edition.slug}/")
    buyer.click("#register-partner")
    buyer.fill("#id_organisation_name", "Lakeshore Imports")
    buyer.select_option("#id_kind", "buyer")
    buyer.select_option("#id_country", "US")
    buyer.check(f"input[name=sectors][value={health.slug}]")
    buyer.fill("#id_interests", "Diagnostics for Midwest clinics")
    buyer.fill("#id_contact_name", "Dana Whitfield")
    buyer.fill("#id_email", "dana@lakeshore.example")
    buyer.fill("#id_phone", "+1 312 555 0100")
    buyer.select_option("#id_language", "en")
    buyer.click("#registration-submit")
    buyer.wait_for_selector("#registered")
    assert Partner.registrations.get(name="Lakeshore Imports").status == "pending"

    # 2. The operator approves it from the queue.
    operator = _context(browser)
    operator.goto(f"{base}/accounts/login/")
    operator.fill("input[name=login]", "op")
    operator.fill("input[name=password]", f.PASSWORD)
    operator.click("#login-submit")
    operator.wait_for_load_state()
    operator.goto(f"{base}/partners/registrations/")
    operator.click(".registration button.approve")
    operator.wait_for_selector("#no-registrations")
    assert Partner.objects.get(name="Lakeshore Imports").status == "active"

    # 3. The buyer follows the e-mailed link, sets a password, requests a meeting.
    link = _link(mail_server, "dana@lakeshore.example", r"https?://\S+/invitation/\S+/")
    assert link.startswith(base)
    buyer.goto(link)
    buyer.fill("input[name=first_name]", "Dana")
    buyer.fill("input[name=password1]", PASSWORD)
    buyer.fill("input[name=password2]", PASSWORD)
    buyer.click("#accept-submit")
    buyer.wait_for_load_state()
    buyer.goto(f"{base}/companies/{hanbit.pk}/")
    buyer.fill("#request-meeting textarea", "We distribute diagnostics in the Midwest.")
    buyer.click("#request-meeting button")
    buyer.wait_for_url("**/requests/")
    request = MeetingRequest.objects.get()
    assert (request.company, request.partner.name) == (hanbit, "Lakeshore Imports")

    # 4. A new company applies through the public call without an account.
    applicant = _context(browser)
    applicant.goto(f"{base}/p/{edition.slug}/")
    applicant.click("#apply-to-exhibit")
    applicant.fill("#id_applicant_name", "Jiwoo Park")
    applicant.fill("#id_email", "jiwoo@newco.example")
    applicant.fill("#id_password", PASSWORD)
    applicant.select_option("#id_language", "en")
    applicant.fill("#id_name_ko", "뉴코 로보틱스")
    applicant.fill("#id_name_en", "NewCo Robotics")
    applicant.fill("#id_business_registration_number", _valid_brn())
    applicant.fill("#id_product", "Care robot")
    applicant.fill("#id_target_markets", "US, Canada")
    applicant.check("#id_seeks_buyers")
    applicant.fill("#id_booth_area_m2", "9")
    applicant.click("#sign-up-submit")
    applicant.wait_for_selector("#sign-up-sent")
    assert not Company.objects.filter(name_en="NewCo Robotics").exists()
    link = _link(mail_server, "jiwoo@newco.example", r"https?://\S+/sign-up/confirm/\S+/")
    applicant.goto(link)
    applicant.click("#sign-up-confirm")
    applicant.wait_for_selector("#application-form")
    applicant.click("#submit-application")
    applicant.wait_for_url("**/applications/*/")
    application = Application.objects.get(company__name_en="NewCo Robotics")
    assert application.state == "submitted" and application.product == "Care robot"

    # 5. An invited official accepts and sees the dashboard, read-only.
    operator_user = org.users.get(username="op")
    invite_person(
        actor=operator_user,
        email="mayor.office@daejeon.example",
        role="official",
        organisation=org,
        language="en",
    )
    link = _link(mail_server, "mayor.office@daejeon.example", r"https?://\S+/invitation/\S+/")
    official = _context(browser)
    official.goto(link)
    official.fill("input[name=first_name]", "Minji")
    official.fill("input[name=password1]", PASSWORD)
    official.fill("input[name=password2]", PASSWORD)
    official.click("#accept-submit")
    # Lands where staff land (the latest edition with results, here none yet: the
    # list of editions), signed in, and reads the edition's dashboard.
    official.wait_for_url(lambda url: "/invitation/" not in url and "/accounts/" not in url)
    assert "CES 2025" in official.content()
    official.goto(f"{base}/editions/{edition.slug}/")
    assert "CES 2025" in official.locator("h1").first.inner_text()
    assert official.locator("#publicity-link").count() == 0
    response = official.goto(f"{base}/editions/{edition.slug}/public-page/")
    assert response.status == 403


def _valid_brn() -> str:
    from pavilion.companies import brn

    return brn.format_brn(brn.make_valid("220811234"))
