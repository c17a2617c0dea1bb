"""The investment agency records an investment that grew out of a pavilion
consultation and sees it counted on the fund page and in the results report."""

import re
from decimal import Decimal

import pytest

from pavilion.consultations.models import Consultation
from pavilion.demo.loader import load_demo
from pavilion.funds.models import Fund
from tests.browser.test_report import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_investment_from_a_consultation_reaches_the_dashboard(live_server, page, screenshot):
    load_demo()
    fund = Fund.objects.get(slug="ddvf-1")
    talk = (
        Consultation.objects.filter(edition__slug="ces-2024", kind="investment")
        .exclude(investments__fund=fund)
        .order_by("pk")
        .first()
    )
    deployed_before = sum(i.amount_in_fund_currency for i in fund.investments.all())
    login(page, live_server.url, "agency")
    page.goto(f"{live_server.url}/funds/ddvf-1/investments/new/")
    # Choosing the company reloads the consultations it may cite.
    page.select_option("#id_company", str(talk.company_id))
    page.wait_for_selector(f"#field-consultations input[value='{talk.pk}']")
    page.check(f"#field-consultations input[value='{talk.pk}']")
    page.fill("#id_invested_on", "2026-03-02")
    page.select_option("#id_round", "series_a")
    page.select_option("#id_instrument", "equity")
    page.fill("#id_amount", "1500000")
    page.select_option("#id_currency", "USD")
    page.fill("#id_rate", "1400")
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(r"/investments/\d+/$"))
    assert "CES 2024" in page.locator("#consultations").inner_text()

    page.goto(f"{live_server.url}/funds/ddvf-1/")
    deployed = Decimal(
        page.locator("#deployed").get_attribute("title").split()[-1].replace(",", "")
    )
    assert deployed == deployed_before + Decimal("2100000000")  # 1.5 m USD × 1,400
    screenshot("fund-dashboard")

    page.context.clear_cookies()
    login(page, live_server.url, "operator")
    page.goto(f"{live_server.url}/editions/ces-2024/report/")
    page.click("#investments a >> nth=1")  # consultations that led to an investment
    assert str(talk.company.name_en) in page.content()
