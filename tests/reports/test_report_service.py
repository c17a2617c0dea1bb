"""The assembled report: frozen snapshots never change, year over year in percent."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from pavilion.consultations.models import Stage
from pavilion.reports import services
from pavilion.reports.models import ReportSnapshot
from tests import factories as f


def test_percent_change_as_in_the_issue():
    assert services.percent_change(Decimal(527), Decimal(734)) == Decimal(39)
    assert services.percent_change(Decimal(0), Decimal(5)) is None
    assert services.percent_change(None, Decimal(5)) is None
    assert services.percent_change(Decimal(200), Decimal(150)) == Decimal(-25)


def test_a_frozen_report_never_changes(world):
    snapshot = services.freeze_report(actor=world.operator, edition=world.edition, title="Meeting")
    frozen = snapshot.figures["figures"]["consultations"]
    world.consultation.amount = Decimal("999999")
    world.consultation.save()
    live = services.edition_report(world.edition)["figures"]["consultations"]
    assert live["amount"] != frozen["amount"]
    snapshot = ReportSnapshot.objects.get(pk=snapshot.pk)
    assert snapshot.figures["figures"]["consultations"] == frozen
    assert snapshot.is_intact()
    with pytest.raises(ValueError, match="never changed"):
        snapshot.save()


def test_a_frozen_report_reads_in_the_reader_s_language(world):
    with translation.override("en"):
        snapshot = services.freeze_report(actor=world.operator, edition=world.edition)
    stage = world.consultation.stage
    frozen_row = next(r for r in snapshot.figures["breakdowns"]["stage"] if r["key"] == stage)
    assert frozen_row["label"] == str(Stage(stage).label)
    with translation.override("ko"):
        korean = str(Stage(stage).label)
        assert korean != frozen_row["label"]
        report = services.in_current_language(snapshot.figures)
        row = next(r for r in report["breakdowns"]["stage"] if r["key"] == stage)
        assert row["label"] == korean
        assert {s["label"] for s in report["funnel"]} >= {korean}
        page = Client()
        page.force_login(world.operator)
        html = page.get(
            reverse("report-snapshot", args=[snapshot.pk]), HTTP_ACCEPT_LANGUAGE="ko"
        ).content.decode()
        assert korean in html
    # Reading in another language changes nothing stored.
    snapshot.refresh_from_db()
    assert snapshot.is_intact()


def test_only_operators_freeze(world):
    with pytest.raises(PermissionDenied):
        services.freeze_report(actor=world.official, edition=world.edition)


def test_year_over_year_by_hand(world):
    later = f.edition(show=world.show, slug="ces-2025", year=2025)
    later.start_date = later.start_date.replace(year=2025)
    later.end_date = later.end_date.replace(year=2025)
    later.save()
    f.fx_rate(edition=later, currency="USD", rate="1400")
    for _ in range(3):
        f.participation(company=f.company(organisation=world.organisation), edition=later)
    rows = {(r["key"], r["measure"]): r for r in services.year_over_year([later, world.edition])}
    companies = rows[("companies", "count")]["cells"]
    assert [c["value"] for c in companies] == [Decimal(2), Decimal(3)]
    assert companies[1]["change_pct"] == Decimal(50)
    amount = rows[("consultations", "amount")]["cells"]
    assert amount[0]["value"] == Decimal("325000000")  # 250,000 USD × 1300
    assert amount[1]["change_pct"] == Decimal(-100)


def test_report_page_query_count_does_not_grow(world, client):
    client.force_login(world.operator)
    url = reverse("edition-report", args=[world.edition.slug])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    first = count()
    for _ in range(3):
        company = f.company(organisation=world.organisation)
        f.participation(company=company, edition=world.edition)
        partner = f.partner(organisation=world.organisation, country="JP")
        world.consultation.pk = None
        world.consultation.company = company
        world.consultation.partner = partner
        world.consultation.save()
    assert count() == first


@pytest.mark.django_db
def test_a_korean_reader_sees_the_companies_by_their_korean_names(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="ko")
    client.force_login(world.official)
    page = client.get(f"/editions/{world.edition.slug}/report/").content.decode()
    assert world.company.name_ko in page and world.company.name_en not in page
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(world.official)
    page = english.get(f"/editions/{world.edition.slug}/report/").content.decode()
    assert world.company.name_en in page
    # The stored report keeps one spelling: names are said again when it is read.
    stored = services.edition_report(world.edition)
    assert world.company.name_en in {row["name"] for row in stored["companies"]}
