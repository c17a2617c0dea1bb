"""The demo data set: loads once, looks like the source document's pavilion."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import reverse

from pavilion.accounts.models import Organisation, User
from pavilion.companies import brn
from pavilion.companies.models import Award, Company, Participation, Sector
from pavilion.consultations.models import Consultation, FollowUp, Tally
from pavilion.demo.loader import DEMO_PASSWORD, demo_logins, load_demo
from pavilion.partners.models import Contact, Partner
from pavilion.reports import kpis
from pavilion.shows.models import Booth, Edition, FxRate

MODELS = (
    Organisation,
    User,
    Group,
    Sector,
    Edition,
    FxRate,
    Booth,
    Company,
    Participation,
    Award,
    Partner,
    Contact,
    Consultation,
    FollowUp,
    Tally,
)


@pytest.fixture
def demo(db):
    assert load_demo() is True
    return Edition.objects.get(slug="ces-2024")


def test_loading_twice_changes_nothing(demo):
    counts = [m.objects.count() for m in MODELS]
    assert load_demo() is False
    assert [m.objects.count() for m in MODELS] == counts
    assert Organisation.objects.get().slug == "dcei"


def fingerprint():
    """What the demo contains, without database ids (which differ from load to load)."""
    querysets = (
        Company.objects.values_list("name_en", "business_registration_number", "employees"),
        Partner.objects.values_list("name", "country", "kind", "interests"),
        Contact.objects.values_list("partner__name", "name", "email"),
        Consultation.objects.values_list(
            "edition__slug", "company__name_en", "partner__name", "amount", "stage"
        ),
        Tally.objects.values_list("edition__slug", "day", "place", "count"),
    )
    return [sorted(map(repr, rows)) for rows in querysets]


def test_the_same_data_every_time(db):
    prints = []
    for _ in range(2):
        with transaction.atomic():
            assert load_demo() is True
            prints.append(fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1]


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


def test_the_edition_as_in_the_source_document(demo):
    assert (demo.name, demo.start_date, demo.end_date) == (
        "CES 2024",
        date(2024, 1, 9),
        date(2024, 1, 12),
    )
    assert (demo.city, demo.country, demo.reporting_currency) == ("Las Vegas", "US", "KRW")
    rates = {fx.currency: (fx.rate, fx.fixed_on) for fx in demo.fx_rates.all()}
    assert rates["USD"] == (Decimal("1300"), date(2024, 1, 5))
    assert set(rates) == {"USD", "EUR", "JPY", "CNY"}
    assert all(fx.source for fx in demo.fx_rates.all())
    assert demo.show.organisation.name_ko == "대전창조경제혁신센터"


def test_every_company_confirmed_in_its_own_booth(demo):
    pavilion = demo.pavilions.get(slug="daejeon")
    assert (pavilion.name, pavilion.name_ko) == ("Daejeon Pavilion", "대전관")
    booths = list(pavilion.booths.all())
    assert 26 <= len(booths) <= 30
    for a in booths:  # inside the pavilion, none overlapping another
        assert a.x_m >= 0 and a.x_m + a.width_m <= pavilion.width_m
        assert a.y_m >= 0 and a.y_m + a.depth_m <= pavilion.depth_m
        for b in booths:
            if a.pk < b.pk:
                assert (
                    a.x_m + a.width_m <= b.x_m
                    or b.x_m + b.width_m <= a.x_m
                    or a.y_m + a.depth_m <= b.y_m
                    or b.y_m + b.depth_m <= a.y_m
                )
    confirmed = demo.participations.filter(status="confirmed")
    assert 23 <= confirmed.count() <= 27
    assert confirmed.filter(booth__pavilion=pavilion).count() == confirmed.count()
    assert len(set(confirmed.values_list("booth", flat=True))) == confirmed.count()


def test_exactly_ten_award_winners(demo):
    awards = Award.objects.filter(participation__edition=demo)
    winners = Company.objects.filter(participations__awards__in=awards).distinct()
    assert winners.count() == 10
    assert set(awards.values_list("kind", flat=True)) == {"honoree", "best"}
    assert 1 <= awards.filter(kind="best").count() <= 2
    assert all(a.category and a.product for a in awards)


def test_companies_look_like_daejeon_startups(demo):
    companies = Company.objects.all()
    assert companies.count() == 25
    assert companies.values("business_registration_number").distinct().count() == 25
    assert {c.listing_status for c in companies} >= {"unlisted", "kosdaq", "konex"}
    assert companies.exclude(listing_status="unlisted").count() <= 3
    sectors = set(companies.values_list("sectors__slug", flat=True))
    assert sectors >= {"bio", "quantum", "space", "defence", "semiconductors"}
    for c in companies:
        assert c.region.startswith("대전 ") and c.region.endswith("구")
        assert c.name_ko and c.name_en and c.ceo_name
        assert c.description_en and c.description_ko
        assert c.website.endswith(".example") and c.contact_email.endswith(".example")


def test_partners_from_many_countries(demo):
    partners = Partner.objects.all()
    assert 140 <= partners.count() <= 160
    assert partners.values("country").distinct().count() >= 8
    assert partners.values("kind").distinct().count() == 6
    for partner in partners.prefetch_related("contacts", "sectors"):
        assert partner.interests and partner.sectors.all()
        assert partner.website.endswith(".example")
        assert 1 <= len(partner.contacts.all()) <= 3  # the demo buyer's login is a third
    emails = list(Contact.objects.values_list("email", flat=True))
    assert len(emails) == len(set(emails)) and all(e.endswith(".example") for e in emails)


def test_every_registration_number_is_valid(demo):
    assert all(
        brn.is_valid(n)
        for n in Company.objects.values_list("business_registration_number", flat=True)
    )


def test_demo_logins_work_with_their_roles(demo):
    assert [username for _label, username in demo_logins()] == [
        "operator",
        "official",
        "exhibitor",
        "buyer",
        "agency",
    ]
    roles = {
        "operator": "operator",
        "official": "official",
        "exhibitor": "exhibitor",
        "buyer": "partner",
        "agency": "agency",
    }
    for _label, username in demo_logins():
        user = authenticate(username=username, password=DEMO_PASSWORD)
        assert user is not None and user.role == roles[username]
        assert user.is_active and not user.is_superuser
        assert user.organisation.slug == "dcei"
    assert (
        User.objects.get(username="exhibitor")
        .company.participations.get(edition=demo)
        .awards.exists()
    )
    buyer = User.objects.get(username="buyer")
    assert (buyer.partner.kind, buyer.partner.country) == ("buyer", "US")
    assert buyer.contact.partner == buyer.partner


def test_the_operator_may_use_the_admin(demo):
    operator = User.objects.get(username="operator")
    assert operator.is_staff and operator.groups.filter(name="Operators").exists()
    for perm in (
        "companies.change_company",
        "partners.add_partner",
        "shows.change_booth",
        "consultations.change_consultation",
        "meetings.view_meeting",
        "accounts.view_user",
    ):
        assert operator.has_perm(perm), perm
    assert not operator.has_perm("accounts.change_user")  # no granting oneself rights
    assert not User.objects.get(username="official").is_staff


def test_the_next_edition_is_in_planning(demo):
    """CES 2025's call ran in the autumn of 2024 and is decided: its selected
    applications are exactly the edition's confirmed participations."""
    from django.utils import timezone

    planned = Edition.objects.get(slug="ces-2025")
    pavilion = planned.pavilions.get()
    assert pavilion.kind == "integrated"
    cfp = planned.cfp
    show_starts = datetime.combine(planned.start_date, time.min, tzinfo=planned.tzinfo)
    assert cfp.opens_at < cfp.deadline < cfp.review_deadline < show_starts
    assert cfp.deadline.astimezone(planned.tzinfo).date() < date(2024, 11, 1)
    assert not cfp.is_open(timezone.now())
    selected = set(cfp.applications.filter(decision="accepted").values_list("company", flat=True))
    confirmed = planned.participations.filter(status="confirmed", pavilion=pavilion)
    assert 0 < len(selected) <= cfp.capacity
    assert set(confirmed.values_list("company", flat=True)) == selected
    assert set(planned.participations.values_list("status", flat=True)) == {"confirmed"}
    assert cfp.applications.filter(decision="waitlisted").exists()
    assert cfp.applications.filter(decision="rejected").exists()
    assert not cfp.applications.filter(state="submitted", decision="pending").exists()
    assert all(a.submitted_at < cfp.deadline for a in cfp.applications.filter(state="submitted"))
    # The demo's exhibitor company applied and was selected: it has a booth and meetings.
    exhibitor = User.objects.get(username="exhibitor")
    assert confirmed.filter(company=exhibitor.company, booth__isnull=False).exists()


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

    story = demo.show.editions.filter(year__lte=2025)  # not the next one, still to come
    rows = {(r["key"], r["measure"]): r for r in year_over_year(story)}
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


