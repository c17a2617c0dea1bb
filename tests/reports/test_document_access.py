"""The report's documents from the command line and the API, with the report's permissions."""

import io

from django.test import Client
from openpyxl import load_workbook

from pavilion import cli
from pavilion.reports.services import freeze_report


def test_cli_writes_the_report_as_xlsx_and_pdf(world, tmp_path, capsys):
    xlsx, pdf = tmp_path / "r.xlsx", tmp_path / "r.pdf"
    slug = world.edition.slug
    assert cli.main(["report", "--edition", slug, "--xlsx", str(xlsx), "--pdf", str(pdf)]) == 0
    cover = load_workbook(xlsx)["표지"]  # Korean by default
    assert cover["A1"].value == "CES 2024 결과보고서"
    assert pdf.read_bytes().startswith(b"%PDF-")
    snapshot = freeze_report(actor=world.operator, edition=world.edition)
    frozen = tmp_path / "f.xlsx"
    args = ["--xlsx", str(frozen), "--language", "en", "--frozen", str(snapshot.pk)]
    assert cli.main(["report", "--edition", slug, *args]) == 0
    rows = list(load_workbook(frozen)["Cover"].iter_rows(values_only=True))
    assert ("SHA-256", snapshot.sha256) in [r[:2] for r in rows]
    assert cli.main(["report", "--edition", slug, "--xlsx", str(frozen), "--frozen", "0"]) == 2
    assert "no frozen report 0" in capsys.readouterr().err


def test_api_serves_the_report_files_to_staff_only(world, other_world):
    url = f"/api/v1/editions/{world.edition.slug}/report"
    staff = Client(HTTP_ACCEPT_LANGUAGE="en")
    staff.force_login(world.official)
    assert staff.get(url).json()["figures"]["consultations"]["count"] == 1
    response = staff.get(url + ".xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(response.content))["Cover"]["B3"].value == "CES 2024"
    exhibitor = Client()
    exhibitor.force_login(world.exhibitor)
    assert exhibitor.get(url + ".xlsx").status_code == 403
    other = Client()
    other.force_login(other_world.operator)
    assert other.get(url + ".pdf").status_code == 404


def test_the_drill_down_list_and_its_export_cost_the_same_queries_for_1_or_4_rows(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests import factories as f

    client = Client()
    client.force_login(world.operator)
    urls = [
        reverse("consultation-list", args=[world.edition.slug]) + "?filter=all&sort=-amount",
        reverse("consultation-list-xlsx", args=[world.edition.slug]) + "?filter=all",
    ]

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    first = [count(url) for url in urls]
    for _ in range(3):
        company = f.company(organisation=world.organisation)
        f.participation(company=company, edition=world.edition)
        world.consultation.pk = None
        world.consultation.company = company
        world.consultation.partner = f.partner(organisation=world.organisation, country="JP")
        world.consultation.save()
    assert [count(url) for url in urls] == first
