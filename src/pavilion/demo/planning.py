"""The next edition in planning (CES 2025, 7–10 January 2025): a call for companies
that opened and closed in the autumn of 2024, its applications, the reviewers' scores
and the selection (selected companies are confirmed participations, as in the real
flow), the integrated pavilion's floor plan, the show's exhibitor list matched to
our companies, and a pitching-stage agenda of confirmed companies. All names are
fictional."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from pavilion.accounts.models import User
from pavilion.companies.models import Award, Participation
from pavilion.planning import matching, services
from pavilion.planning.models import (
    Application,
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
# Each company's pitch is about its own product (see data.COMPANIES): title, language.
PITCHES = {
    "Hanbit Biolabs": ("Twelve blood markers from one drop in ten minutes", "en"),
    "Qubitree": ("Quantum-safe keys for telecom networks and banks", "en"),
    "Saetbyeol Satellite": ("구름 너머를 보는 16U 레이더 위성", "ko"),
    "Daedeok Semicon": ("Low-power AI accelerators for cameras and robots", "en"),
    "Geumgang Robotics": ("A lightweight exoskeleton for stroke rehabilitation", "en"),
    "Sumteo Health": ("착용 없이 수면무호흡을 찾는 비접촉 레이더", "ko"),
    "Gapcheon Energy": ("불이 나지 않는 가정용 전고체 배터리", "ko"),
    "Bomun Mobility": ("Valet-parking robots for tight garages", "en"),
    "Yuseong Vision": ("Crowd safety without storing faces", "en"),
    "Bangpae Dynamics": ("Stopping small drones around airports and power plants", "en"),
    "Haemil Genomics": ("혈액 한 번으로 폐암·대장암 조기 선별", "ko"),
    "Bitgil Photonics": ("Silicon photonics for quantum communication", "en"),
    "Byeolbit Geospatial": ("Mapping crops and floods from satellite images", "en"),
    "Hwarang Defence Systems": ("Thermal sights for border and coastal defence", "en"),
    "Sumbit Neuro": ("뇌파 피드백 디지털 치료제로 경도인지장애 관리", "ko"),
    "Daecheong Water Systems": ("Listening for leaks in city water networks", "en"),
    "Bitnara Silicon": ("Short-wave infrared sensors that see through haze", "en"),
    "Haneul Drone": ("두 시간 나는 수소연료전지 드론", "ko"),
    "Cheongnyeon AI": ("Live Korean-English speech AI for public counters", "en"),
    "Soop Agritech": ("Strawberries from a vertical farm in the city", "en"),
    "Saebom Care": ("홀로 사는 어르신을 지키는 스마트 플러그", "ko"),
    "Dunsan Battery": ("Swappable batteries for delivery scooters", "en"),
    "Gwanpyeong Materials": ("High-purity precursors for chip deposition", "en"),
    "Eunha Space": ("Electric thrusters for small satellites, proven in orbit", "en"),
    "Arum Biosensor": ("A printed patch that tracks lactate and glucose", "en"),
}
# Fictional exhibitors of the show's own list (not ours), for the matching step.
OTHERS = ["Northwind Appliances", "Blue Mesa Audio", "Kestrel Mobility", "Orchid Health Labs"]
WAITING_LIST = 2


def _local(edition, year, month, day, hour=9):
    return datetime(year, month, day, hour, tzinfo=edition.tzinfo)


def build(edition, pavilion, companies) -> list:
    """The call, its reviews and the selection; returns the confirmed companies, best
    ranked first (the demo's own exhibitor company among them)."""
    rng = random.Random(2025)  # its own generator: the other demo records stay as they were
    operator = User.objects.get(username="operator")
    official = User.objects.get(username="official")
    pavilion.width_m, pavilion.depth_m = Decimal(24), Decimal(24)
    pavilion.save(update_fields=["width_m", "depth_m"])
    # The call ran in the autumn of 2024, well before the show; it is closed and decided.
    opens_at = _local(edition, 2024, 9, 2)
    deadline = _local(edition, 2024, 10, 11, 17)
    cfp = services.open_call(
        actor=operator,
        edition=edition,
        pavilion=pavilion,
        title=f"{pavilion.name} at {edition.name}: call for companies",
        introduction="Daejeon brings its startups together in one integrated pavilion, "
        "with a shared meeting space and a pitching stage.",
        opens_at=opens_at,
        deadline=deadline,
        review_deadline=_local(edition, 2024, 10, 25, 17),
        capacity=12,
    )
    cfp.reviewers.add(official)
    criteria = [
        Criterion.objects.create(
            cfp=cfp, name_en=en, name_ko=ko, weight=Decimal(w), max_score=5, order=i
        )
        for i, (en, ko, w) in enumerate(CRITERIA)
    ]
    # The demo's exhibitor company (the first) applied too, and was selected.
    applicants = companies[:19]
    applications = []
    for i, company in enumerate(applicants):
        submitted = i < 17  # two drafts were never sent before the deadline
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
                submitted_at=opens_at + timedelta(days=rng.randint(3, 38)) if submitted else None,
            )
        )
    submitted = [a for a in applications if a.state == "submitted"]
    # The official holds shares in one applicant: a declared conflict, no score from them.
    conflicted = submitted[4]
    ConflictOfInterest.objects.create(
        application=conflicted, reviewer=official, reason="Shareholder", marked_by=operator
    )
    for application in submitted:
        quality = 4.6 if application.company == companies[0] else rng.uniform(1.5, 4.8)
        for reviewer in (operator, official):
            if reviewer == official and application == conflicted:
                continue
            # The official did not get to every application before the review deadline.
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
    # The selection, as an operator makes it: the proposal, a tie at the cut settled in
    # rank order, the next two on the waiting list. Selected companies become confirmed
    # participations in the pavilion.
    ranked, proposal = services.ranking_of(cfp)
    accepted = proposal.selected + proposal.tied[: proposal.seats_left]
    rest = [r.application_id for r in ranked if r.application_id not in accepted]
    services.decide(actor=operator, cfp=cfp, accepted=accepted, waitlisted=rest[:WAITING_LIST])
    decided = _local(edition, 2024, 11, 1, 10)
    cfp.applications.exclude(decision="pending").update(decided_at=decided, notified_at=decided)
    by_application = {a.pk: a.company for a in submitted}
    confirmed = [by_application[pk] for pk in accepted]
    _floor_plan(pavilion, edition, confirmed)
    _stage(edition, confirmed)
    _exhibitor_list(edition, pavilion, companies, rng)
    return confirmed


