"""The next edition in planning (CES 2025): a call with applications and reviewers'
scores, the integrated pavilion's floor plan, the show's exhibitor list matched to
our companies, and a pitching-stage agenda. All names are fictional."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from pavilion.accounts.models import User
from pavilion.companies.models import Award, Participation
from pavilion.planning import matching
from pavilion.planning.models import (
    Application,
    CallForParticipation,
    ConflictOfInterest,
    Criterion,
    ExhibitorListEntry,
    Invitation,
    Review,
    Score,
)
from pavilion.stage.models import PitchSession, Stage

CRITERIA = [
    ("Innovation of the product", "제품 혁신성", 3),
    ("Export readiness", "수출 준비도", 2),
    ("Fit with the buyers and investors we bring", "참여 바이어·투자자 적합도", 2),
    ("Team", "팀 역량", 1),
]
PITCHES = [
    ("Care robots that learn a home in a day", "en"),
    ("Quantum-safe keys for small factories", "en"),
    ("배터리 수명을 두 배로: 셀 진단 AI", "ko"),
    ("Satellite images for crop insurance", "en"),
    ("Wearable ECG patch, FDA pathway", "en"),
    ("스마트 물류 로봇 실증 결과", "ko"),
]
# Fictional exhibitors of the show's own list (not ours), for the matching step.
OTHERS = ["Northwind Appliances", "Blue Mesa Audio", "Kestrel Mobility", "Orchid Health Labs"]


def build(edition, pavilion, companies) -> None:
    rng = random.Random(2025)  # its own generator: the other demo records stay as they were
    operator = User.objects.get(username="operator")
    official = User.objects.get(username="official")
    now = timezone.now()
    pavilion.width_m, pavilion.depth_m = Decimal(24), Decimal(24)
    pavilion.save(update_fields=["width_m", "depth_m"])
    # Open now, so the demo's exhibitor can still apply; its company has not yet.
    cfp = CallForParticipation.objects.create(
        edition=edition,
        pavilion=pavilion,
        title=f"{pavilion.name} at {edition.name}: call for companies",
        introduction="Daejeon brings its startups together in one integrated pavilion, "
        "with a shared meeting space and a pitching stage.",
        opens_at=now - timedelta(days=21),
        deadline=now + timedelta(days=14),
        capacity=12,
    )
    cfp.reviewers.add(official)
    criteria = [
        Criterion.objects.create(
            cfp=cfp, name_en=en, name_ko=ko, weight=Decimal(w), max_score=5, order=i
        )
        for i, (en, ko, w) in enumerate(CRITERIA)
    ]
    applicants = companies[1:19]
    applications = []
    for i, company in enumerate(applicants):
        submitted = i < 16
        applications.append(
            Application.objects.create(
                cfp=cfp,
                company=company,
                product=(company.description_en or company.name_en).split(".")[0][:200],
                pitch=company.description_en,
                target_markets=rng.choice(["US, Canada", "US, Germany", "US, Japan", "US"]),
                seeks_buyers=rng.random() < 0.8,
                seeks_investors=rng.random() < 0.6,
                seeks_partners=rng.random() < 0.4,
                award_entry=rng.random() < 0.3,
                booth_area_m2=Decimal(9),
                state="submitted" if submitted else "draft",
                submitted_at=now - timedelta(days=rng.randint(1, 20)) if submitted else None,
            )
        )
    submitted = [a for a in applications if a.state == "submitted"]
    # The official holds shares in one applicant: a declared conflict, no score from them.
    conflicted = submitted[3]
    ConflictOfInterest.objects.create(
        application=conflicted, reviewer=official, reason="Shareholder", marked_by=operator
    )
    for application in submitted:
        quality = rng.uniform(1.5, 4.8)
        for reviewer in (operator, official):
            if reviewer == official and application == conflicted:
                continue
            # The official has not finished: a few applications still wait for them.
            if reviewer == official and rng.random() < 0.2:
                continue
            review = Review.objects.create(application=application, reviewer=reviewer)
            Score.objects.bulk_create(
                Score(
                    review=review,
                    criterion=c,
                    value=max(0, min(5, round(quality + rng.uniform(-1, 1)))),
                )
                for c in criteria
            )
    _floor_plan(pavilion, edition)
    _stage(edition, rng)
    _exhibitor_list(edition, pavilion, companies, rng)


def _floor_plan(pavilion, edition):
    """Booths for the companies already selected; the rest stay free for the selection."""
    booths = list(pavilion.booths.order_by("number"))
    booths[0].shared = True  # a shared booth for two small companies
    booths[0].save(update_fields=["shared"])
    selected = Participation.objects.filter(edition=edition, status="selected").order_by("pk")
    for booth, participation in zip(booths, selected, strict=False):
        participation.booth = booth
        participation.save(update_fields=["booth"])
    # Honorees are announced before the show: the plan marks them.
    first = selected.select_related("company").first()
    if first is not None:
        Award.objects.create(
            participation=first,
            kind="honoree",
            category="Digital Health",
            product=(first.company.description_en or first.company.name_en).split(".")[0][:200],
        )


def _stage(edition, rng):
    stage = Stage.objects.create(edition=edition, name="Eureka Stage", location="Eureka Park")
    speakers = list(
        Participation.objects.filter(edition=edition, status="selected")
        .select_related("company")
        .order_by("pk")[: len(PITCHES)]
    )
    zone = edition.tzinfo
    for i, (participation, (title, language)) in enumerate(zip(speakers, PITCHES, strict=False)):
        day = edition.days[i // 3]
        start = datetime.combine(day, time(11), tzinfo=zone) + timedelta(minutes=20 * (i % 3))
        PitchSession.objects.create(
            stage=stage,
            company=participation.company,
            title=title,
            language=language,
            presenter=participation.company.ceo_name,
            start=start,
            end=start + timedelta(minutes=15),
        )
    # Published, as for visitors scanning the QR code at the stage.
    edition.stage_agenda_public = True
    edition.save(update_fields=["stage_agenda_public"])


def _exhibitor_list(edition, pavilion, companies, rng):
    """The show's list: some of our companies booked stands of their own elsewhere."""
    candidates = [
        matching.Candidate(c.pk, (c.name_ko, c.name_en), c.business_registration_number)
        for c in companies
    ]
    rows = []
    elsewhere = companies[20:25]
    for i, company in enumerate(elsewhere):
        if i % 3 == 0:
            rows.append((f"{company.name_en} Co., Ltd.", company.business_registration_number))
        elif i % 3 == 1:
            rows.append((company.name_en.upper(), ""))
        else:
            rows.append((company.name_en[:-2], ""))  # a typo: needs a person to confirm
    rows += [(name, "") for name in OTHERS]
    for n, (name, number) in enumerate(rows):
        found = matching.match_exhibitor(name, number, candidates)
        entry = ExhibitorListEntry.objects.create(
            edition=edition,
            name=name,
            business_registration_number=number,
            country="KR" if found.company_id else rng.choice(["US", "DE", "JP"]),
            booth_label=f"LVCC North {9000 + 17 * n}",
            company_id=found.company_id,
            match_state=found.state,
            match_score=found.score,
            match_reason=found.reason,
        )
        if n == 0 and found.state == "matched":
            Invitation.objects.create(
                edition=edition, pavilion=pavilion, company_id=found.company_id, entry=entry
            )
