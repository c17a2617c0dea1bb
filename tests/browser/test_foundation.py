"""An operator logs in, opens the dashboard and the catalogue, switches to Korean."""

import pytest

from pavilion.accounts.models import Role
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", f.PASSWORD)
    page.click("#login-submit")


def test_operator_dashboard_catalogue_and_korean(live_server, page, screenshot):
    org = f.organisation(name="Daejeon Center", slug="dcei")
    show = f.show(organisation=org, name="CES", slug="ces")
    edition = f.edition(show=show, name="CES 2024", slug="ces-2024")
    pavilion = f.pavilion(edition=edition, name="Daejeon Pavilion", name_ko="대전관")
    bio = f.sector(slug="bio", name_en="Biotech", name_ko="바이오")
    quantum = f.sector(slug="quantum", name_en="Quantum", name_ko="양자")
    winner = f.company(organisation=org, name_en="Hanbit Bio", name_ko="한빛바이오", sectors=[bio])
    part = f.participation(
        company=winner,
        edition=edition,
        pavilion=pavilion,
        booth=f.booth(pavilion=pavilion, number="G-101"),
    )
    f.award(participation=part, category="Digital Health", product="CellScope")
    other = f.company(
        organisation=org, name_en="Qubit Works", name_ko="큐빗웍스", sectors=[quantum]
    )
    f.participation(company=other, edition=edition, pavilion=pavilion)
    operator = f.user(role=Role.OPERATOR, organisation=org, username="operator")

    login(page, live_server.url, operator.username)
    # No edition has results yet: staff land on the list of editions (issue #15).
    page.wait_for_url("**/editions/")
    page.click(f"a[href='/editions/{edition.slug}/']")
    page.wait_for_url(f"**/editions/{edition.slug}/")
    assert page.locator("h1").first.inner_text().startswith("CES 2024")
    assert "Participating companies" in page.content()
    screenshot("dashboard-en")

    page.click("text=Companies")
    page.wait_for_url("**/companies/**")
    assert page.locator(".company-card").count() == 2
    page.check("input[name=award]")
    page.wait_for_function("() => document.querySelectorAll('.company-card').length === 1")
    assert "Hanbit Bio" in page.locator(".company-card").inner_text()
    screenshot("catalogue-award-filter")

    page.click("button[lang=ko]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ko"
    assert "한빛바이오" in page.locator(".company-card").first.inner_text()
    assert "기업" in page.content()  # the Korean catalogue, not the English one
    screenshot("catalogue-ko")

    page.goto(f"{live_server.url}/editions/{edition.slug}/")
    assert "참가기업" in page.content()
    screenshot("dashboard-ko")
