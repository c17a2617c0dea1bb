"""Load the demo: a fictional city pavilion at CES 2024, the year before, and the next
edition in planning. The records are in ``data.py`` (companies) and ``people.py``
(buyers and investors); ``deals.py`` generates consultations and headcounts.

Deterministic (seeded with 2024), in one transaction, and idempotent: if the
demo organisation exists, nothing is loaded again. The report's figures are *computed* from the
generated records (consultations, tallies, awards…), never stored as totals.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from pavilion.accounts.models import Organisation, Role, User
from pavilion.companies import brn
from pavilion.companies.models import Award, Company, Participation, Sector
from pavilion.consultations.models import (
    FollowUpRound,
    FollowUpTask,
    SurveyResponse,
)
from pavilion.consultations.rounds import add_months
from pavilion.demo import badges, data, deals, funds, people, planning, programme, story
from pavilion.meetings import services as meetings
from pavilion.meetings.models import MeetingRequest, Room, Table
from pavilion.partners.models import Contact
from pavilion.planning import services as planning_services
from pavilion.shows.models import Booth, Edition, FxRate, Pavilion, Show

# The published password of the demo accounts (the demo is for local use).
DEMO_PASSWORD = "pavilion-demo"  # noqa: S105 - published on purpose, printed by `pavilion demo`
DEMO_ORG_SLUG = "dcei"
DEMO_USERS = [
    ("operator", "operator", Role.OPERATOR),
    ("official", "official", Role.OFFICIAL),
    ("exhibitor", "exhibitor", Role.EXHIBITOR),
    ("buyer/investor", "buyer", Role.PARTNER),
    ("investment agency", "agency", Role.AGENCY),
]
# What the source document's report says, which the generated records approximate.
TARGET_CONSULTATIONS = 350
TARGET_AMOUNT_KRW = Decimal("37000000000")
TARGET_VISITORS = 3500
TARGET_SCANNED_VISITORS = 2900


def demo_logins() -> list[tuple[str, str]]:
    return [(label, username) for label, username, _role in DEMO_USERS]


def _ces_opening_day(year: int) -> date:
    """CES opens on the first Tuesday on or after 5 January."""
    day = date(year, 1, 5)
    return day + timedelta(days=(1 - day.weekday()) % 7)


class DemoRefused(Exception):
    """The database holds records that are not the demo's: adding the demo's accounts
    (a published password, a staff operator) to it would open it to anyone."""


def demo_state() -> str:
    """``"empty"`` (nothing yet), ``"demo"`` (the demo organisation is there) or
    ``"foreign"`` (organisations or users, but not the demo's)."""
    if Organisation.objects.filter(slug=DEMO_ORG_SLUG).exists():
        return "demo"
    if Organisation.objects.exists() or User.objects.exists():
        return "foreign"
    return "empty"


def load_demo_safely() -> bool:
    """Load the demo into an empty database; do nothing on a demo database; refuse
    (``DemoRefused``, nothing written) on any other. Returns True if loaded."""
    with transaction.atomic():
        state = demo_state()
        if state == "foreign":
            raise DemoRefused(
                f"{Organisation.objects.count()} organisation(s) and "
                f"{User.objects.count()} user(s) that are not the demo's"
            )
        return load_demo()


def load_demo() -> bool:
    """Load the demo data set unless it is there already. Returns True if loaded."""
    with transaction.atomic():
        if Organisation.objects.filter(slug=DEMO_ORG_SLUG).exists():
            return False
        _Loader(random.Random(2024)).run()
    return True


class _Loader:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def run(self):
        self.org = Organisation.objects.create(
            name="Daejeon Center for Creative Economy & Innovation",
            name_ko="대전창조경제혁신센터",
            slug=DEMO_ORG_SLUG,
        )
        self.sectors = self._sectors()
        show = Show.objects.create(
            organisation=self.org, name="CES", slug="ces", website="https://www.ces.tech/"
        )
        self.edition = self._edition_2024(show)
        self.companies = self._companies()
        self.booths = self._booths(self.pavilion, 28)
        self.participations = self._participations()
        self.partners, self.contacts = people.make_partners(self.rng, self.org, self.sectors)
        self._users()
        # Award winners draw more visitors, so more consultations.
        weights = [
            (4 if row["award"] else 1) * self.rng.uniform(0.5, 1.5) for row in data.COMPANIES
        ]
        deals.consultations(
            self.rng,
            self.edition,
            self.companies,
            weights,
            self.partners,
            count=TARGET_CONSULTATIONS,
            amount_krw=TARGET_AMOUNT_KRW,
        )
        # Most visitors are counted from badge scans; hand tallies cover the rest.
        scanned = badges.load(
            self.rng,
            self.edition,
            companies=self.companies,
            contacts=self.contacts,
            exhibitor_company=self.companies[0],
            visitors=TARGET_SCANNED_VISITORS,
        )
        deals.tallies(self.rng, self.edition, visitors=TARGET_VISITORS - scanned)
        self._edition_2023(show)
        self._rounds_and_survey()
        self._edition_2025(show)
        # Public pages (issue #11): CES 2024's pavilion and CES 2025's selected
        # companies; "/" shows the latest public one to a visitor not signed in.
        Edition.objects.filter(show=show, year__in=(2024, 2025)).update(public_page=True)
        self._next_edition(show)
        funds.make_fund(self.org, self.companies, list(self.sectors.values())[:4])
        self._story()
        # Last, with its own generator: the agency's other shows and every plan.
        programme.load(self.org, self.companies, self.partners)

    def _story(self):
        """What the figures came from (meetings, pitches, leads) and requests to answer:
        drawn last, from its own generator, so the figures above stay as they are."""
        operator = User.objects.get(username="operator")
        story.tell(
            edition=self.edition,
            operator=operator,
            companies=self.companies,
            partners=self.partners,
        )
        planned = Edition.objects.get(show__organisation=self.org, year=2025)
        confirmed = list(
            Company.objects.filter(
                participations__edition=planned, participations__status="confirmed"
            ).order_by("name_en")
        )
        story.requests_to_answer(
            edition=planned,
            company=User.objects.get(username="exhibitor").company,
            partner=User.objects.get(username="buyer").partner,
            partners=self.partners,
            companies=confirmed,
        )
        story.draft_to_review(edition=planned, operator=operator)

    # --- reference data ------------------------------------------------------

    def _sectors(self) -> dict[str, Sector]:
        for slug, en, ko in data.SECTORS:
            Sector.objects.update_or_create(slug=slug, defaults={"name_en": en, "name_ko": ko})
        return {s.slug: s for s in Sector.objects.filter(slug__in=[s[0] for s in data.SECTORS])}

    def _ces(self, show, *, year, first, last, venue, rates, fixed_on) -> Edition:
        """A CES edition in Las Vegas, reported in KRW at the given fixed rates."""
        edition = Edition.objects.create(
            show=show,
            name=f"CES {year}",
            slug=f"ces-{year}",
            year=year,
            start_date=first,
            end_date=last,
            venue=venue,
            city="Las Vegas",
            country="US",
            time_zone="America/Los_Angeles",
            reporting_currency="KRW",
        )
        FxRate.objects.bulk_create(
            FxRate(
                edition=edition,
                currency=currency,
                rate=Decimal(rate),
                fixed_on=fixed_on,
                source="Seoul FX market reference rate, fixed by the operator (demo)",
            )
            for currency, rate in rates.items()
        )
        return edition

    def _edition_2024(self, show) -> Edition:
        edition = self._ces(
            show,
            year=2024,
            first=date(2024, 1, 9),
            last=date(2024, 1, 12),
            venue="Las Vegas Convention Center / Venetian Expo",
            rates={"USD": "1300.00", "EUR": "1420.00", "JPY": "9.10", "CNY": "182.00"},
            fixed_on=date(2024, 1, 5),
        )
        self.pavilion = Pavilion.objects.create(
            edition=edition,
            name="Daejeon Pavilion",
            name_ko="대전관",
            slug="daejeon",
            kind="standalone",
            location="Eureka Park, Venetian Expo Hall G",
            width_m=Decimal("24"),
            depth_m=Decimal("15"),
        )
        return edition

    def _booths(self, pavilion, count) -> list[Booth]:
        booths = [
            Booth(
                pavilion=pavilion,
                number=f"G-{101 + i}",
                zone="A" if i < count // 2 else "B",
                width_m=Decimal(3),
                depth_m=Decimal(3),
                x_m=Decimal((i % 7) * 3 + (1 if i % 7 > 3 else 0)),
                y_m=Decimal((i // 7) * 3 + (i // 14) * 2),
            )
            for i in range(count)
        ]
        return Booth.objects.bulk_create(booths)

    def _companies(self) -> list[Company]:
        companies = []
        for i, row in enumerate(data.COMPANIES):
            slug = people.ascii_slug(row["name_en"])
            companies.append(
                Company(
                    organisation=self.org,
                    name_en=row["name_en"],
                    name_ko=row["name_ko"],
                    # tax office, 81 (a corporation's head office), serial, check digit
                    business_registration_number=brn.make_valid(
                        f"{data.TAX_OFFICES[row['district']]}81{1207 + i * 337:04d}"
                    ),
                    region=f"대전 {row['district']}",
                    listing_status=row["listing"],
                    website=f"https://{slug}.example",
                    description_en=row["about_en"],
                    description_ko=row["about_ko"],
                    founded_year=row["founded"],
                    ceo_name=row["ceo"],
                    contact_email=f"contact@{slug}.example",
                    contact_phone=f"+82-42-{860 + i:03d}-{1000 + i * 37:04d}",
                    employees=self.rng.randint(6, 120),
                    seeks=data.WISHES[row["name_en"]][0],
                    target_markets=data.WISHES[row["name_en"]][1],
                )
            )
        companies = Company.objects.bulk_create(companies)
        through = Company.sectors.through
        through.objects.bulk_create(
            through(company_id=company.pk, sector_id=self.sectors[slug].pk)
            for company, row in zip(companies, data.COMPANIES, strict=True)
            for slug in row["sectors"]
        )
        return companies

    def _participations(self) -> list[Participation]:
        parts = Participation.objects.bulk_create(
            Participation(
                company=company,
                edition=self.edition,
                pavilion=self.pavilion,
                status="confirmed",
                booth=self.booths[i],
            )
            for i, company in enumerate(self.companies)
        )
        awards = []
        for part, row in zip(parts, data.COMPANIES, strict=True):
            if row["award"]:
                kind, category, product = row["award"]
                awards.append(
                    Award(participation=part, kind=kind, category=category, product=product)
                )
        Award.objects.bulk_create(awards)
        return parts

    # --- people -------------------------------------------------------------

    def _users(self):
        """One login per role; the operator may also use the Django admin."""
        award_company = self.companies[0]
        buyer = next(p for p in self.partners if p.country == "US" and p.kind == "buyer")
        people_of = {
            "operator": ("Jiwoo", "Kang", {"is_staff": True}),
            "official": ("Minseo", "Yoon", {}),
            "exhibitor": ("Hana", "Lee", {"company": award_company}),
            "buyer": ("Grace", "Holloway", {"partner": buyer}),
            "agency": ("Seojun", "Park", {}),
        }
        password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
        for _label, username, role in DEMO_USERS:
            first, last, fields = people_of[username]
            user = User.objects.create(
                username=username,
                role=role,
                email=f"{username}@dcei.example",
                first_name=first,
                last_name=last,
                organisation=self.org,
                password=password,
                **fields,
            )
            if username == "operator":
                user.groups.add(self._operators_group())
            if username == "buyer":
                Contact.objects.create(
                    partner=buyer,
                    name=f"{first} {last}",
                    title="Head of Sourcing",
                    email=f"{first}.{last}@{people.ascii_slug(buyer.name)}.example".lower(),
                    user=user,
                )

    @staticmethod
    def _operators_group() -> Group:
        """Django-admin rights on every Pavilion model; users and tokens are read-only,
        so an operator cannot grant themselves more rights; funds are read-only."""
        group = Group.objects.get_or_create(name="Operators")[0]
        labels = [c.label for c in apps.get_app_configs() if c.name.startswith("pavilion.")]
        perms = Permission.objects.filter(content_type__app_label__in=labels)
        # Fund data is the investment agency's: operators may read it, not change it.
        read_only = ("accounts", "funds")
        # Sectors are reference data shared by every organisation: only superusers change them.
        shared = perms.filter(content_type__app_label="companies", content_type__model="sector")
        group.permissions.set(
            perms.exclude(content_type__app_label__in=read_only).exclude(
                pk__in=shared.exclude(codename__startswith="view_")
            )
            | perms.filter(content_type__app_label__in=read_only, codename__startswith="view_")
        )
        return group

    def _rounds_and_survey(self):
        rng = self.rng
        end = self.edition.end_date
        answered_share = {1: 0.9, 3: 0.8, 6: 0.6, 12: 0.5}
        for months, share in answered_share.items():
            due = add_months(end, months)
            round_ = FollowUpRound.objects.create(
                edition=self.edition,
                months_after=months,
                due_on=due,
                opened_at=datetime.combine(due - timedelta(days=14), time(9), tzinfo=UTC),
            )
            FollowUpTask.objects.bulk_create(
                FollowUpTask(
                    round=round_,
                    company=company,
                    notified_at=round_.opened_at,
                    answered_at=round_.opened_at + timedelta(days=rng.randint(1, 12))
                    if rng.random() < share
                    else None,
                )
                for company in self.companies
            )
        SurveyResponse.objects.bulk_create(
            SurveyResponse(
                participation=part,
                satisfaction=rng.choices([3, 4, 5], [2, 5, 5])[0],
                would_return=rng.random() < 0.9,
            )
            for part in self.participations[:21]
        )

    # --- the next edition, in planning --------------------------------------

    def _edition_2023(self, show):
        """The year before: 12 supported companies scattered across the show, no pavilion."""
        edition = self._ces(
            show,
            year=2023,
            first=date(2023, 1, 5),
            last=date(2023, 1, 8),
            venue="Las Vegas Convention Center and Venetian Expo",
            rates={"USD": "1250.00", "EUR": "1340.00", "JPY": "9.50", "CNY": "181.00"},
            fixed_on=date(2023, 1, 2),
        )
        companies = self.companies[:12]
        parts = Participation.objects.bulk_create(
            Participation(company=c, edition=edition, status="confirmed") for c in companies
        )
        Award.objects.bulk_create(
            Award(
                participation=p, kind="honoree", category=row["award"][1], product=row["award"][2]
            )
            for p, row in zip(parts[:4], data.COMPANIES[:4], strict=True)
        )
        deals.consultations(
            self.rng,
            edition,
            companies,
            [1.0] * len(companies),
            self.partners,
            count=180,
            amount_krw=Decimal("14000000000"),
        )
        deals.tallies(self.rng, edition, visitors=1200)

    def _edition_2025(self, show):
        edition = self._ces(
            show,
            year=2025,
            first=date(2025, 1, 7),
            last=date(2025, 1, 10),
            venue="Venetian Expo, Eureka Park",
            rates={"USD": "1450.00"},
            fixed_on=date(2024, 12, 30),
        )
        pavilion = self._integrated_pavilion(edition)
        # The call selects the companies; they become confirmed participations.
        confirmed = planning.build(edition, pavilion, self.companies)
        self._consultation_space(edition, confirmed[:8])

    def _integrated_pavilion(self, edition) -> Pavilion:
        """The city's integrated pavilion of the editions after 2024, with its 36 booths."""
        pavilion = Pavilion.objects.create(
            edition=edition,
            name="Daejeon Integrated Pavilion",
            name_ko="대전 통합관",
            slug="daejeon-integrated",
            kind="integrated",
            location="Eureka Park",
        )
        self._booths(pavilion, 36)
        return pavilion

    def _next_edition(self, show) -> Edition:
        """The next CES, still to come on whatever day the demo is loaded: its public
        page is on, its call is open and buyers may register, so a visitor can try
        both. The story's editions (2023–2025) keep their real dates."""
        today = timezone.localdate()
        year = 2026
        while (first := _ces_opening_day(year)) < today + timedelta(days=21):
            year += 1
        edition = self._ces(
            show,
            year=year,
            first=first,
            last=first + timedelta(days=3),
            venue="Venetian Expo, Eureka Park",
            rates={"USD": "1450.00"},
            fixed_on=today,
        )
        edition.public_page = True
        edition.save(update_fields=["public_page"])
        pavilion = self._integrated_pavilion(edition)
        now = timezone.now()
        last_day = datetime.combine(first - timedelta(days=10), time(17), tzinfo=edition.tzinfo)
        deadline = min(now + timedelta(days=30), last_day)
        planning_services.open_call(
            actor=User.objects.get(username="operator"),
            edition=edition,
            pavilion=pavilion,
            title=f"{pavilion.name} at {edition.name}: call for companies",
            introduction="Daejeon's startups in one integrated pavilion, with a shared "
            "meeting space and a pitching stage. Apply with your company's profile.",
            opens_at=now - timedelta(days=14),
            deadline=deadline,
            review_deadline=deadline + timedelta(days=3),
            capacity=12,
        )
        return edition

    def _consultation_space(self, edition, companies):
        """The planned dedicated consultation space: rooms, slots and accepted requests,
        ready for the operator to run the scheduler."""
        operator = User.objects.get(username="operator")
        room = Room.objects.create(edition=edition, name="Business Lounge", location="Venetian L2")
        Table.objects.bulk_create(Table(room=room, number=str(n)) for n in range(1, 7))
        meetings.generate_slots(
            actor=operator,
            edition=edition,
            days=edition.days,  # every show day: the operator leaves one out only on purpose
            opens=time(10),
            closes=time(17),
            minutes=30,
            breaks=[(time(12), time(13))],
        )
        rng = self.rng
        requests = []
        for company in companies:
            for partner in rng.sample(self.partners, 9):
                who = rng.choices(["company", "partner", "both"], [4, 4, 2])[0]
                requests.append(
                    MeetingRequest(
                        edition=edition,
                        company=company,
                        partner=partner,
                        company_wants=who in ("company", "both"),
                        partner_wants=who in ("partner", "both"),
                        status=rng.choices(["accepted", "pending", "declined"], [7, 2, 1])[0],
                        message="Looking forward to meeting at CES.",
                    )
                )
        MeetingRequest.objects.bulk_create(requests)
