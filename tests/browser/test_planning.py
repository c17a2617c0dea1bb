"""A company applies, two reviewers score, the operator selects and assigns a booth,
the floor plan shows the company, and its pitch blocks its meeting slot."""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest

from pavilion.accounts.models import Role
from pavilion.companies.models import Participation
from pavilion.meetings import services as meeting_services
from pavilion.meetings.models import Meeting
from pavilion.planning.models import CallForParticipation, Criterion
from tests import factories as f
from tests.browser.test_meetings import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_apply_review_select_place_and_pitch(live_server, browser):
    org = f.organisation()
    edition = f.edition(show=f.show(organisation=org), slug="ces-next")
    pavilion = f.pavilion(
        edition=edition,
        name="Integrated Pavilion",
        slug="integrated",
        kind="integrated",
        width_m=Decimal(12),
        depth_m=Decimal(6),
    )
    f.booth(pavilion=pavilion, number="A1", x_m=0, y_m=0)
    f.booth(pavilion=pavilion, number="A2", x_m=3, y_m=0)
    company = f.company(organisation=org, name_en="Hanbit Biolabs")
    partner = f.partner(organisation=org, name="Lakeshore Imports")
    operator = f.user(role=Role.OPERATOR, organisation=org, username="op")
    official = f.user(role=Role.OFFICIAL, organisation=org, username="reviewer")
    f.user(role=Role.EXHIBITOR, company=company, username="hanbit", language="en")
    now = datetime.now(UTC)
    cfp = CallForParticipation.objects.create(
        edition=edition,
        pavilion=pavilion,
        title="Call for companies",
        opens_at=now - timedelta(days=1),
        deadline=now + timedelta(days=10),
        capacity=1,
    )
    cfp.reviewers.add(official)
    Criterion.objects.create(cfp=cfp, name_en="Innovation", weight=2)
    Criterion.objects.create(cfp=cfp, name_en="Export readiness", weight=1)
    meeting_services.generate_slots(
        actor=operator,
        edition=edition,
        days=[edition.start_date],
        opens=time(10),
        closes=time(11),
        minutes=30,
    )
    base = live_server.url

    # The company applies.
    exhibitor = signed_in(browser, base, "hanbit")
    exhibitor.goto(f"{base}/editions/{edition.slug}/call/")
    exhibitor.click("#apply-link")
    exhibitor.fill("input[name=product]", "Rapid sepsis test")
    exhibitor.fill("input[name=target_markets]", "US, Canada")
    exhibitor.fill("input[name=booth_area_m2]", "9")
    exhibitor.check("input[name=seeks_buyers]")
    exhibitor.click("#submit-application")
    exhibitor.wait_for_url("**/applications/*/")
    assert "Submitted" in exhibitor.locator("#application-state").inner_text()
    application_url = exhibitor.url

    # Two reviewers score it.
    for username, scores in (("op", ("5", "3")), ("reviewer", ("4", "4"))):
        reviewer = signed_in(browser, base, username)
        reviewer.goto(application_url)
        selects = reviewer.locator("#review-form select")
        selects.nth(0).select_option(scores[0])
        selects.nth(1).select_option(scores[1])
        reviewer.click("#save-scores")
        reviewer.wait_for_load_state()
        assert "Your scores are saved." in reviewer.content()
    # The company never sees the scores.
    exhibitor.goto(application_url)
    assert exhibitor.locator("#reviews").count() == 0
    assert exhibitor.locator("#review-form").count() == 0

    # The operator selects within the capacity: the ranking proposes the company.
    op = signed_in(browser, base, "op")
    op.goto(f"{base}/editions/{edition.slug}/call/applications/")
    assert op.locator("#ranking input[name=accepted]").is_checked()
    op.click("#save-selection")
    op.wait_for_load_state()
    assert "Selected" in op.locator("#ranking").inner_text()
    participation = Participation.objects.get(company=company, edition=edition)
    assert participation.status == "confirmed"

    # ...and drags the company onto booth A2 of the floor plan.
    op.goto(f"{base}/editions/{edition.slug}/floor-plan/")
    # HTML5 drag and drop, dispatched as the browser would (one shared DataTransfer).
    transfer = op.evaluate_handle("() => new DataTransfer()")
    op.locator("#unassigned .chip").dispatch_event("dragstart", {"dataTransfer": transfer})
    op.locator("#booth-A2").dispatch_event("dragover", {"dataTransfer": transfer})
    with op.expect_navigation():
        op.locator("#booth-A2").dispatch_event("drop", {"dataTransfer": transfer})
    op.wait_for_selector("text=is assigned to")
    participation.refresh_from_db()
    assert participation.booth.number == "A2"
    plan = op.locator("#floor-plan svg")
    assert "Hanbit Biolabs" in plan.locator("#booth-A2").inner_html()
    assert "free" in plan.locator("#booth-A1").inner_html()

    # A pitch on the stage at 10:00 (show time) blocks the company's 10:00 meeting slot.
    op.goto(f"{base}/editions/{edition.slug}/stage/")
    op.fill("input[name=stage_name]", "Eureka Stage")
    op.click("text=Add a stage")
    op.wait_for_selector("#pitch-form")
    op.select_option("#pitch-form select[name=stage]", label="Eureka Stage")
    op.select_option("#pitch-form select[name=company]", label="Hanbit Biolabs")
    op.fill("#pitch-form input[name=title]", "Sepsis in 15 minutes")
    op.fill("#pitch-form input[name=day]", edition.start_date.isoformat())
    op.fill("#pitch-form input[name=start]", "10:00")
    op.fill("#pitch-form input[name=end]", "10:15")
    op.click("#pitch-submit")
    op.wait_for_load_state()
    agenda = op.locator("#stage-agenda").inner_text()
    assert "Sepsis in 15 minutes" in agenda and "10:00" in agenda

    op.goto(f"{base}/editions/{edition.slug}/meetings/")
    booking = op.locator("#manual-booking")
    booking.locator("select[name=company]").select_option(label="Hanbit Biolabs")
    booking.locator("select[name=partner]").select_option(index=0)
    booking.locator("select[name=slot]").select_option(index=0)  # 10:00
    booking.locator("button[type=submit]").click()
    op.wait_for_load_state()
    assert "The company pitches on the stage during this slot." in op.content()
    assert not Meeting.objects.filter(company=company).exists()
    # The same slot is free for the buyer with another company: only the stage was in the way.
    other = f.company(organisation=org, name_en="Daedeok Optics")
    f.participation(company=other, edition=edition)
    op.goto(f"{base}/editions/{edition.slug}/meetings/")
    booking = op.locator("#manual-booking")
    booking.locator("select[name=company]").select_option(label="Daedeok Optics")
    booking.locator("select[name=partner]").select_option(
        label=f"{partner.name} ({partner.country.code})"
    )
    booking.locator("select[name=slot]").select_option(index=0)
    booking.locator("button[type=submit]").click()
    op.wait_for_url("**/meetings/*/")
    assert Meeting.objects.filter(company=other, partner=partner).exists()
