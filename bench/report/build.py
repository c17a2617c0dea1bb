"""The bench's data: one large edition and smaller ones of the same organisation,
bulk-inserted (seeded, so every run builds the same records)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from pavilion.accounts.models import Organisation, Role, User
from pavilion.companies import brn
from pavilion.companies.models import Company, Participation
from pavilion.consultations.models import (
    Consultation,
    FollowUp,
    FollowUpRound,
    SurveyResponse,
    Tally,
)
from pavilion.consultations.rounds import add_months
from pavilion.partners.models import Partner
from pavilion.reports.models import EditionPlan
from pavilion.shows.models import Edition, FxRate, Show

BATCH = 5000
RATES = {"USD": "1300", "EUR": "1420", "JPY": "9.1"}
CURRENCIES = ["USD", "USD", "USD", "KRW", "EUR", "JPY"]
STAGES = ["consulted", "follow_up", "negotiating", "mou", "contract", "lost"]
STAGE_WEIGHTS = [55, 20, 12, 6, 3, 4]
KINDS = ["export", "investment", "mna", "technology", "distribution", "other"]
SOURCES = ["meeting", "booth_lead", "walk_in", "pitch"]
COUNTRIES = ["US", "JP", "DE", "FR", "KR", "CN", "GB", "SG", "VN", "IN"]


def build(*, consultations: int, follow_ups: int, tallies: int, editions: int) -> dict:
    rng = random.Random(12)
    org = Organisation.objects.create(name="Bench Agency", slug="bench-agency")
    official = User.objects.create(
        username="bench-official", role=Role.OFFICIAL, organisation=org, email="b@x.example"
    )
    companies = Company.objects.bulk_create(
        Company(
            organisation=org,
            name_en=f"Bench Company {i}",
            name_ko=f"벤치 회사 {i}",
            business_registration_number=brn.make_valid(f"{100000000 + i * 7919:09d}"[-9:]),
        )
        for i in range(200)
    )
    partners = Partner.objects.bulk_create(
        Partner(
            organisation=org,
            name=f"Bench Partner {i}",
            country=COUNTRIES[i % len(COUNTRIES)],
            kind=["buyer", "distributor", "vc", "cvc", "corporate", "public"][i % 6],
        )
        for i in range(600)
    )
    ces = Show.objects.create(organisation=org, name="CES", slug="ces")
    big = _edition(ces, "CES 2024", "ces-2024", date(2024, 1, 9))
    parts = _participations(big, companies)
    made = _consultations(rng, big, companies, partners, consultations)
    n_follow_ups = _follow_ups(rng, big, made, follow_ups)
    _tallies(big, tallies)
    for months in (1, 3, 6, 12):
        FollowUpRound.objects.create(
            edition=big, months_after=months, due_on=add_months(big.end_date, months)
        )
    SurveyResponse.objects.bulk_create(
        SurveyResponse(participation=p, satisfaction=rng.choice([3, 4, 5]), would_return=True)
        for p in parts[:150]
    )
    _plan(big)
    # The programme's other editions of the same year: smaller, one a fortnight.
    others = Show.objects.create(organisation=org, name="Expo", slug="expo")
    for i in range(editions - 1):
        edition = _edition(
            others,
            f"Expo 2024 #{i + 1}",
            f"expo-2024-{i + 1}",
            date(2024, 2, 1) + timedelta(14 * i),
        )
        _participations(edition, companies[i * 5 : i * 5 + 20])
        _consultations(rng, edition, companies[i * 5 : i * 5 + 20], partners, 1000)
        _tallies(edition, 40)
        _plan(edition)
    return {
        "edition": big,
        "official": official,
        "consultations": len(made),
        "follow_ups": n_follow_ups,
        "tallies": Tally.objects.filter(edition=big).count(),
        "editions": Edition.objects.filter(show__organisation=org).count(),
    }


def existing() -> dict:
    """What an earlier run built (``--reuse``)."""
    big = Edition.objects.get(slug="ces-2024", show__organisation__slug="bench-agency")
    return {
        "edition": big,
        "official": User.objects.get(username="bench-official"),
        "consultations": Consultation.objects.filter(edition=big).count(),
        "follow_ups": FollowUp.objects.filter(consultation__edition=big).count(),
        "tallies": Tally.objects.filter(edition=big).count(),
        "editions": Edition.objects.filter(show__organisation=big.show.organisation).count(),
    }


def _edition(show, name, slug, first) -> Edition:
    edition = Edition.objects.create(
        show=show,
        name=name,
        slug=slug,
        year=first.year,
        start_date=first,
        end_date=first + timedelta(days=3),
        time_zone="America/Los_Angeles",
        reporting_currency="KRW",
    )
    FxRate.objects.bulk_create(
        FxRate(edition=edition, currency=c, rate=Decimal(r), fixed_on=first)
        for c, r in RATES.items()
    )
    return edition


def _participations(edition, companies):
    return Participation.objects.bulk_create(
        Participation(company=c, edition=edition, status="confirmed") for c in companies
    )


def _consultations(rng, edition, companies, partners, count) -> list[Consultation]:
    made, keys = [], set()
    for start in range(0, count, BATCH):
        rows = []
        for _ in range(min(BATCH, count - start)):
            # Drawn again until the natural key (company, partner, time, kind) is new.
            while True:
                day = edition.start_date + timedelta(days=rng.randrange(4))
                local = datetime.combine(day, time(rng.randint(9, 17), rng.choice([0, 15, 30, 45])))
                company, partner, kind = (
                    rng.choice(companies),
                    rng.choice(partners),
                    rng.choice(KINDS),
                )
                key = (company.pk, partner.pk, local, kind)
                if key not in keys:
                    keys.add(key)
                    break
            stage = rng.choices(STAGES, STAGE_WEIGHTS)[0]
            signed = None
            if stage == "contract":
                # most at the show, some after it
                signed = (
                    day
                    if rng.random() < 0.6
                    else edition.end_date + timedelta(days=rng.randint(10, 300))
                )
            currency = rng.choice(CURRENCIES)
            rows.append(
                Consultation(
                    edition=edition,
                    company=company,
                    partner=partner,
                    kind=kind,
                    currency=currency,
                    amount=None
                    if rng.random() < 0.07
                    else Decimal(rng.randint(1, 5000) * (1_000_000 if currency == "KRW" else 1000)),
                    occurred_at=local.replace(tzinfo=edition.tzinfo).astimezone(UTC),
                    stage=stage,
                    source=rng.choice(SOURCES),
                    mou_signed_on=day
                    if stage in ("mou", "contract") and rng.random() < 0.5
                    else None,
                    contract_signed_on=signed,
                )
            )
        made += Consultation.objects.bulk_create(rows)
    return made


def _follow_ups(rng, edition, consultations, count) -> int:
    written = 0
    while written < count:
        rows = []
        for _ in range(min(BATCH, count - written)):
            c = rng.choice(consultations)
            rows.append(
                FollowUp(
                    consultation=c,
                    date=edition.end_date + timedelta(days=rng.randint(1, 300)),
                    kind=rng.choice(["call", "meeting", "email", "visit"]),
                    outcome="Bench follow-up",
                    stage_before="consulted",
                    stage_after=c.stage,
                    amount_before=c.amount,
                    currency=c.currency,
                )
            )
        FollowUp.objects.bulk_create(rows)
        written += len(rows)
    return written


def _tallies(edition, count):
    per_day = -(-count // 4)
    rows = [
        Tally(edition=edition, day=day, place=f"Gate {i}", count=(i % 7) + 1)
        for day in edition.days
        for i in range(per_day)
    ][:count]
    for start in range(0, len(rows), BATCH):
        Tally.objects.bulk_create(rows[start : start + BATCH])


def _plan(edition):
    EditionPlan.objects.create(
        edition=edition,
        target_consultations=1000,
        target_consultation_amount=Decimal("100000000000"),
        target_pursued_amount=Decimal("20000000000"),
        target_onsite_contracts=50,
        target_mous=100,
        target_visitors=5000,
        target_satisfaction=Decimal("4.2"),
        budget_booth=Decimal("800000000"),
        budget_travel=Decimal("200000000"),
        budget_promotion=Decimal("100000000"),
        budget_other=Decimal("50000000"),
    )
