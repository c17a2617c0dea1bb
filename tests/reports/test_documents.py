"""The demo report as documents (XLSX and PDF) and every figure against its drill-down."""

import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from pavilion.accounts.models import User
from pavilion.core.money import format_large
from pavilion.demo.loader import load_demo
from pavilion.reports import services
from pavilion.shows.models import Edition


@pytest.fixture
def demo(db):
    load_demo()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(User.objects.get(username="operator"))
    edition = Edition.objects.get(slug="ces-2024")
    return client, edition


def _sheet_rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_demo_report_downloads_as_xlsx_with_charts_and_the_json_figures(demo):
    client, edition = demo
    report = client.get(reverse("edition-report-json", args=[edition.slug])).json()
    response = client.get(reverse("edition-report-xlsx", args=[edition.slug]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="report-ces-2024.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    # Native charts for the funnel, kind, country and day.
    charted = {sheet.title for sheet in workbook.worksheets if sheet._charts}
    assert {"Funnel", "By kind", "By partner country", "By day"} <= charted
    # The cover's figures are the JSON's: count, amount in KRW and in USD.
    cover = _sheet_rows(workbook["Cover"])
    by_label = {row[0]: row for row in cover if row and row[0]}
    for key in ("consultations", "pursued", "onsite_contract", "mou", "after_show_contract"):
        figure = report["figures"][key]
        row = next(r for r in cover if r[1] == figure["korean"] and r[2] == figure["count"])
        assert Decimal(str(row[3])) == Decimal(figure["amount"])
        assert Decimal(str(row[4])).quantize(Decimal("0.01")) == Decimal(figure["amount_usd"])
        assert format_large(Decimal(figure["amount"]), "KRW", "en") in row[5]
    assert by_label["Edition"][1] == "CES 2024"
    # Every consultation is a record, its KRW column adds up to the figure.
    records = _sheet_rows(workbook["Records"])
    header = records[1]
    total = records[-1]
    assert total[0] == "Total"
    data = records[2:-1]
    assert len(data) == report["figures"]["consultations"]["count"]
    krw = header.index("Amount (KRW)")
    assert sum(Decimal(str(r[krw])) for r in data if r[krw] is not None) == Decimal(str(total[krw]))
    assert Decimal(str(total[krw])) == Decimal(report["figures"]["consultations"]["amount"])
    # Numbers are numbers, dates are dates; no cell is a formula.
    assert isinstance(data[0][header.index("Amount")], int | float)
    assert data[0][1].year == 2024
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)


def test_frozen_report_workbook_states_its_hash_and_freeze_time(demo):
    client, edition = demo
    operator = User.objects.get(username="operator")
    snapshot = services.freeze_report(actor=operator, edition=edition, title="=HYPERLINK(1)")
    response = client.get(reverse("report-snapshot-xlsx", args=[snapshot.pk]))
    cover = _sheet_rows(load_workbook(io.BytesIO(response.content))["Cover"])
    assert cover[0][0] == "'=HYPERLINK(1)"  # formula-injection safe: text, quoted
    assert ["SHA-256", snapshot.sha256] == cover[[r[0] for r in cover].index("SHA-256")][:2]
    frozen = next(r for r in cover if r[0] == "Frozen at")
    assert frozen[1].date() == snapshot.frozen_at.astimezone(edition.tzinfo).date()


def _pdf_text(content: bytes) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_demo_report_downloads_as_pdf_in_korean_and_english(demo):
    client, edition = demo
    report = services.edition_report(edition)
    consultations = report["figures"]["consultations"]
    amount = Decimal(consultations["amount"])
    pages = {}
    for language in ("ko", "en"):
        client.cookies["django_language"] = language
        url = reverse("edition-report-pdf", args=[edition.slug])
        first = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert first["Content-Type"] == "application/pdf"
        text, pages[language] = _pdf_text(first.content)
        text = re.sub(r"\s+", " ", text)
        count = consultations["count"]
        if language == "ko":
            assert "결과보고서" in text
            assert f"상담건수 {count}건 · {format_large(amount, 'KRW', 'ko')}" in text
        else:
            assert "results report" in text
            assert f"{count} · {format_large(amount, 'KRW', 'en')}" in text
        assert f"{int(amount.quantize(Decimal(1))):,}" in text  # the exact total, to the won
        # The page count is stable between two runs.
        assert (
            _pdf_text(client.get(url, HTTP_ACCEPT_LANGUAGE=language).content)[1]
            == (pages[language])
        )
    assert all(n >= 4 for n in pages.values())


def _drills(report):
    """(what, drill parameters, expected count, expected amount or None) for every
    figure of the report that lists consultations."""
    for key, figure in report["figures"].items():
        if figure.get("drill"):
            amount = None if key == "invested" else figure["amount"]  # investments' amount
            yield key, figure["drill"], figure["count"], amount
    for dimension, rows in report["breakdowns"].items():
        for row in rows:
            yield f"{dimension}={row['key']}", row["drill"], row["count"], row["amount"]
    for step in report["funnel"]:
        yield f"funnel {step['stage']}", step["drill"], step["count"], None
    for r in report["follow_up_rounds"]:
        yield f"round {r['months_after']}", r["drill"], r["contracts"], r["amount"]


def test_every_figure_drills_down_to_a_total_row_equal_to_it(demo):
    client, edition = demo
    report = services.edition_report(edition)
    url = reverse("consultation-list", args=[edition.slug])
    checked = 0
    for what, drill, count, amount in _drills(report):
        page = client.get(url, drill)
        assert page.status_code == 200, what
        html = page.content.decode()
        total = re.search(r'id="total-row">.*?</tr>', html, re.S).group(0)
        shown_count = re.search(r"Total of (\d+) consultation", total).group(1)
        assert int(shown_count) == count, what
        if amount is not None:
            krw = re.search(r'data-total="amount">KRW ([\d,]+)<', total).group(1)
            expected = Decimal(amount).quantize(Decimal(1), rounding="ROUND_HALF_UP")
            assert Decimal(krw.replace(",", "")) == expected, what
        checked += 1
    assert checked > 40


def test_a_drill_down_exports_exactly_its_rows(demo):
    client, edition = demo
    report = services.edition_report(edition)
    mou = report["figures"]["mou"]
    params = {"filter": "mou", "sort": "-amount"}
    page = client.get(reverse("consultation-list", args=[edition.slug]), params).content.decode()
    response = client.get(reverse("consultation-list-xlsx", args=[edition.slug]), params)
    rows = _sheet_rows(load_workbook(io.BytesIO(response.content)).active)
    header = rows[2]
    data = rows[3:-1]
    assert len(data) == mou["count"]
    ids_on_page = [int(i) for i in re.findall(r'href="/consultations/(\d+)/"', page)]
    assert [r[0] for r in data] == ids_on_page  # the same rows, in the same order
    krw = header.index("Amount (KRW)")
    assert Decimal(str(rows[-1][krw])) == Decimal(mou["amount"]).quantize(Decimal(1))
    converted = [Decimal(str(r[krw])) for r in data if r[krw] is not None]
    assert sum(converted) == Decimal(str(rows[-1][krw]))
    assert converted == sorted(converted, reverse=True)


def test_an_exhibitor_exports_only_its_own_company_records(world, other_world):
    other_company = world.other_company
    world.consultation.pk = None
    world.consultation.company = other_company
    world.consultation.save()  # a second company's consultation at our edition
    client = Client()
    client.force_login(world.exhibitor)
    response = client.get(reverse("consultation-list-xlsx", args=[world.edition.slug]))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        text = " ".join(archive.read(n).decode() for n in archive.namelist())
    assert world.company.name_en in text
    assert other_company.name_en not in text
    assert other_world.company.name_en not in text
