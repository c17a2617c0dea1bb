"""The agency's programme report: editions side by side, totals, only one's own
organisation, and its JSON, XLSX and PDF (issue #12)."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from pavilion.consultations.models import Consultation
from pavilion.reports import programme, targets
from pavilion.reports.kpis import FIGURE_LABELS
from tests import factories as f


@pytest.fixture
def two_shows(world, other_world):
    """Our CES 2024 plus an IFA 2024 in Berlin with one consultation, and a planned
    CES 2025; the other organisation's edition of 2024 must never show."""
    ifa_show = f.show(organisation=world.organisation, name="IFA", slug="ifa")
    ifa = f.edition(
        show=ifa_show,
        name="IFA 2024",
        slug="ifa-2024",
        start_date=date(2024, 9, 6),
        end_date=date(2024, 9, 9),
        time_zone="Europe/Berlin",
    )
    f.fx_rate(edition=ifa, currency="EUR", rate="1500")
    f.participation(company=world.company, edition=ifa)
    Consultation.objects.create(
        edition=ifa,
        company=world.company,
        partner=world.partner,
        kind="export",
        occurred_at=datetime(2024, 9, 7, 10, 0, tzinfo=UTC),
        amount=Decimal("100000"),
        currency="EUR",
    )
    f.edition(show=world.show, name="CES 2025", slug="ces-2025-plan", start_date=date(2025, 1, 7))
    targets.set_edition_plan(
        actor=world.operator,
        edition=world.edition,
        target_consultations=2,
        target_consultation_amount=Decimal("325000000"),
        budget_booth=Decimal("65000000"),
    )
    targets.set_edition_plan(actor=world.operator, edition=ifa, budget_travel=Decimal("50000000"))
    return world, ifa, other_world


def test_editions_side_by_side_with_totals(two_shows):
    world, _ifa, _other = two_shows
    data = programme.programme(
        world.organisation.pk, programme.Period(date(2024, 1, 1), date(2024, 12, 31), 2024)
    )
    assert [c["slug"] for c in data["editions"]] == [world.edition.slug, "ifa-2024"]
    ces, berlin = data["editions"]
    assert ces["values"]["consultations.amount_krw"] == "325000000.00"  # 250,000 USD × 1,300
    assert berlin["values"]["consultations.amount_krw"] == "150000000.00"  # 100,000 EUR × 1,500
    totals = data["totals"]
    assert totals["values"]["consultations.count"] == 2
    assert totals["values"]["consultations.amount_krw"] == "475000000.00"
    assert totals["budget"]["total"] == "115000000"
    # 115,000,000 KRW / 2 consultations; 475,000,000 / 115,000,000
    assert totals["budget"]["cost_per_consultation"] == "57500000"
    assert totals["budget"]["amount_per_krw"] == "4.13"
    assert ces["targets"]["target_consultations"]["achievement_pct"] == "50.0"
    # consultation part only: mean of 50 % and 100 %
    assert ces["score"] == {"score": "75.0", "parts": {"consultation": "75.0"}}
    assert berlin["score"]["score"] is None  # no target, no survey
    assert ces["per_company"]["consultations"] == "0.5"


def test_an_edition_not_held_yet_is_listed_but_not_totalled(two_shows):
    world, _ifa, _other = two_shows
    data = programme.programme(
        world.organisation.pk, programme.Period(date(2024, 1, 1), date(2025, 12, 31))
    )
    columns = {c["slug"]: c for c in data["editions"]}
    assert columns["ces-2025-plan"]["held"] is False
    assert data["totals"]["values"]["consultations.count"] == 2


def test_the_page_shows_only_one_s_own_organisation(two_shows, client):
    world, _ifa, other = two_shows
    client.force_login(world.official)
    for name in ("programme", "programme-json"):
        body = client.get(reverse(name) + "?year=2024").content.decode()
        assert "IFA 2024" in body and world.edition.slug in body
        assert other.edition.slug not in body
        assert other.company.name_en not in body
    client.force_login(other.operator)
    body = client.get(reverse("programme-json") + "?year=2024").json()
    assert [c["slug"] for c in body["editions"]] == [other.edition.slug]
    for user in (world.exhibitor, world.partner_user, world.agency_user):
        client.force_login(user)
        assert client.get(reverse("programme") + "?year=2024").status_code == 403


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("year=abcd", "year"),
        ("from=2024-13-01&to=2024-12-31", "from"),
        ("from=2024-05-01&to=2024-01-01", "to"),
    ],
)
def test_a_bad_period_is_named(world, client, query, field):
    client.force_login(world.operator)
    response = client.get(reverse("programme-json") + "?" + query)
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {field}
    assert client.get(reverse("programme") + "?" + query).status_code == 400


def test_the_workbook_has_the_page_s_figures_and_native_charts(two_shows, client):
    world, _ifa, other = two_shows
    client.force_login(world.operator)
    response = client.get(reverse("programme-xlsx") + "?year=2024")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    side, per = book.worksheets
    values = {row[0]: row[1:] for row in side.iter_rows(values_only=True) if row and row[0]}
    label = str(FIGURE_LABELS["consultations"][0])
    assert values[label] == (1, 1, 2)
    assert values[f"{label} (KRW)"] == (325000000, 150000000, 475000000)
    assert values[f"{label} (USD)"] == (250000, None, None)  # IFA has no USD rate
    assert side[f"B{side.max_row}"].number_format  # typed cells, not text
    assert len(per._charts) == 3
    text = " ".join(str(c) for row in side.iter_rows(values_only=True) for c in row if c)
    assert other.edition.name not in text or other.edition.name == world.edition.name
    assert other.edition.slug not in text


def test_the_pdf_reads_back_with_every_edition(two_shows, client):
    world, _ifa, _other = two_shows
    client.force_login(world.official)
    response = client.get(reverse("programme-pdf") + "?year=2024", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "IFA 2024" in text and "CES 2024" in text
    # Korean headings once, in Korean (not "목표 달성률 · 목표 대비 실적").
    assert "목표 달성률" in text and "· 목표 대비 실적" not in text
