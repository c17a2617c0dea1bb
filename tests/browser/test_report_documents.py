"""The report page's downloads and a figure's drill-down, as an official would use them."""

import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from pavilion.demo.loader import load_demo
from tests.browser.test_report import headline_count, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_download_both_documents_and_check_a_figure(live_server, page, screenshot, tmp_path):
    load_demo()
    login(page, live_server.url, "official")
    page.goto(f"{live_server.url}/editions/ces-2024/report/")
    consultations = headline_count(page, "consultations")
    # Each card and funnel step says how it is counted.
    assert "lost ones included" in page.locator("[data-how=consultations]").inner_text()
    assert page.locator("#funnel-steps .how").count() == 6

    with page.expect_download(timeout=120_000) as xlsx:
        page.click("#download-xlsx")
    path = tmp_path / xlsx.value.suggested_filename
    xlsx.value.save_as(path)
    assert path.name == "report-ces-2024.xlsx"
    workbook = load_workbook(path)
    assert workbook["Funnel"]._charts
    assert len(list(workbook["Records"].iter_rows())) - 3 == consultations  # title, header, total

    with page.expect_download(timeout=120_000) as pdf:
        page.click("#download-pdf")
    assert pdf.value.suggested_filename == "report-ces-2024.pdf"
    reader = PdfReader(pdf.value.path())
    assert f"Consultations logged (all) {consultations}" in reader.pages[0].extract_text()

    # A figure's drill-down: converted amounts and a total row equal to the figure.
    mou = headline_count(page, "mou")
    page.click("[data-kpi=mou] a")
    page.wait_for_url("**/consultations/?filter=mou")
    total = page.locator("#total-row").inner_text()
    assert re.search(rf"Total of {mou} consultations", total)
    assert "KRW" in total and "USD" in total
    page.select_option("select[name=sort]", "-amount")
    page.click("#list-filters button[type=submit]")
    page.wait_for_url("**sort=-amount**")
    assert page.locator("#total-row").inner_text() == total  # sorting keeps the rows
    # It fits a phone.
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("report-drilldown-phone")
