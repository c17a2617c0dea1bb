"""The agency's programme page as an official uses it: three shows side by side,
drill down to an edition, download the workbook and the PDF (issue #12)."""

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from pavilion.demo.loader import load_demo
from tests.browser.test_report import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_programme_page_compares_shows_and_downloads_both_files(
    live_server, page, screenshot, tmp_path
):
    load_demo()
    login(page, live_server.url, "official")
    page.click("nav >> text=Programme")
    page.fill("#year", "2024")
    page.click("#period-form button[type=submit]")
    page.wait_for_url("**/programme/?year=2024*")  # with the empty from/to
    headers = page.locator("#programme-table thead th[data-edition]").all_inner_texts()
    assert [h.split("\n")[0] for h in headers] == ["CES 2024", "MWC 2024", "IFA 2024"]
    assert page.locator("#programme-table [data-row=score] td.score").count() == 3
    assert page.locator("svg.chart").count() >= 3
    screenshot("programme-2024")

    with page.expect_download(timeout=120_000) as xlsx:
        page.click("#download-xlsx")
    path = tmp_path / xlsx.value.suggested_filename
    xlsx.value.save_as(path)
    assert path.name == "programme-2024.xlsx"
    workbook = load_workbook(path)
    assert [ws.title for ws in workbook.worksheets] == ["Programme", "Editions"]
    assert len(workbook["Editions"]._charts) == 3
    assert [c.value for c in workbook["Programme"][5][1:4]] == ["CES 2024", "MWC 2024", "IFA 2024"]

    with page.expect_download(timeout=120_000) as pdf:
        page.click("#download-pdf")
    assert pdf.value.suggested_filename == "programme-2024.pdf"
    text = "".join(p.extract_text() for p in PdfReader(pdf.value.path()).pages)
    assert "MWC 2024" in text and "IFA 2024" in text

    # Drill down to an edition's report.
    page.click("#programme-table thead >> text=MWC 2024")
    page.wait_for_url("**/editions/mwc-2024/report/")
    assert page.locator("#target-table").count() == 1
    # It fits a phone.
    page.goto(f"{live_server.url}/programme/?year=2024")
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
