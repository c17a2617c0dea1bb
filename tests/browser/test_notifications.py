"""With a live server and a real browser: the e-mail a request sends arrives (the
request commits for real, so no on-commit capture is needed) and its link works; the
outbox and the settings pages fit a phone."""

import re

import pytest

from pavilion.accounts.models import Role
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(browser, base_url, username, **context):
    page = browser.new_context(locale="en-US", **context).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", f.PASSWORD)
    page.click("#login-submit")
    page.wait_for_load_state()
    return page


def test_a_request_in_the_browser_mails_a_link_that_answers_it(
    live_server, browser, mail_server, settings
):
    settings.PAVILION_SITE_URL = live_server.url  # follow the e-mailed link here
    org = f.organisation()
    edition = f.edition(show=f.show(organisation=org), slug="ces-2025")
    company = f.company(organisation=org, name_en="Hanbit Biolabs")
    f.participation(company=company, edition=edition)
    partner = f.partner(organisation=org, name="Lakeshore Imports")
    member = f.user(role=Role.EXHIBITOR, company=company, username="hanbit", language="en")
    buyer_user = f.user(role=Role.PARTNER, partner=partner, username="lakeshore", language="en")
    base = live_server.url

    buyer = _signed_in(browser, base, "lakeshore")
    buyer.goto(f"{base}/companies/{company.pk}/")
    buyer.fill("#request-meeting textarea", "We distribute diagnostics in the Midwest.")
    buyer.click("#request-meeting button")
    buyer.wait_for_url("**/requests/")

    (received,) = mail_server.wait_for(1)
    assert received["To"] == member.email
    assert received["Subject"] == "Lakeshore Imports asks to meet you"
    text = received.get_body(("plain",)).get_content()
    assert "We distribute diagnostics in the Midwest." in text
    link = re.search(rf"{re.escape(base)}/\S+", text).group(0)

    exhibitor = _signed_in(browser, base, "hanbit")
    exhibitor.goto(link)
    exhibitor.click("#requests button[value='1']")
    exhibitor.wait_for_load_state()
    answer = mail_server.wait_for(2)[1]
    assert answer["To"] == buyer_user.email
    assert answer["Subject"] == "Meeting request with Hanbit Biolabs accepted"


@pytest.mark.parametrize("path", ["/outbox/", "/notifications/settings/"])
def test_the_pages_fit_a_phone(live_server, browser, mail_server, path):
    org = f.organisation()
    operator = f.user(role=Role.OPERATOR, organisation=org, username="op")
    from pavilion.notifications.models import OutboxMessage

    message = OutboxMessage.objects.create(
        organisation=org,
        to_email="a-very-long-address-of-a-buyer@distribution-company.example.com",
        kind="meeting_reminder",
        language="en",
        subject="Tomorrow at CES 2025: your meetings with a long subject line",
        body="x" * 300,
        state="failed",
        last_error="SMTPRecipientsRefused: " + "refused " * 30,
    )
    page = _signed_in(browser, live_server.url, "op", viewport={"width": 390, "height": 800})
    for url in (path, f"/outbox/{message.pk}/") if path == "/outbox/" else (path,):
        page.goto(f"{live_server.url}{url}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width}px wide"
    assert operator.is_operator
