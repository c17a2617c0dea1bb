"""Every KPI against a hand-computed fixture: FX conversion, stage moves, lost deals."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pavilion.consultations import services
from pavilion.consultations.models import Consultation, FollowUpRound
from pavilion.consultations.queries import consultation_list, list_filters
from pavilion.reports import kpis
from tests import factories as f

LV = ZoneInfo("America/Los_Angeles")


def at(day, hour=10):
    return datetime(2024, 1, day, hour, tzinfo=LV)


@pytest.fixture
def deals(world):
    """Seven consultations at CES 2024 (9–12 Jan), rates USD 1300 and EUR 1400, no JPY rate."""
    edition, op = world.edition, world.operator
    world.consultation.delete()  # start from an empty log
    f.fx_rate(edition=edition, currency="EUR", rate="1400")
    partner = world.partner

    minutes = iter(range(60))  # one minute apart: the same key is one consultation

    def log(kind, amount, currency, day=9, **kw):
        return services.log_consultation(
            actor=op,
            edition=edition,
            company=world.company,
            partner=partner,
            kind=kind,
            occurred_at=at(day) + timedelta(minutes=next(minutes)),
            currency=currency,
            amount=None if amount is None else Decimal(amount),
            **kw,
        )

    c1 = log("export", "100000", "USD")
    c2 = log("investment", "500000000", "KRW", stage="negotiating")
    c3 = log("mna", "1000000", "EUR", day=10)
    services.add_follow_up(
        actor=op, consultation=c3, date=date(2024, 1, 11), kind="contract_signed"
    )
    c4 = log("technology", "50000", "USD", day=11)
    services.add_follow_up(actor=op, consultation=c4, date=date(2024, 1, 12), kind="mou_signed")
    services.add_follow_up(
        actor=op, consultation=c4, date=date(2024, 3, 2), kind="call", stage="lost"
    )
    c5 = log("export", "150000000", "KRW", day=12)
    services.add_follow_up(
        actor=op,
        consultation=c5,
        date=date(2024, 3, 20),
        kind="contract_signed",
        amount=Decimal("200000000"),
    )
    c6 = log("distribution", None, "KRW")
    c7 = log("export", "1000000", "JPY")
    return [c1, c2, c3, c4, c5, c6, c7]


def test_consultation_figures_by_hand(world, deals):
    figures = kpis.consultation_figures(world.edition)
    expected = {
        # key: (count, KRW amount)
        "consultations": (7, Decimal("2295000000")),  # 130M+500M+1400M+65M+200M, JPY unconverted
        "pursued": (3, Decimal("2100000000")),  # negotiating 500M + contracts 1400M, 200M
        "onsite_contract": (1, Decimal("1400000000")),
        "mou": (1, Decimal("65000000")),  # the MoU that was later lost still counts as an MoU
        "after_show_contract": (1, Decimal("200000000")),  # the amount realised, not 150M
        "lost": (1, Decimal("65000000")),
    }
    got = {key: (fig.count, fig.amount) for key, fig in figures.items()}
    assert got == expected
    assert figures["consultations"].unconverted == 1
    assert figures["pursued"].unconverted == 0
    usd = figures["onsite_contract"].amount_usd.quantize(Decimal("0.01"))
    assert usd == Decimal("1076923.08")  # 1,400,000,000 KRW / 1300


def test_changing_a_rate_recomputes_without_rewriting_amounts(world, deals):
    before = kpis.consultation_figures(world.edition)["consultations"].amount
    rate = world.edition.fx_rates.get(currency="USD")
    rate.rate = Decimal("1400")
    rate.save()
    after = kpis.consultation_figures(world.edition)["consultations"].amount
    assert after - before == Decimal("15000000")  # 150,000 USD × 100 KRW
    assert Consultation.objects.get(pk=deals[0].pk).amount == Decimal("100000")


def test_follow_up_history_keeps_every_step(world, deals):
    lost = deals[3]
    steps = list(lost.follow_ups.values_list("stage_before", "stage_after"))
    assert steps == [("consulted", "mou"), ("mou", "lost")]
    lost.refresh_from_db()
    assert lost.mou_signed_on == date(2024, 1, 12)
    assert lost.contract_signed_on is None


def test_each_follow_up_round_drills_into_its_contracts(world, deals):
    for months, due in ((1, date(2024, 2, 12)), (3, date(2024, 4, 12))):
        FollowUpRound.objects.create(edition=world.edition, months_after=months, due_on=due)
    rounds = {r["round"].months_after: r for r in kpis.follow_up_rounds(world.edition)}
    # c5's contract was signed on 20 March: after the 1-month round's due date.
    assert (rounds[1]["contracts"], rounds[3]["contracts"]) == (0, 1)
    for r in rounds.values():
        filters = list_filters(world.edition, r["drill"])
        rows = consultation_list(world.operator, world.edition, filters)
        assert rows.count() == r["contracts"]
    assert list(consultation_list(world.operator, world.edition, filters)) == [deals[4]]


def test_follow_up_rounds_are_in_their_order(world, deals):
    for months in (12, 1, 6, 3):  # created out of order
        FollowUpRound.objects.create(
            edition=world.edition,
            months_after=months,
            due_on=date(2024, 1, 12) + timedelta(months * 30),
        )
    expected = [1, 3, 6, 12]
    assert [r["round"].months_after for r in kpis.follow_up_rounds(world.edition)] == expected
    results = kpis.consultation_results(world.edition)
    assert [r["round"].months_after for r in results.rounds] == expected


def test_funnel_is_cumulative_and_lost_is_apart(world, deals):
    steps = {s["stage"]: s["count"] for s in kpis.funnel(world.edition)}
    # live: c1, c6, c7 consulted; c2 negotiating; c3, c5 contract; lost: c4
    assert steps == {
        "consulted": 6,
        "follow_up": 3,
        "negotiating": 3,
        "mou": 2,
        "contract": 2,
        "lost": 1,
    }
    # Each step's link lists exactly the deals it counts (those that reached it).
    for step in kpis.funnel(world.edition):
        filters = list_filters(world.edition, step["drill"])
        assert consultation_list(world.operator, world.edition, filters).count() == step["count"]


def test_other_figures(world, deals):
    f.award(participation=world.participation, category="Robotics")
    figures = kpis.other_figures(world.edition)
    assert figures["companies"].count == 2
    assert figures["awards"].count == 2
    assert figures["award_companies"].count == 1


AMOUNTS = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["export", "investment", "mna", "technology", "other"]),
            st.sampled_from(["consulted", "follow_up", "negotiating", "mou", "contract", "lost"]),
            st.sampled_from(["KRW", "USD", "EUR", "JPY"]),
            AMOUNTS,
            st.integers(min_value=9, max_value=12),
            st.integers(min_value=0, max_value=23),
        ),
        max_size=15,
    )
)
def test_every_breakdown_sums_to_its_total(world, rows):
    edition = world.edition
    if not edition.fx_rates.filter(currency="EUR").exists():
        f.fx_rate(edition=edition, currency="EUR", rate="1412.37")
    with transaction.atomic():
        Consultation.objects.bulk_create(
            Consultation(
                edition=edition,
                company=world.company,
                partner=world.partner,
                kind=kind,
                stage=stage,
                currency=currency,
                amount=amount,
                # A minute apart (and off the world's on-the-hour one): one key is one consultation.
                occurred_at=at(day, hour) + timedelta(minutes=i + 1),
            )
            for i, (kind, stage, currency, amount, day, hour) in enumerate(rows)
        )
        figures = kpis.consultation_figures(edition)
        for filter_name, key in [("all", "consultations"), ("pursued", "pursued")]:
            total = figures[key]
            for dimension in kpis.DIMENSIONS:
                parts = kpis.breakdown(edition, dimension, filter_name)
                assert sum(p["count"] for p in parts) == total.count, dimension
                assert sum((p["amount"] for p in parts), Decimal(0)) == total.amount, dimension
                assert sum(p["unconverted"] for p in parts) == total.unconverted, dimension
        transaction.set_rollback(True)


def _figures(figures: dict) -> dict:
    return {
        key: (fig.count, fig.amount, fig.amount_usd, fig.unconverted, fig.drill)
        for key, fig in figures.items()
    }


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["export", "investment", "mna", "technology", "other"]),
            st.sampled_from(["consulted", "follow_up", "negotiating", "mou", "contract", "lost"]),
            st.sampled_from(["KRW", "USD", "EUR", "JPY"]),
            AMOUNTS,
            st.integers(min_value=8, max_value=13),  # a day before and after the show too
            st.integers(min_value=0, max_value=23),
            st.booleans(),  # the other company
            st.booleans(),  # the other partner (another country and kind)
            st.sampled_from([None, 0, 1, 40, 100]),  # contract: days after the show's first day
            st.booleans(),  # MoU signed
        ),
        max_size=15,
    )
)
def test_the_report_s_three_passes_give_each_function_s_figures(world, rows):
    """consultation_results (what the report shows) against the figures, per-company
    figures, breakdowns, funnel and follow-up rounds computed one by one."""
    edition = world.edition
    if not edition.fx_rates.filter(currency="EUR").exists():
        f.fx_rate(edition=edition, currency="EUR", rate="1412.37")
        f.partner(organisation=edition.show.organisation, country="DE", kind="buyer")
        for months, due in ((1, date(2024, 2, 12)), (3, date(2024, 4, 12))):
            FollowUpRound.objects.create(edition=edition, months_after=months, due_on=due)
    other_partner = edition.show.organisation.partners.order_by("pk").last()
    assert other_partner != world.partner
    with transaction.atomic():
        Consultation.objects.bulk_create(
            Consultation(
                edition=edition,
                company=world.other_company if other else world.company,
                partner=other_partner if elsewhere else world.partner,
                kind=kind,
                stage=stage,
                currency=currency,
                amount=amount,
                occurred_at=at(day, hour) + timedelta(minutes=i + 1),
                contract_signed_on=None
                if signed is None
                else edition.start_date + timedelta(signed),
                mou_signed_on=date(2024, 1, 10) if mou else None,
            )
            for i, (
                kind,
                stage,
                currency,
                amount,
                day,
                hour,
                other,
                elsewhere,
                signed,
                mou,
            ) in enumerate(rows)
        )
        results = kpis.consultation_results(edition)
        assert _figures(results.figures) == _figures(kpis.consultation_figures(edition))
        by_company = kpis.consultation_figures_by_company(edition)
        assert {k: _figures(v) for k, v in results.by_company.items()} == {
            k: _figures(v) for k, v in by_company.items()
        }
        assert list(results.by_company) == list(by_company)  # the order rounding follows
        assert list(results.breakdowns) == kpis.DIMENSIONS
        for dimension in kpis.DIMENSIONS:
            assert results.breakdowns[dimension] == kpis.breakdown(edition, dimension), dimension
        assert results.funnel == kpis.funnel(edition)
        assert results.rounds == kpis.follow_up_rounds(edition)
        assert len(results.rounds) == 2
        transaction.set_rollback(True)