def test_the_demo_draft_spreads_meetings_over_the_show_days(demo):
    from collections import Counter

    from pavilion.accounts.models import User
    from pavilion.meetings import scheduling
    from pavilion.meetings.models import Meeting, Slot

    planned = Edition.objects.get(slug="ces-2025")
    operator = User.objects.get(username="operator")
    # Slots on every show day unless the operator leaves one out.
    slot_days = {
        s.start.astimezone(planned.tzinfo).date() for s in Slot.objects.filter(edition=planned)
    }
    assert slot_days == set(planned.days)
    run = scheduling.run_scheduler(actor=operator, edition=planned, time_limit=10)
    drafts = Meeting.objects.filter(edition=planned, draft=True).select_related("slot")
    per_day = Counter(m.slot.start.astimezone(planned.tzinfo).date() for m in drafts)
    assert run.stats["optimal"] is True  # small enough to be solved exactly
    assert len(per_day) == len(planned.days) > 1
    # Roughly balanced: no day holds more than twice its share.
    assert max(per_day.values()) <= 2 * sum(per_day.values()) / len(planned.days)


def test_the_demo_fund_has_raised_about_200_billion_and_traces_investments(demo):
    from pavilion.funds import figures
    from pavilion.funds.models import Fund

    fund = Fund.objects.get(slug="ddvf-1")
    raised = figures.raised(fund)
    assert Decimal("190e9") <= raised <= Decimal("210e9")
    assert raised < fund.target_size
    traced = fund.investments.filter(consultations__isnull=False).distinct()
    assert 3 <= traced.count() < fund.investments.count()
    # every cited consultation is the invested company's own
    for investment in traced:
        assert {c.company_id for c in investment.consultations.all()} == {investment.company_id}


