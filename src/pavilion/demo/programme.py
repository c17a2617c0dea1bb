"""The agency's other shows of 2024 (MWC in Barcelona, IFA in Berlin), each in its own
time zone, and every held edition's targets and budget, so the programme report
compares real editions side by side.

Its own random generator: the CES records (and the figures the demo tests
check) stay exactly as they were.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from pavilion.companies.models import Participation
from pavilion.consultations.models import SurveyResponse
from pavilion.demo import deals
from pavilion.reports.models import EditionPlan
from pavilion.shows.models import Booth, Edition, FxRate, Pavilion, Show

# Show, edition, place, time zone, dates, companies (slice of the pool), consultations,
# amount (KRW), visitors by hand.
OTHER_EDITIONS = [
    {
        "show": ("MWC", "mwc", "https://www.mwcbarcelona.com/"),
        "name": "MWC 2024",
        "slug": "mwc-2024",
        "venue": "Fira Gran Via, Hall 6",
        "city": "Barcelona",
        "country": "ES",
        "time_zone": "Europe/Madrid",
        "dates": (date(2024, 2, 26), date(2024, 2, 29)),
        "companies": slice(4, 16),
        "consultations": 160,
        "amount_krw": Decimal("15500000000"),
        "visitors": 1400,
        "rates": {"USD": "1335.00", "EUR": "1440.00", "JPY": "8.90", "CNY": "185.00"},
        "fixed_on": date(2024, 2, 20),
    },
    {
        "show": ("IFA", "ifa", "https://www.ifa-berlin.com/"),
        "name": "IFA 2024",
        "slug": "ifa-2024",
        "venue": "Messe Berlin, Hall 26",
        "city": "Berlin",
        "country": "DE",
        "time_zone": "Europe/Berlin",
        "dates": (date(2024, 9, 6), date(2024, 9, 9)),
        "companies": slice(10, 20),
        "consultations": 120,
        "amount_krw": Decimal("9200000000"),
        "visitors": 1100,
        "rates": {"USD": "1340.00", "EUR": "1480.00", "JPY": "9.30", "CNY": "188.00"},
        "fixed_on": date(2024, 9, 2),
    },
]

# Targets and budget lines (KRW) by edition slug, as an agency sets them before the show.
PLANS = {
    "ces-2023": {
        "target_consultations": 150,
        "target_consultation_amount": Decimal("12000000000"),
        "target_pursued_amount": Decimal("3000000000"),
        "target_onsite_contracts": 3,
        "target_mous": 8,
        "target_visitors": 1000,
        "budget_booth": Decimal("380000000"),
        "budget_travel": Decimal("120000000"),
        "budget_promotion": Decimal("60000000"),
        "budget_other": Decimal("25000000"),
    },
    "ces-2024": {
        "target_consultations": 330,
        "target_consultation_amount": Decimal("35000000000"),
        "target_pursued_amount": Decimal("9000000000"),
        "target_onsite_contracts": 10,
        "target_mous": 20,
        "target_visitors": 3300,
        "target_satisfaction": Decimal("4.30"),
        "budget_booth": Decimal("820000000"),
        "budget_travel": Decimal("250000000"),
        "budget_promotion": Decimal("110000000"),
        "budget_other": Decimal("40000000"),
    },
    "mwc-2024": {
        "target_consultations": 180,
        "target_consultation_amount": Decimal("18000000000"),
        "target_pursued_amount": Decimal("4000000000"),
        "target_onsite_contracts": 5,
        "target_mous": 10,
        "target_visitors": 1500,
        "target_satisfaction": Decimal("4.20"),
        "budget_booth": Decimal("540000000"),
        "budget_travel": Decimal("160000000"),
        "budget_promotion": Decimal("70000000"),
        "budget_other": Decimal("30000000"),
    },
    "ifa-2024": {
        "target_consultations": 110,
        "target_consultation_amount": Decimal("8000000000"),
        "target_pursued_amount": Decimal("2000000000"),
        "target_onsite_contracts": 3,
        "target_mous": 6,
        "target_visitors": 1000,
        "target_satisfaction": Decimal("4.00"),
        "budget_booth": Decimal("360000000"),
        "budget_travel": Decimal("140000000"),
        "budget_promotion": Decimal("50000000"),
        "budget_other": Decimal("20000000"),
    },
}


def load(org, companies, partners) -> list[Edition]:
    """The other shows' editions with their records, then every edition's plan."""
    rng = random.Random(2026)
    editions = [_edition(rng, org, spec, companies, partners) for spec in OTHER_EDITIONS]
    for slug, values in PLANS.items():
        edition = Edition.objects.get(show__organisation=org, slug=slug)
        EditionPlan.objects.create(edition=edition, **values)
    return editions


def _edition(rng, org, spec, companies, partners) -> Edition:
    name, slug, website = spec["show"]
    show = Show.objects.create(organisation=org, name=name, slug=slug, website=website)
    first, last = spec["dates"]
    edition = Edition.objects.create(
        show=show,
        name=spec["name"],
        slug=spec["slug"],
        year=first.year,
        start_date=first,
        end_date=last,
        venue=spec["venue"],
        city=spec["city"],
        country=spec["country"],
        time_zone=spec["time_zone"],
        reporting_currency="KRW",
    )
    FxRate.objects.bulk_create(
        FxRate(
            edition=edition,
            currency=currency,
            rate=Decimal(rate),
            fixed_on=spec["fixed_on"],
            source="Seoul FX market reference rate, fixed by the operator (demo)",
        )
        for currency, rate in spec["rates"].items()
    )
    pavilion = Pavilion.objects.create(
        edition=edition,
        name="Daejeon Pavilion",
        name_ko="대전관",
        slug="daejeon",
        kind="standalone",
        location=spec["venue"],
    )
    chosen = companies[spec["companies"]]
    booths = Booth.objects.bulk_create(
        Booth(pavilion=pavilion, number=f"{i + 1:02d}", width_m=Decimal(3), depth_m=Decimal(3))
        for i in range(len(chosen))
    )
    parts = Participation.objects.bulk_create(
        Participation(
            company=company, edition=edition, pavilion=pavilion, status="confirmed", booth=booth
        )
        for company, booth in zip(chosen, booths, strict=True)
    )
    deals.consultations(
        rng,
        edition,
        chosen,
        [rng.uniform(0.5, 1.5) for _ in chosen],
        partners,
        count=spec["consultations"],
        amount_krw=spec["amount_krw"],
    )
    deals.tallies(rng, edition, visitors=spec["visitors"])
    SurveyResponse.objects.bulk_create(
        SurveyResponse(
            participation=part,
            satisfaction=rng.choices([3, 4, 5], [2, 5, 4])[0],
            would_return=rng.random() < 0.85,
        )
        for part in parts[: len(parts) * 4 // 5]
    )
    return edition
