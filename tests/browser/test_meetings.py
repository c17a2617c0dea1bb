"""A partner asks for a meeting, the company accepts, the operator schedules and
publishes, both agendas show it in the show's time zone, and the ICS file parses."""

from datetime import time

import pytest
from icalendar import Calendar

from pavilion.accounts.models import Role
from pavilion.meetings import services
from pavilion.meetings.models import Room, Table
from tests import factories as f
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser, base_url, username):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", f.PASSWORD)
    page.click("#login-submit")
    page.wait_for_load_state()
    return page


def test_request_accept_schedule_publish_agendas(live_server, browser):
    org = f.organisation()
    edition = f.edition(show=f.show(organisation=org), slug="ces-2025")
    company = f.company(organisation=org, name_en="Hanbit Biolabs")
    f.participation(company=company, edition=edition)
    partner = f.partner(organisation=org, name="Lakeshore Imports")
    operator = f.user(role=Role.OPERATOR, organisation=org, username="op")
    f.user(role=Role.EXHIBITOR, company=company, username="hanbit")
    f.user(role=Role.PARTNER, partner=partner, username="lakeshore")
    Table.objects.create(room=Room.objects.create(edition=edition, name="Lounge"), number="1")
    services.generate_slots(
        actor=operator,
        edition=edition,
        days=[edition.start_date],
        opens=time(10),
        closes=time(11),
        minutes=30,
    )
    base = live_server.url

    buyer = signed_in(browser, base, "lakeshore")
    buyer.goto(f"{base}/companies/{company.pk}/")
    buyer.fill("#request-meeting textarea", "We distribute diagnostics in the Midwest.")
    buyer.click("#request-meeting button")
    buyer.wait_for_url("**/requests/")
    assert "Waiting for Hanbit Biolabs to answer" in buyer.locator("#requests").inner_text()

    exhibitor = signed_in(browser, base, "hanbit")
    exhibitor.goto(f"{base}/editions/{edition.slug}/requests/")
    exhibitor.click("#requests button[value='1']")
    exhibitor.wait_for_load_state()
    assert "Accepted" in exhibitor.locator("#requests").inner_text()

    staff = signed_in(browser, base, "op")
    staff.goto(f"{base}/editions/{edition.slug}/meetings/")
    staff.click("#run-scheduler")
    staff.wait_for_load_state()
    assert "Draft ready" in staff.locator("#run-state").inner_text()
    # Publishing mails everyone: it asks first, and "Cancel" leaves the draft alone.
    questions = []
    staff.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    staff.click("#publish")
    assert questions and "Publish this draft?" in questions[0]
    assert "Draft ready" in staff.locator("#run-state").inner_text()
    staff.once("dialog", lambda dialog: dialog.accept())
    staff.click("#publish")
    staff.wait_for_load_state()
    assert "Published" in staff.locator("#run-state").inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    staff.screenshot(path=str(ARTIFACTS / "meetings-schedule.png"), full_page=True)

    for page in (exhibitor, buyer):
        page.goto(f"{base}/editions/{edition.slug}/agenda/")
        row = page.locator("#agenda tbody tr").first.inner_text()
        assert "10:00–10:30" in row and "Lakeshore Imports" in row  # Las Vegas time
    buyer.screenshot(path=str(ARTIFACTS / "agenda-partner.png"), full_page=True)

    response = buyer.request.get(f"{base}/editions/{edition.slug}/agenda.ics")
    assert response.ok
    calendar = Calendar.from_ical(response.body())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    start = events[0].decoded("dtstart")
    assert str(start.tzinfo) == "America/Los_Angeles" and (start.hour, start.minute) == (10, 0)
    assert any(c.name == "VTIMEZONE" for c in calendar.walk())


def test_on_a_phone_every_request_shows_its_state_and_buttons_within_the_screen(
    live_server, browser
):
    org = f.organisation()
    edition = f.edition(show=f.show(organisation=org), slug="ces-2025")
    company = f.company(organisation=org, name_en="Hanbit Biolabs")
    f.participation(company=company, edition=edition)
    f.user(role=Role.EXHIBITOR, company=company, username="hanbit")
    for n, message in enumerate(["x" * 400, "We distribute diagnostics in the Midwest."]):
        partner = f.partner(organisation=org, name=f"Lakeshore Imports {n}")
        buyer = f.user(role=Role.PARTNER, partner=partner, username=f"buyer{n}")
        services.request_meeting(
            actor=buyer, edition=edition, company=company, partner=partner, message=message
        )
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "hanbit")
    page.fill("input[name=password]", f.PASSWORD)
    page.click("#login-submit")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/editions/{edition.slug}/requests/")
    buttons = page.locator("#requests button")
    assert buttons.count() == 4  # Accept and Decline for each of the two requests
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, buttons.nth(i).inner_text()
    states = page.locator("#requests td.state")
    for i in range(states.count()):
        box = states.nth(i).bounding_box()
        assert box["x"] + box["width"] <= 390
        assert states.nth(i).get_attribute("data-label") == "Status"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    context.close()