def _floor_plan(pavilion, edition, confirmed):
    """Booths for the confirmed companies, in rank order; the rest stay free."""
    booths = list(pavilion.booths.order_by("number"))
    booths[0].shared = True  # a shared booth for two small companies
    booths[0].save(update_fields=["shared"])
    participations = {
        p.company_id: p for p in Participation.objects.filter(edition=edition, status="confirmed")
    }
    for booth, company in zip(booths, confirmed, strict=False):
        participation = participations[company.pk]
        participation.booth = booth
        participation.save(update_fields=["booth"])
    # Honorees are announced before the show: the plan marks them.
    first = participations.get(confirmed[0].pk) if confirmed else None
    if first is not None:
        Award.objects.create(
            participation=first,
            kind="honoree",
            category="Digital Health",
            product=(first.company.description_en or first.company.name_en).split(".")[0][:200],
        )


def _stage(edition, confirmed):
    """Six pitches by confirmed companies, each about its own product."""
    stage = Stage.objects.create(edition=edition, name="Eureka Stage", location="Eureka Park")
    zone = edition.tzinfo
    for i, company in enumerate(confirmed[:6]):
        title, language = PITCHES[company.name_en]
        day = edition.days[i // 3]
        start = datetime.combine(day, time(11), tzinfo=zone) + timedelta(minutes=20 * (i % 3))
        PitchSession.objects.create(
            stage=stage,
            company=company,
            title=title,
            language=language,
            presenter=company.ceo_name,
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
