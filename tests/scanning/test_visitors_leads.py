"""Visitor counts (report KPI), leads, privacy, erasure, badge QR codes and imports."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import zxingcpp
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from PIL import Image

from pavilion.consultations.models import Consultation, Source, Tally
from pavilion.core import transfer
from pavilion.reports import kpis
from pavilion.scanning import queries, services
from pavilion.scanning.models import Badge, Lead
from pavilion.scanning.services import ScanItem
from tests import factories as f

DAY1 = datetime(2024, 1, 9, 19, 0, tzinfo=UTC)
DAY2 = datetime(2024, 1, 10, 19, 0, tzinfo=UTC)


def _badges(world, n, **kw):
    return [
        services.issue_badge(actor=world.operator, edition=world.edition, name=f"V{i}", **kw)
        for i in range(n)
    ]


@pytest.mark.django_db
def test_the_visitors_kpi_counts_each_badge_once_and_adds_tallies(world):
    entrance, _ = services.register_scan_device(
        actor=world.operator, edition=world.edition, name="Door"
    )
    badges = _badges(world, 3, country="DE", kind="investor")
    items = [ScanItem(f"d1-{b.pk}", b.code, DAY1) for b in badges]
    items += [ScanItem(f"d2-{badges[0].pk}", badges[0].code, DAY2)]  # comes back next day
    items += [ScanItem("show", "CES-SHOW-1", DAY2)]
    services.ingest_scans(device=entrance, items=items)
    # world.badge was scanned at the booth by the World fixture: one more visitor.
    Tally.objects.create(edition=world.edition, day=date(2024, 1, 10), place="door", count=40)
    figures = kpis.other_figures(world.edition)
    assert figures["visitors_scanned"].count == 3 + 1 + 1
    assert figures["visitors_tallied"].count == 40
    assert figures["visitors"].count == 3 + 1 + 1 + 40
    stats = queries.visitor_stats(world.edition)
    assert stats["repeat"] == 1
    assert stats["show_badges"] == 1
    assert {r["key"]: r["visitors"] for r in stats["by_country"]}["DE"] == 3
    assert sum(r["visitors"] for r in stats["per_day"]) == 3 + 2 + 1  # distinct per day
    assert stats["total"] == figures["visitors"].count


@pytest.mark.django_db
def test_the_report_links_visitors_to_their_records(world):
    client = Client()
    client.force_login(world.official)
    page = client.get(reverse("edition-report", args=[world.edition.slug])).content.decode()
    assert reverse("visitor-counts", args=[world.edition.slug]) in page
    counts = client.get(reverse("visitor-counts", args=[world.edition.slug])).content.decode()
    assert reverse("visitor-tallies", args=[world.edition.slug]) in counts
    # Officials see counts but no visitor's personal data.
    assert world.badge.name not in counts


@pytest.mark.django_db
def test_exhibitors_see_only_their_own_leads(world):
    other_exhibitor = f.user(role="exhibitor", company=world.other_company)
    client = Client()
    client.force_login(other_exhibitor)
    assert client.get(reverse("lead-detail", args=[world.lead.pk])).status_code == 404
    listing = client.get(reverse("lead-list", args=[world.edition.slug])).content.decode()
    export = client.get(reverse("lead-export", args=[world.edition.slug])).content.decode()
    assert world.badge.email not in listing + export
    client.force_login(world.exhibitor)
    export = client.get(reverse("lead-export", args=[world.edition.slug])).content.decode()
    assert world.badge.email in export


@pytest.mark.django_db
def test_a_lead_becomes_a_consultation_once(world):
    services.update_lead(
        actor=world.exhibitor, lead=world.lead, rating=4, interest="investment", notes="Keen"
    )
    consultation = services.convert_lead(actor=world.exhibitor, lead=world.lead)
    assert (consultation.source, consultation.kind) == (Source.BOOTH_LEAD, "investment")
    assert consultation.partner == world.contact.partner
    assert consultation.occurred_at == world.lead.met_at
    with pytest.raises(ValidationError):
        services.convert_lead(actor=world.exhibitor, lead=world.lead)


@pytest.mark.django_db
def test_a_lead_of_a_visitor_without_a_contact_needs_a_partner(world):
    lead = _lead_without_contact(world, code="PVB1-z", name="Zed")
    with pytest.raises(ValidationError) as error:
        services.convert_lead(actor=world.exhibitor, lead=lead)
    assert "partner" in error.value.message_dict
    services.convert_lead(actor=world.exhibitor, lead=lead, partner=world.partner)


def _lead_without_contact(world, *, code="PVB1-q", name="Quinn"):
    badge = Badge.objects.create(edition=world.edition, code=code, name=name)
    return Lead.objects.create(
        edition=world.edition, company=world.company, badge=badge, met_at=DAY1
    )


@pytest.mark.django_db
def test_the_lead_page_preselects_a_buyer_only_for_a_known_contact(world):
    client = Client()
    client.force_login(world.exhibitor)
    lead = _lead_without_contact(world)
    page = client.get(reverse("lead-detail", args=[lead.pk])).content.decode()
    form = page[page.index('id="lead-convert-form"') :]
    assert '<select name="partner" required><option value="">' in form
    assert " selected>" + world.partner.name not in form  # no buyer chosen for the visitor
    # The currency of the edition's consultations so far, not always USD.
    assert f'<option value="{world.consultation.currency}" selected>' in form
    page = client.get(reverse("lead-detail", args=[world.lead.pk])).content.decode()
    assert f'<option value="{world.contact.partner.pk}" selected>' in page

    # Sent without a buyer: refused, naming it, nothing recorded.
    response = client.post(reverse("lead-convert", args=[lead.pk]), {"partner": ""})
    assert response.status_code == 200
    assert "Choose the buyer or investor" in response.content.decode()
    lead.refresh_from_db()
    assert lead.consultation_id is None


@pytest.mark.django_db
def test_converting_a_lead_sets_kind_amount_and_currency(world):
    lead = _lead_without_contact(world)
    client = Client()
    client.force_login(world.exhibitor)
    url = reverse("lead-convert", args=[lead.pk])
    bad = {"partner": world.partner.pk, "kind": "nope", "amount": "lots", "currency": "XXX"}
    response = client.post(url, bad)
    assert response.status_code == 200
    assert set(response.context["convert_errors"]) == {"kind", "amount", "currency"}
    lead.refresh_from_db()
    assert lead.consultation_id is None
    good = {"partner": world.partner.pk, "kind": "investment", "amount": "1,250,000"}
    response = client.post(url, {**good, "currency": "EUR"})
    assert response.status_code == 302
    lead.refresh_from_db()
    c = lead.consultation
    assert (c.partner, c.kind, c.amount, c.currency) == (
        world.partner,
        "investment",
        Decimal("1250000"),
        "EUR",
    )


@pytest.mark.django_db
def test_a_converted_lead_is_in_the_edition_s_usual_currency_by_default(world):
    Consultation.objects.filter(edition=world.edition).update(currency="KRW")
    lead = _lead_without_contact(world)
    consultation = services.convert_lead(actor=world.exhibitor, lead=lead, partner=world.partner)
    assert (consultation.currency, consultation.amount) == ("KRW", None)
    with pytest.raises(ValidationError) as error:
        services.convert_lead(
            actor=world.operator,
            lead=_lead_without_contact(world, code="PVB1-r", name="Rae"),
            partner=world.partner,
            amount="-5",
        )
    assert "amount" in error.value.message_dict


@pytest.mark.django_db
def test_an_exhibitor_may_not_rate_another_company_s_lead(world):
    other_exhibitor = f.user(role="exhibitor", company=world.other_company)
    with pytest.raises(PermissionDenied):
        services.update_lead(actor=other_exhibitor, lead=world.lead, rating=1)


@pytest.mark.django_db
def test_erasing_a_visitor_keeps_the_counts(world):
    external = services.ingest_scans(
        device=world.scan_device, items=[ScanItem("e1", "SHOW-JOHN-SMITH", DAY1)]
    )[0]
    before = kpis.other_figures(world.edition)["visitors"].count
    with pytest.raises(PermissionDenied):
        services.erase_visitor(actor=world.exhibitor, badge=world.badge)
    services.update_lead(actor=world.exhibitor, lead=world.lead, notes="Ann likes tea")
    services.erase_visitor(actor=world.operator, badge=world.badge)
    show_badge = Badge.objects.get(pk=external["badge_id"])
    services.erase_visitor(actor=world.operator, badge=show_badge)
    world.badge.refresh_from_db()
    world.lead.refresh_from_db()
    show_badge.refresh_from_db()
    assert (world.badge.name, world.badge.email, world.badge.contact) == ("", "", None)
    assert world.lead.notes == ""
    assert "JOHN" not in show_badge.code
    assert kpis.other_figures(world.edition)["visitors"].count == before


@pytest.mark.django_db
def test_a_badge_qr_decodes_to_its_code_and_nothing_else(world, tmp_path):
    import segno

    # A full name and e-mail, not a two-letter label that a random code can
    # contain by chance (an earlier "V0" failed CI that way).
    badge = services.issue_badge(
        actor=world.operator,
        edition=world.edition,
        name="Minji Kim",
        email="minji.kim@buyer.example",
    )
    path = tmp_path / "badge.png"
    segno.make(badge.code, error="m").save(path, scale=6)
    decoded = zxingcpp.read_barcodes(Image.open(path))
    assert [d.text for d in decoded] == [badge.code]
    assert badge.name not in badge.code and "minji" not in badge.code.lower()
    # The wallet page embeds the same code as SVG.
    page = Client().get(reverse("badge-wallet", args=[badge.code])).content.decode()
    assert "<svg" in page and badge.name in page


@pytest.mark.django_db
def test_importing_the_show_s_lead_export_enriches_scanned_show_badges(world):
    services.ingest_scans(device=world.scan_device, items=[ScanItem("s", "CES24-777", DAY1)])
    csv = (
        "edition,badge_code,name,company,email,country,kind\n"
        f"{world.edition.slug},CES24-777,Kim Lee,Acme,kim@acme.example,US,buyer\n"
        f"{world.edition.slug},,New Person,,new@x.example,KR,press\n"
    ).encode()
    result = transfer.import_records(
        actor=world.operator, kind="badges", filename="a.csv", content=csv, dry_run=False
    )
    assert result.ok, result.errors
    assert [r.action for r in result.rows] == ["update", "create"]
    enriched = Badge.objects.get(edition=world.edition, code="CES24-777")
    assert (enriched.name, enriched.external, enriched.kind) == ("Kim Lee", True, "buyer")
    again = transfer.import_records(
        actor=world.operator, kind="badges", filename="a.csv", content=csv, dry_run=False
    )
    assert [r.action for r in again.rows] == ["unchanged", "unchanged"]


@pytest.mark.django_db
def test_a_bad_badge_row_names_its_column_and_writes_nothing(world):
    csv = (
        "edition,name,country,kind\n"
        f"{world.edition.slug},Good,US,buyer\n"
        f"{world.edition.slug},,XX,alien\n"
    ).encode()
    before = Badge.objects.count()
    result = transfer.import_records(
        actor=world.operator, kind="badges", filename="a.csv", content=csv, dry_run=False
    )
    assert {(e.row, e.column) for e in result.errors} == {(3, "name"), (3, "country"), (3, "kind")}
    assert Badge.objects.count() == before
