"""The demo data set: loads once, looks like the source document's pavilion."""

import pytest
from django.contrib.auth import authenticate

from pavilion.accounts.models import Organisation, User
from pavilion.companies import brn
from pavilion.companies.models import Company, Participation
from pavilion.consultations.models import Consultation
from pavilion.demo.loader import DEMO_PASSWORD, demo_logins, load_demo
from pavilion.partners.models import Partner
from pavilion.reports import kpis
from pavilion.shows.models import Edition


@pytest.fixture
def demo(db):
    assert load_demo() is True
    return Edition.objects.get(slug="ces-2024")


def test_loading_twice_changes_nothing(demo):
    counts = [m.objects.count() for m in (Company, Participation, Partner, Consultation, User)]
    assert load_demo() is False
    assert [
        m.objects.count() for m in (Company, Participation, Partner, Consultation, User)
    ] == counts
    assert Organisation.objects.count() == 1


def test_shaped_like_the_source_report(demo):
    assert demo.time_zone == "America/Los_Angeles"
    assert demo.pavilions.get().kind == "standalone"
    figures = {**kpis.other_figures(demo), **kpis.consultation_figures(demo)}
    assert figures["companies"].count == 25
    assert figures["award_companies"].count == 10
    assert 330 <= figures["consultations"].count <= 370
    assert 30e9 <= figures["consultations"].amount <= 45e9  # about 37 billion KRW
    assert 3300 <= figures["visitors"].count <= 3700
    assert figures["after_show_contract"].count > 0  # follow-ups that became contracts


def test_partners_from_many_countries(demo):
    partners = Partner.objects.all()
    assert 140 <= partners.count() <= 160
    assert partners.values("country").distinct().count() >= 8
    assert partners.values("kind").distinct().count() == 6


def test_every_registration_number_is_valid(demo):
    assert all(
        brn.is_valid(n)
        for n in Company.objects.values_list("business_registration_number", flat=True)
    )


def test_demo_logins_work_with_their_roles(demo):
    roles = {
        "operator": "operator",
        "official": "official",
        "exhibitor": "exhibitor",
        "buyer": "partner",
    }
    for _label, username in demo_logins():
        user = authenticate(username=username, password=DEMO_PASSWORD)
        assert user is not None and user.role == roles[username]
    assert (
        User.objects.get(username="exhibitor")
        .company.participations.get(edition=demo)
        .awards.exists()
    )


def test_the_next_edition_is_in_planning(demo):
    planned = Edition.objects.get(slug="ces-2025")
    assert planned.pavilions.get().kind == "integrated"
    assert set(planned.participations.values_list("status", flat=True)) >= {"applied", "selected"}


def test_report_cli_prints_the_source_documents_figures(demo, capsys):
    import json

    from pavilion import cli

    assert cli.main(["report", "--edition", "ces-2024", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    figures = report["figures"]
    assert figures["award_companies"]["count"] == 10
    assert 3300 <= figures["visitors"]["count"] <= 3700
    assert 330 <= figures["consultations"]["count"] <= 370
    assert 30e9 <= float(figures["consultations"]["amount"]) <= 45e9
    assert report["currency"] == "KRW"


def test_year_over_year_compares_with_the_year_before(demo):
    from pavilion.reports.services import year_over_year

    rows = {(r["key"], r["measure"]): r for r in year_over_year(demo.show.editions.all())}
    cells = rows[("consultations", "count")]["cells"]
    assert [c["edition"].slug for c in cells] == ["ces-2023", "ces-2024", "ces-2025"]
    before, after = cells[0]["value"], cells[1]["value"]
    assert cells[1]["change_pct"] == ((after - before) / before * 100).quantize(1)
    assert cells[1]["change_pct"] > 0


def test_the_next_edition_has_a_consultation_space_ready_to_schedule(demo):
    from pavilion.accounts.models import User
    from pavilion.meetings import scheduling
    from pavilion.meetings.models import Meeting

    planned = Edition.objects.get(slug="ces-2025")
    operator = User.objects.get(username="operator")
    run = scheduling.run_scheduler(actor=operator, edition=planned, time_limit=10)
    assert run.stats["scheduled"] > 30
    assert run.stats["scheduled"] >= 0.99 * run.stats["upper_bound"]
    assert Meeting.objects.filter(edition=planned, draft=True).count() == run.stats["scheduled"]