def test_the_next_edition_has_a_call_a_floor_plan_and_a_stage(demo):
    from pavilion.meetings import scheduling
    from pavilion.planning import services
    from pavilion.planning.models import ExhibitorListEntry
    from pavilion.stage.models import PitchSession

    planned = Edition.objects.get(slug="ces-2025")
    cfp = planned.cfp
    ranked, proposal = services.ranking_of(cfp)
    scored = [r for r in ranked if r.score is not None]
    assert len(scored) >= 10
    assert 0 < len(proposal.selected) <= cfp.capacity
    assert cfp.applications.filter(conflicts__isnull=False).exists()
    booths = planned.pavilions.get().booths
    assert booths.filter(participations__isnull=False).exists()
    assert booths.filter(participations__isnull=True).exists()  # free booths to show
    assert Award.objects.filter(participation__booth__in=booths.all()).exists()  # a ★ on the plan
    states = set(
        ExhibitorListEntry.objects.filter(edition=planned).values_list("match_state", flat=True)
    )
    assert {"matched", "uncertain", "none"} <= states
    pitches = PitchSession.objects.filter(stage__edition=planned)
    assert pitches.count() >= 3
    # Pitches are by confirmed companies, each about the company's own product.
    from pavilion.demo.planning import PITCHES

    for pitch in pitches.select_related("company"):
        assert planned.participations.filter(company=pitch.company, status="confirmed").exists()
        assert (pitch.title, pitch.language) == PITCHES[pitch.company.name_en]
    # The operator can schedule another pitch: the company list is not empty.
    operator = Client()
    operator.force_login(User.objects.get(username="operator"))
    page = operator.get(reverse("stage-agenda", args=[planned.slug])).content.decode()
    form = page[page.index('id="pitch-form"') :]
    select = form[
        form.index('name="company"') : form.index("</select>", form.index('name="company"'))
    ]
    assert select.count("<option") >= 6
    # Its agenda is public: a visitor who is not signed in reads it.
    agenda = Client().get(reverse("stage-agenda", args=[planned.slug]))
    assert agenda.status_code == 200 and pitches.first().title in agenda.content.decode()
    # The stage blocks the pitching companies in the scheduler's problem.
    problem, _records = scheduling.build_problem(planned)
    blocked = {p.id: p.unavailable for p in problem.participants}
    pitch = pitches.first()
    assert blocked.get(f"c{pitch.company_id}")


def test_anonymous_visitors_get_the_public_page_with_both_buttons(demo):
    # "/" shows the next CES, still to come whenever the demo is loaded: its call
    # is open and buyers may register, so a visitor can try both.
    upcoming = Edition.objects.filter(show=demo.show).latest("start_date")
    assert upcoming.start_date > date.today()
    body = Client().get("/").content.decode()
    assert upcoming.name in body and "Daejeon Integrated Pavilion" in body
    assert 'id="apply-to-exhibit"' in body and 'id="register-partner"' in body
    apply = Client().get(reverse("public-apply", args=[upcoming.slug])).content.decode()
    assert 'id="sign-up-form"' in apply
    register = Client().get(reverse("public-register", args=[upcoming.slug]))
    assert register.status_code == 200
    page = Client().get(reverse("public-edition", args=[demo.slug])).content.decode()
    assert demo.participations.filter(status="confirmed").first().company.name_en in page
    # CES 2025, held: its call closed, so no button to it, and a line that says so.
    page = Client().get(reverse("public-edition", args=["ces-2025"])).content.decode()
    assert 'id="apply-to-exhibit"' not in page and 'id="call-state"' in page
    # Not public: the year before.
    assert Client().get(reverse("public-edition", args=["ces-2023"])).status_code == 404
