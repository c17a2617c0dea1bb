"""The demo report: follow a figure to its records, freeze it, change a record,
and see the frozen report unchanged while the live one moves."""

import re

import pytest

from pavilion.demo.loader import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_load_state()


def headline_count(page, key):
    text = page.locator(f"[data-kpi={key}] .value").inner_text()
    return int(re.sub(r"\D", "", text))


def headline_amount(page, key):
    return page.locator(f"[data-kpi={key}] .amount").inner_text()


def test_drill_freeze_edit_compare(live_server, page, screenshot):
    load_demo()
    login(page, live_server.url, "operator")
    page.goto(f"{live_server.url}/editions/ces-2024/report/")
    consultations = headline_count(page, "consultations")
    assert 300 < consultations < 400
    screenshot("report-live")

    # A figure leads to exactly the records it counts.
    pursued = headline_count(page, "pursued")
    page.click("[data-kpi=pursued] a")
    page.wait_for_url("**/consultations/?filter=pursued")
    assert re.sub(r"\D", "", page.locator("#record-count").inner_text()) == str(pursued)

    # Freeze the report.
    page.goto(f"{live_server.url}/editions/ces-2024/report/")
    amount_before = headline_amount(page, "consultations")
    page.fill("input[name=title]", "Results-sharing meeting")
    page.click("#freeze")
    page.wait_for_url("**/reports/*/")
    frozen_url = page.url
    assert "Results-sharing meeting" in page.locator("h1").inner_text()

    # Change one consultation's amount.
    page.goto(f"{live_server.url}/editions/ces-2024/consultations/")
    page.locator("table a").first.click()
    page.wait_for_url("**/consultations/*/")
    page.click("text=Correct")
    page.fill("input[name=amount]", "99999999")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/consultations/*/")
    assert "99,999,999" in page.locator("#amount").inner_text()

    # The live report moved; the frozen one did not.
    page.goto(f"{live_server.url}/editions/ces-2024/report/")
    assert headline_amount(page, "consultations") != amount_before
    assert headline_count(page, "consultations") == consultations
    page.goto(frozen_url)
    assert headline_amount(page, "consultations") == amount_before
    assert page.locator("#frozen-note").is_visible()
    screenshot("report-frozen")
