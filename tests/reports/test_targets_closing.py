"""Targets and costs (목표 대비 실적), closing an edition, and year over year of held
editions only (issue #12)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from pavilion.consultations import services as consultations
from pavilion.consultations.models import Consultation, FollowUpRound
from pavilion.core.models import AuditEntry
from pavilion.reports import closing, services, targets
from tests import factories as f


def _later_edition_in_planning(world):
    """CES 2025 being planned: confirmed companies, no consultation, no visitor yet."""
    later = f.edition(
        show=world.show,
        name="CES 2025",
        slug="ces-2025-planning",
        year=2025,
        start_date=date(2025, 1, 7),
        end_date=date(2025, 1, 10),
    )
    for _ in range(3):
        f.participation(company=f.company(organisation=world.organisation), edition=later)
    return later


# --- year over year -------------------------------------------------------------


def test_year_over_year_skips_an_edition_not_held_yet(world, client):
    later = _later_edition_in_planning(world)
    client.force_login(world.official)
    html = client.get(reverse("year-over-year", args=[world.show.slug])).content.decode()
    assert world.edition.name in html
    assert later.slug not in html
    assert "-100%" not in html


def test_held_editions_need_results_and_a_first_day_that_has_come(world):
    later = _later_edition_in_planning(world)
    editions = world.show.editions.all()
    assert list(services.held_editions(editions)) == [world.edition]
    # A tally is a result: the edition was held.
    later.tallies.create(day=later.start_date, place="Entrance", count=10)
    assert set(services.held_editions(editions)) == {world.edition, later}
    # An edition still to come is never held, whatever was recorded in advance.
    later.start_date = date.today() + timedelta(days=30)
    later.end_date = later.start_date + timedelta(days=3)
    later.save()
    assert list(services.held_editions(editions)) == [world.edition]


# --- targets and costs ----------------------------------------------------------


def test_targets_and_cost_ratios_on_the_report(world):
    targets.set_edition_plan(
        actor=world.operator,
        edition=world.edition,
        target_consultations=4,
        target_consultation_amount=Decimal("650000000"),
        target_satisfaction=Decimal("4.5"),
        budget_booth=Decimal("100000000"),
        budget_travel=Decimal("30000000"),
    )
    report = services.edition_report(world.edition)
    by_key = {t["key"]: t for t in report["targets"]}
    # One consultation of 250,000 USD at 1,300 = 325,000,000 KRW.
    assert by_key["target_consultations"]["achievement_pct"] == "25.0"
    assert by_key["target_consultations"]["actual"] == "1"
    assert by_key["target_consultation_amount"]["achievement_pct"] == "50.0"
    assert by_key["target_satisfaction"]["achievement_pct"] is None  # no survey answer
    assert "target_mous" not in by_key  # no target, not reported
    budget = report["budget"]
    assert budget["total"] == "130000000"
    assert budget["cost_per_consultation"] == "130000000"
    assert budget["amount_per_krw"] == "2.50"
    assert AuditEntry.objects.filter(action="edition.plan_set").count() == 1


def test_a_frozen_report_keeps_the_targets_as_they_were(world):
    targets.set_edition_plan(actor=world.operator, edition=world.edition, target_consultations=4)
    snapshot = services.freeze_report(actor=world.operator, edition=world.edition)
    targets.set_edition_plan(actor=world.operator, edition=world.edition, target_consultations=1)
    live = services.edition_report(world.edition)["targets"][0]
    snapshot.refresh_from_db()
    frozen = snapshot.figures["targets"][0]
    assert (frozen["target"], frozen["achievement_pct"]) == ("4", "25.0")
    assert (live["target"], live["achievement_pct"]) == ("1", "100.0")
    assert snapshot.is_intact()


@pytest.mark.parametrize(
    ("field", "value"),
    [("budget_booth", Decimal(-1)), ("target_satisfaction", Decimal(6))],
)
def test_bad_targets_are_refused_naming_the_field(world, field, value):
    with pytest.raises(ValidationError) as caught:
        targets.set_edition_plan(actor=world.operator, edition=world.edition, **{field: value})
    assert set(caught.value.message_dict) == {field}
    assert not targets.plan_of(world.edition).pk


def test_only_operators_set_targets(world):
    for user in (world.official, world.exhibitor):
        with pytest.raises(PermissionDenied):
            targets.set_edition_plan(actor=user, edition=world.edition, target_mous=3)


def test_the_targets_form_in_korean(world):
    client = Client()
    client.force_login(world.operator)
    url = reverse("edition-plan", args=[world.edition.slug])
    with translation.override("ko"):
        page = client.post(
            url, {"target_consultations": "abc", "budget_travel": "-5"}, HTTP_ACCEPT_LANGUAGE="ko"
        )
    assert page.status_code == 200
    html = page.content.decode()
    assert "정수를 입력하세요" in html  # Django's Korean "Enter a whole number."
    assert "0 이상의 숫자를 입력하세요" in html  # the budget's minimum (core.forms.plausible)
    assert not targets.plan_of(world.edition).pk
    saved = client.post(url, {"target_consultations": "300", "budget_booth": "120000000"})
    assert saved.status_code == 302
    plan = targets.plan_of(world.edition)
    assert (plan.target_consultations, plan.budget_booth) == (300, Decimal(120000000))
    report = client.get(reverse("edition-report", args=[world.edition.slug])).content.decode()
    assert 'id="target-table"' in report and 'id="cost-per-consultation"' in report


def test_composite_score_weights():
    report = {
        "figures": {"satisfaction": {"amount": "4.00"}},
        "targets": [
            {"key": "target_consultations", "achievement_pct": "100.0"},
            {"key": "target_consultation_amount", "achievement_pct": "200.0"},  # capped at 150
            {"key": "target_pursued_amount", "achievement_pct": "50.0"},
        ],
    }
    score = targets.composite_score(report)
    # 0.4 × 125 + 0.4 × 50 + 0.2 × 80 = 86
    assert score == {
        "score": "86.0",
        "parts": {"consultation": "125.0", "contract": "50.0", "satisfaction": "80.0"},
    }
    assert targets.composite_score({"figures": {}, "targets": []})["score"] is None


# --- closing --------------------------------------------------------------------


def _log(actor, world, **kw):
    return consultations.log_consultation(
        actor=actor,
        edition=world.edition,
        company=world.company,
        partner=world.partner,
        kind="export",
        occurred_at=datetime(2024, 1, 11, 18, 0, tzinfo=UTC),
        currency="USD",
        amount=kw.pop("amount", Decimal(1000)),
        **kw,
    )


def test_an_exhibitor_cannot_change_a_closed_edition_and_its_report_stays(world):
    closing.close_edition(actor=world.operator, edition=world.edition)
    world.edition.refresh_from_db()
    before = services.edition_report(world.edition)["figures"]["consultations"]
    with pytest.raises(ValidationError) as caught:
        _log(world.exhibitor, world)
    assert caught.value.code == "edition_closed"
    assert "CES 2024 is closed" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        consultations.correct_consultation(
            actor=world.exhibitor, consultation=world.consultation, amount=Decimal(1)
        )
    with pytest.raises(ValidationError):
        consultations.add_follow_up(
            actor=world.exhibitor,
            consultation=world.consultation,
            date=date(2024, 2, 1),
            kind="call",
        )
    assert services.edition_report(world.edition)["figures"]["consultations"] == before


def test_the_log_page_and_the_api_refuse_a_closed_edition(world):
    closing.close_edition(actor=world.operator, edition=world.edition)
    client = Client()
    client.force_login(world.exhibitor)
    url = reverse("consultation-log", args=[world.edition.slug])
    page = client.get(url).content.decode()
    assert "CES 2024 is closed" in page
    posted = client.post(
        url,
        {
            "company": world.company.pk,
            "partner": world.partner.pk,
            "kind": "export",
            "occurred_at": "2024-01-11T10:00",
            "currency": "USD",
            "amount": "5000",
            "stage": "consulted",
            "source": "walk_in",
        },
    )
    assert posted.status_code == 200
    assert "CES 2024 is closed" in posted.content.decode()
    api = client.post(
        f"/api/v1/editions/{world.edition.slug}/consultations",
        {
            "partner_id": world.partner.pk,
            "kind": "export",
            "occurred_at": "2024-01-11T18:00:00Z",
            "amount": "5000",
        },
        content_type="application/json",
    )
    assert api.status_code == 409
    assert api.json()["code"] == "edition_closed"
    assert Consultation.objects.filter(edition=world.edition).count() == 1


def test_an_operator_s_correction_after_closing_is_flagged_on_the_report(world, client):
    closing.close_edition(actor=world.operator, edition=world.edition)
    world.edition.refresh_from_db()
    world.consultation.refresh_from_db()
    consultations.correct_consultation(
        actor=world.operator, consultation=world.consultation, amount=Decimal("260000")
    )
    _log(world.operator, world)
    changes = services.edition_report(world.edition)["closing"]["changes_after_closing"]
    assert [c["action"] for c in changes] == ["corrected", "logged"]
    assert changes[0]["details"]["before"] == {"amount": "250000.00"}
    assert changes[0]["details"]["after"] == {"amount": "260000"}
    client.force_login(world.official)
    html = client.get(reverse("edition-report", args=[world.edition.slug])).content.decode()
    assert "Changed after closing" in html
    assert "250000.00 → 260000" in html


def test_closing_waits_for_the_last_follow_up_round_and_reopening_is_audited(world):
    today = date.today()
    FollowUpRound.objects.create(
        edition=world.edition, months_after=12, due_on=today + timedelta(days=20)
    )
    assert "last follow-up round" in closing.closing_problem(world.edition)
    with pytest.raises(ValidationError):
        closing.close_edition(actor=world.operator, edition=world.edition)
    FollowUpRound.objects.filter(edition=world.edition).update(due_on=today - timedelta(days=1))
    with pytest.raises(PermissionDenied):
        closing.close_edition(actor=world.official, edition=world.edition)
    closing.close_edition(actor=world.operator, edition=world.edition)
    closing.reopen_edition(actor=world.operator, edition=world.edition)
    world.edition.refresh_from_db()
    assert world.edition.closed_at is None
    assert list(
        AuditEntry.objects.filter(action__startswith="edition.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["edition.closed", "edition.reopened"]
    _log(world.exhibitor, world)  # open again: the exhibitor reports again


def test_closing_from_the_page(world, client):
    client.force_login(world.operator)
    response = client.post(reverse("edition-close", args=[world.edition.slug]), follow=True)
    assert "is closed: its results are final" in response.content.decode()
    world.edition.refresh_from_db()
    assert world.edition.closed_at is not None
    response = client.post(reverse("edition-reopen", args=[world.edition.slug]), follow=True)
    assert "is open again" in response.content.decode()


def test_the_report_s_documents_show_targets_and_costs(world):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from pavilion.reports.documents import build_report_pdf, build_report_xlsx

    targets.set_edition_plan(
        actor=world.operator,
        edition=world.edition,
        target_consultations=4,
        budget_booth=Decimal(1000000),
    )
    with translation.override("en"):
        report = services.in_current_language(services.edition_report(world.edition))
        pdf = build_report_pdf(world.edition, report, language="en")
        xlsx = build_report_xlsx(world.edition, report, language="en")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Targets and results" in text and "25.0 %" in text
    assert "Cost per consultation" in text
    cells = [
        c
        for ws in load_workbook(io.BytesIO(xlsx)).worksheets
        for row in ws.iter_rows(values_only=True)
        for c in row
        if c is not None
    ]
    assert "Cost per consultation" in cells
