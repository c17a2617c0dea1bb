"""Fund writes, pages, API, export and CLI: validation, permissions, drill-downs."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from pavilion import cli
from pavilion.consultations.models import Consultation
from pavilion.funds import figures, services
from pavilion.funds.models import Investment
from pavilion.reports.services import edition_report
from tests import factories as f
from tests.api import bearer

pytestmark = pytest.mark.django_db


def _grant(user, *codenames):
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="funds", codename__in=codenames)
    )
    # has_perm caches per user object: fetch it anew.
    return type(user).objects.get(pk=user.pk)


def _talk(world, *, edition=None, company=None, kind="investment"):
    # Each talk a minute apart: one key (edition, parties, time, kind) is one consultation.
    _talk.minutes = getattr(_talk, "minutes", 0) + 1
    return Consultation.objects.create(
        edition=edition or world.edition,
        company=company or world.company,
        partner=world.partner,
        kind=kind,
        occurred_at=world.consultation.occurred_at + timedelta(minutes=_talk.minutes),
        currency="KRW",
        amount=Decimal("1000000000"),
    )


def _invest(world, *, amount="1000000000", currency="KRW", rate="1", cites=(), **data):
    values = {
        "company": world.company,
        "invested_on": date(2024, 6, 1),
        "round": "seed",
        "instrument": "equity",
        "amount": Decimal(amount),
        "currency": currency,
        "rate": Decimal(rate) if rate else None,
        **data,
    }
    return services.record_investment(
        actor=world.agency_user, fund=world.fund, data=values, consultations=cites
    )


# --- figures ----------------------------------------------------------------


def test_breakdowns_attribute_to_the_first_edition_and_sum_to_deployed(world):
    earlier = f.edition(show=world.show, slug="daejeon-ces-2023", name="CES 2023")
    earlier.start_date, earlier.end_date = date(2023, 1, 5), date(2023, 1, 8)
    earlier.save()
    # cites talks of 2023 and 2024: it grew out of the first meeting, in 2023
    _invest(
        world,
        amount="2000000",
        currency="USD",
        rate="1310.5",
        round="series_a",
        cites=[_talk(world), _talk(world, edition=earlier)],
    )
    _invest(world, amount="500000000", cites=[_talk(world)])
    _invest(world, amount="700000000", company=world.other_company)  # not from the pavilion
    by_edition = {row["key"]: row["amount"] for row in figures.breakdown(world.fund, "edition")}
    assert by_edition == {
        "daejeon-ces-2023": Decimal("2621000000.00"),  # 2,000,000 USD × 1,310.5
        world.edition.slug: Decimal("500000000.00"),
        # the world's own 3 bn cites no consultation, nor does the 0.7 bn
        figures.NOT_FROM_PAVILION: Decimal("3700000000.00"),
    }
    deployed = figures.deployed(world.fund)
    assert deployed == Decimal("6821000000.00")
    for dimension in ("round", "edition", "status"):
        rows = figures.breakdown(world.fund, dimension)
        assert sum(r["amount"] for r in rows) == deployed, dimension
        assert sum(r["count"] for r in rows) == 4, dimension


def test_conversion_of_one_fund_in_its_currency(world):
    world.consultation.kind = "investment"
    world.consultation.save()
    _invest(world, amount="1000000", currency="USD", rate="1320", cites=[world.consultation])
    result = figures.conversion(world.edition, world.fund.investments.all())
    assert result["investment_consultations"] == 1
    assert result["converted_consultations"] == 1
    assert result["amount_in_fund_currency"] == Decimal("1320000000.00")
    assert result["amount_by_currency"] == {"USD": Decimal("1000000.00")}


def test_the_results_report_converts_investments_at_the_editions_rates(world):
    world.consultation.kind = "investment"
    world.consultation.save()
    _talk(world, kind="mna")  # a second investment talk, not converted
    _invest(world, amount="1000000", currency="USD", rate="1320", cites=[world.consultation])
    report = edition_report(world.edition)
    invested = report["figures"]["invested"]
    # the edition converts USD at its fixed 1,300 (the fund booked it at 1,320)
    assert (invested["count"], invested["amount"]) == (1, "1300000000.00")
    assert report["figures"]["investment_talks"]["count"] == 2
    assert report["investments"]["conversion_rate"] == "0.5000"
    client = Client()
    client.force_login(world.operator)
    page = client.get(f"/editions/{world.edition.slug}/consultations/", {"filter": "invested"})
    assert [c.pk for c in page.context["page"]] == [world.consultation.pk]


# --- writes -------------------------------------------------------------------


def test_an_investment_citing_another_companys_talk_writes_nothing(world):
    foreign = _talk(world, company=world.other_company)
    before = Investment.objects.count()
    with pytest.raises(ValidationError) as error:
        _invest(world, cites=[foreign])
    assert "consultations" in error.value.message_dict
    assert Investment.objects.count() == before


def test_rates_exits_and_calls_are_checked(world):
    same = _invest(world, rate="1234")  # KRW into a KRW fund: the rate is 1
    assert same.rate == 1
    with pytest.raises(ValidationError) as error:
        _invest(world, currency="USD", rate="0")
    assert "rate" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _invest(world, status="exited")
    assert "closed_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _invest(world, status="active", exit_proceeds=Decimal(5))
    assert "exit_proceeds" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.add_commitment(
            actor=world.agency_user,
            fund=world.fund,
            data={
                "limited_partner": "LP",
                "amount": Decimal(10),
                "called": Decimal(11),
                "currency": "KRW",
                "committed_on": date(2024, 1, 1),
            },
        )
    assert "called" in error.value.message_dict


def test_who_may_change_a_fund(world, other_world):
    data = {"ownership": Decimal(7)}
    for user in (world.operator, world.official, world.exhibitor, other_world.agency_user):
        with pytest.raises(PermissionDenied):
            services.update_investment(actor=user, investment=world.investment, data=data)
    viewer = _grant(world.operator, "view_fund")
    with pytest.raises(PermissionDenied):
        services.update_investment(actor=viewer, investment=world.investment, data=data)
    manager = _grant(world.operator, "view_fund", "change_fund")
    changed = services.update_investment(actor=manager, investment=world.investment, data=data)
    assert changed.ownership == 7


# --- pages ----------------------------------------------------------------------


def test_an_operator_with_the_view_permission_reads_but_does_not_edit(world):
    client = Client()
    client.force_login(world.operator)
    assert client.get(f"/funds/{world.fund.slug}/").status_code == 404
    _grant(world.operator, "view_fund")
    page = client.get(f"/funds/{world.fund.slug}/")
    assert page.status_code == 200
    assert "3,000,000,000" in page.content.decode() or "30억" in page.content.decode()
    assert client.get(f"/funds/{world.fund.slug}/edit/").status_code == 403


def test_the_drill_down_lists_what_the_bar_counts(world):
    _invest(world, amount="500000000", cites=[_talk(world)])
    _invest(world, amount="700000000", company=world.other_company)
    client = Client()
    client.force_login(world.agency_user)
    for key, row in [(r["key"], r) for r in figures.breakdown(world.fund, "edition")]:
        page = client.get(f"/funds/{world.fund.slug}/investments/", {"edition": key})
        rows = page.context["rows"]
        assert len(rows) == row["count"], key
        assert page.context["total"] == row["amount"], key


def test_a_company_sees_its_own_investments_without_the_agencys_notes(world):
    client = Client()
    client.force_login(world.exhibitor)
    company_page = client.get(f"/companies/{world.company.pk}/").content.decode()
    assert world.fund.name in company_page
    detail = client.get(f"/investments/{world.investment.pk}/").content.decode()
    assert "Series A" in detail
    assert world.investment.notes not in detail
    other = f.user(role="exhibitor", company=world.other_company)
    client.force_login(other)
    assert client.get(f"/investments/{world.investment.pk}/").status_code == 404
    assert world.fund.name not in client.get(f"/companies/{world.company.pk}/").content.decode()


def test_the_investment_form_saves_and_reports_errors_by_field(world):
    talk = _talk(world)
    client = Client()
    client.force_login(world.agency_user)
    url = f"/funds/{world.fund.slug}/investments/new/"
    post = {
        "company": world.company.pk,
        "invested_on": "2024-07-01",
        "round": "seed",
        "instrument": "safe",
        "amount": "250000",
        "currency": "USD",
        "rate": "0",
        "status": "active",
        "qualifies_locally": "on",
        "consultations": [talk.pk],
    }
    page = client.post(url, post)
    assert page.status_code == 200
    assert "rate" in page.context["form"].errors
    # A USD amount left at a rate of 1 (one dollar booked as one won), left empty,
    # or typed the wrong way round is refused; nothing is saved.
    for wrong in ("1", "", "0.00074"):
        post["rate"] = wrong
        page = client.post(url, post)
        assert page.status_code == 200, wrong
        assert "rate" in page.context["form"].errors, wrong
        if wrong == "1":
            assert "1 USD = 1 KRW" in str(page.context["form"].errors["rate"])
    assert not Investment.objects.filter(amount=Decimal("250000")).exists()
    post["rate"] = "1300"
    page = client.post(url, post)
    assert page.status_code == 302
    saved = Investment.objects.latest("pk")
    assert saved.amount_in_fund_currency == Decimal("325000000.00")
    assert list(saved.consultations.all()) == [talk]


def test_a_new_investment_form_does_not_prefill_a_rate_and_says_what_it_is(world):
    client = Client()
    client.force_login(world.agency_user)
    form = client.get(f"/funds/{world.fund.slug}/investments/new/").context["form"]
    assert form["rate"].value() in (None, "")
    assert not form.fields["rate"].required  # empty is right for the fund's own currency


def test_a_rate_of_one_for_a_foreign_currency_is_refused_by_the_service(world):
    with pytest.raises(ValidationError) as error:
        _invest(world, currency="USD", rate="1")
    assert "1 USD = 1 KRW" in " ".join(error.value.message_dict["rate"])
    assert _invest(world, currency="EUR", rate="1452.75").rate == Decimal("1452.75")
    assert _invest(world, currency="KRW", rate="").rate == 1


def test_the_plan_form_names_the_bad_line(world):
    client = Client()
    client.force_login(world.agency_user)
    url = f"/funds/{world.fund.slug}/plan/"
    page = client.post(url, {"plan": "2025 40,000,000,000\n2026 lots"})
    assert "Line 2" in page.content.decode()
    assert not world.fund.plan.exists()
    client.post(url, {"plan": "2025 40,000,000,000\n2026 60000000000"})
    rows = figures.deployment_by_year(world.fund)
    assert [(r["year"], r["plan"]) for r in rows] == [
        (2024, None),
        (2025, Decimal("40000000000.00")),
        (2026, Decimal("60000000000.00")),
    ]


def test_the_xlsx_export(world):
    client = Client()
    client.force_login(world.agency_user)
    response = client.get(f"/funds/{world.fund.slug}/export.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Commitments", "Plan", "Investments"]
    investments = list(book["Investments"].iter_rows(values_only=True))
    assert investments[1][1] == world.company.name_en
    # Numbers are numbers (a spreadsheet can add them up), dates are dates.
    assert investments[1][9] == 3000000000
    row = book["Investments"][2]
    amount, in_fund, date_cell = row[6], row[9], row[3]
    assert amount.data_type == "n" and isinstance(amount.value, int | float)
    assert in_fund.data_type == "n" and in_fund.number_format == '#,##0 "KRW"'
    assert amount.number_format.endswith(f'"{world.investment.currency}"')
    assert date_cell.is_date and date_cell.value.date() == world.investment.invested_on
    summary = {row[0].value: row[1] for row in book["Summary"].iter_rows()}
    assert summary["Raised"].value == 50000000000 and summary["Raised"].data_type == "n"
    assert summary["As of"].is_date
    assert summary["Execution rate"].number_format == "0.00%"
    commitment = book["Commitments"][2]
    assert commitment[2].is_date and commitment[3].data_type == "n"
    for sheet in book.worksheets:  # no amount left as text anywhere
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                header = sheet.cell(row=1, column=cell.column).value
                if isinstance(cell.value, str) and header != "Consultations":  # ids, as text
                    assert not cell.value.replace(".", "").isdigit(), (sheet.title, cell.value)


# --- API and CLI ------------------------------------------------------------------


def test_the_api_records_an_investment_and_masks_notes_for_the_company(world):
    agency = bearer(world.agency_user)
    exhibitor = bearer(world.exhibitor)
    body = {
        "company_id": world.company.pk,
        "invested_on": "2024-08-01",
        "round": "series_a",
        "instrument": "equity",
        "amount": "1000000000",
        "currency": "KRW",
        "notes": "Second close",
        "consultation_ids": [world.consultation.pk],
    }
    created = agency.post(
        f"/api/v1/funds/{world.fund.slug}/investments",
        json.dumps(body),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["origin_edition"] == world.edition.slug
    exit_without_date = agency.patch(
        f"/api/v1/investments/{created.json()['id']}",
        json.dumps({"status": "exited"}),
        content_type="application/json",
    )
    assert exit_without_date.status_code == 422
    assert "closed_on" in exit_without_date.json()["fields"]
    mine = exhibitor.get("/api/v1/investments").json()
    assert mine["count"] == 2
    assert {row["notes"] for row in mine["items"]} == {None}


def test_pavilion_report_fund_json(world, capsys):
    assert cli.main(["report", "--fund", world.fund.slug, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["raised"] == "50000000000.00"
    assert report["deployed"] == "3000000000.00"
    assert report["obligation"]["required"] == "100000000000.00"
    assert report["investments"][0]["company"] == world.company.name_en
    assert cli.main(["report", "--fund", "no-such-fund"]) == 2


def test_choosing_the_company_offers_only_its_consultations(world):
    mine = _talk(world)
    theirs = _talk(world, company=world.other_company)
    client = Client()
    client.force_login(world.agency_user)
    url = f"/funds/{world.fund.slug}/investments/new/"
    assert list(client.get(url).context["form"].fields["consultations"].queryset) == []
    offered = client.get(url, {"company": world.company.pk}).context["form"]
    assert set(offered.fields["consultations"].queryset) == {world.consultation, mine}
    assert theirs not in offered.fields["consultations"].queryset


def test_an_investment_page_dates_its_consultations_in_the_show_s_time_zone(world):
    # 20:00 in Las Vegas on the show's last day is already the next day in UTC.
    late = datetime(2024, 1, 12, 20, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    Consultation.objects.filter(pk=world.consultation.pk).update(occurred_at=late)
    world.investment.consultations.add(world.consultation)
    client = Client()
    client.force_login(world.agency_user)
    html = client.get(reverse("investment-detail", args=[world.investment.pk])).content.decode()
    assert "Fri 12 Jan 2024 20:00" in html and "13 Jan 2024" not in html
