"""API for planning an edition: the call, applications, reviews, selection, the
exhibitor list, invitations, the floor plan and the pitching stage.

Same services and permission checks as the pages: a company reads only its
own applications and never a score; reviewers never see applications they
are conflicted on.
"""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from pavilion.accounts import permissions
from pavilion.api import schemas as s
from pavilion.api.pagination import Pagination
from pavilion.planning import floorplan, integration, services
from pavilion.stage import services as stage_services

router = Router(tags=["planning"])
ERRORS = {**s.ERRORS, 409: s.ErrorOut}


class CriterionOut(Schema):
    id: int
    name_en: str
    name_ko: str
    weight: Decimal
    max_score: int


class CallOut(Schema):
    id: int
    title: str
    pavilion_id: int
    opens_at: datetime
    deadline: datetime
    capacity: int
    is_open: bool
    criteria: list[CriterionOut]


class ApplicationOut(Schema):
    id: int
    company_id: int
    product: str
    pitch: str
    target_markets: str
    seeks_buyers: bool
    seeks_investors: bool
    seeks_partners: bool
    award_entry: bool
    booth_area_m2: Decimal | None
    state: str
    decision: str | None  # a company learns it once it has been sent
    submitted_at: datetime | None


class ApplicationIn(Schema):
    product: str = ""
    pitch: str = ""
    target_markets: str = ""
    seeks_buyers: bool = False
    seeks_investors: bool = False
    seeks_partners: bool = False
    award_entry: bool = False
    booth_area_m2: Decimal | None = None
    submit: bool = False


class ScoreIn(Schema):
    criterion_id: s.Id
    value: int


class ReviewIn(Schema):
    scores: list[ScoreIn]
    comment: str = ""


class ReviewOut(Schema):
    id: int
    reviewer_id: int
    comment: str
    scores: dict[str, int]  # criterion id → value


class ConflictIn(Schema):
    reviewer_id: s.Id | None = None  # none: the caller declares its own conflict
    reason: str = ""


class RankedOut(Schema):
    application_id: int
    rank: int | None  # None: not scored yet, or hidden until the caller has scored it
    score: Decimal | None
    reviews: int
    proposed: bool
    tied: bool
    score_visible: bool  # False for an invited official who has not scored it yet


class SelectionIn(Schema):
    accepted: list[s.Id]
    waitlisted: list[s.Id] = []


class CountOut(Schema):
    sent: int


class EntryOut(Schema):
    id: int
    name: str
    booth_label: str
    company_id: int | None
    match_state: str
    match_score: float


class MatchIn(Schema):
    confirm: bool


class InvitationOut(Schema):
    id: int
    company_id: int
    pavilion_id: int
    state: str


class AnswerIn(Schema):
    accept: bool


class BoothCompanyOut(Schema):
    id: int
    name: str
    award: bool


class BoothOut(Schema):
    id: int
    pavilion_id: int
    number: str
    x_m: Decimal
    y_m: Decimal
    width_m: Decimal
    depth_m: Decimal
    shared: bool
    companies: list[BoothCompanyOut]


class PlacementIn(Schema):
    x_m: Decimal
    y_m: Decimal
    width_m: Decimal
    depth_m: Decimal
    shared: bool | None = None


class AssignmentIn(Schema):
    participation_id: s.Id
    booth_id: s.Id | None


class PitchOut(Schema):
    id: int
    stage_id: int
    stage: str
    company_id: int
    title: str
    language: str
    presenter: str
    start: datetime
    end: datetime


class StageAgendaIn(Schema):
    public: bool


class StageAgendaOut(Schema):
    public: bool
    url: str


class PitchIn(Schema):
    stage_id: s.Id
    company_id: s.Id
    title: str
    language: str = "en"
    presenter: str = ""
    start: datetime
    end: datetime


def _edition(request, slug):
    return get_object_or_404(permissions.visible_editions(request.auth), slug=slug)


def _call(request, slug):
    return get_object_or_404(
        permissions.visible_calls(request.auth), edition=_edition(request, slug)
    )


def _application_out(user, a) -> dict:
    hide = not user.is_staff_reader and a.notified_at is None
    return {
        **{name: getattr(a, name) for name in services.APPLICATION_FIELDS},
        "id": a.pk,
        "company_id": a.company_id,
        "state": a.state,
        "decision": None if hide else a.decision,
        "submitted_at": a.submitted_at,
    }


def _application(request, application_id):
    return get_object_or_404(
        permissions.visible_applications(request.auth).select_related("cfp__edition__show"),
        pk=application_id,
    )


@router.get("/editions/{slug}/call", response={200: CallOut, **ERRORS})
def get_call(request, slug: str):
    cfp = _call(request, slug)
    return {
        "id": cfp.pk,
        "title": cfp.title,
        "pavilion_id": cfp.pavilion_id,
        "opens_at": cfp.opens_at,
        "deadline": cfp.deadline,
        "capacity": cfp.capacity,
        "is_open": cfp.is_open(),
        "criteria": list(cfp.criteria.all()),
    }


@router.get("/editions/{slug}/applications", response={200: list[ApplicationOut], **ERRORS})
@paginate(Pagination, serialize=_application_out)
def list_applications(request, slug: str):
    cfp = _call(request, slug)
    return permissions.visible_applications(request.auth).filter(cfp=cfp).order_by("pk")


@router.post(
    "/editions/{slug}/applications",
    response={200: ApplicationOut, **ERRORS},
    description="A company's application (exhibitors): saved as a draft, or submitted "
    "with `submit`. Calling it again updates the same application.",
)
def save_application(request, slug: str, payload: ApplicationIn):
    user = request.auth
    cfp = _call(request, slug)
    if not user.is_exhibitor:
        raise PermissionDenied
    data = payload.dict()
    submit = data.pop("submit")
    application = services.save_application(
        actor=user, cfp=cfp, company=user.company, submit=submit, **data
    )
    return _application_out(user, application)


@router.get("/applications/{application_id}", response={200: ApplicationOut, **ERRORS})
def get_application(request, application_id: int):
    return _application_out(request.auth, _application(request, application_id))


@router.get("/applications/{application_id}/reviews", response={200: list[ReviewOut], **ERRORS})
def list_reviews(request, application_id: int):
    application = _application(request, application_id)
    reviews = (
        permissions.visible_reviews(request.auth)
        .filter(application=application)
        .prefetch_related("scores")
    )
    return [
        {
            "id": r.pk,
            "reviewer_id": r.reviewer_id,
            "comment": r.comment,
            "scores": {str(sc.criterion_id): sc.value for sc in r.scores.all()},
        }
        for r in reviews
    ]


@router.post("/applications/{application_id}/reviews", response={200: ReviewOut, **ERRORS})
def score(request, application_id: int, payload: ReviewIn):
    application = _application(request, application_id)
    review = services.score_application(
        actor=request.auth,
        application=application,
        scores={item.criterion_id: item.value for item in payload.scores},
        comment=payload.comment,
    )
    return {
        "id": review.pk,
        "reviewer_id": review.reviewer_id,
        "comment": review.comment,
        "scores": {str(sc.criterion_id): sc.value for sc in review.scores.all()},
    }


@router.post("/applications/{application_id}/conflicts", response={201: None, **ERRORS})
def mark_conflict(request, application_id: int, payload: ConflictIn):
    from pavilion.accounts.models import User

    user = request.auth
    application = _application(request, application_id)
    reviewer = user
    if payload.reviewer_id is not None:
        reviewer = get_object_or_404(
            User, pk=payload.reviewer_id, organisation_id=user.organisation_id
        )
    services.mark_conflict(
        actor=user, application=application, reviewer=reviewer, reason=payload.reason[:200]
    )
    return Status(201, None)


@router.get("/editions/{slug}/ranking", response={200: list[RankedOut], **ERRORS})
def get_ranking(request, slug: str):
    cfp = _call(request, slug)
    if not permissions.can_view_edition_dashboard(request.auth, cfp.edition):
        raise PermissionDenied
    ranked, _proposal = services.ranking_for(request.auth, cfp)
    visible = set(
        permissions.visible_applications(request.auth).filter(cfp=cfp).values_list("pk", flat=True)
    )
    return [r for r in ranked if r["application_id"] in visible]


@router.post("/editions/{slug}/selection", response={200: dict[str, int], **ERRORS})
def select(request, slug: str, payload: SelectionIn):
    cfp = _call(request, slug)
    return services.decide(
        actor=request.auth, cfp=cfp, accepted=payload.accepted, waitlisted=payload.waitlisted
    )


@router.post("/editions/{slug}/decisions/send", response={200: CountOut, **ERRORS})
def send_decisions(request, slug: str):
    cfp = _call(request, slug)
    return {"sent": services.notify_decisions(actor=request.auth, cfp=cfp)}


@router.get("/editions/{slug}/exhibitor-entries", response={200: list[EntryOut], **ERRORS})
@paginate(Pagination)
def list_entries(request, slug: str):
    edition = _edition(request, slug)
    return (
        permissions.visible_exhibitor_entries(request.auth).filter(edition=edition).order_by("pk")
    )


def _entry(request, entry_id):
    return get_object_or_404(
        permissions.visible_exhibitor_entries(request.auth).select_related("edition__show"),
        pk=entry_id,
    )


@router.post("/exhibitor-entries/{entry_id}/match", response={200: EntryOut, **ERRORS})
def review_match(request, entry_id: int, payload: MatchIn):
    return integration.review_match(
        actor=request.auth, entry=_entry(request, entry_id), confirm=payload.confirm
    )


@router.post("/exhibitor-entries/{entry_id}/invitation", response={201: InvitationOut, **ERRORS})
def invite(request, entry_id: int):
    invitation = integration.invite(actor=request.auth, entry=_entry(request, entry_id))
    return Status(201, invitation)


@router.get("/editions/{slug}/invitations", response={200: list[InvitationOut], **ERRORS})
@paginate(Pagination)
def list_invitations(request, slug: str):
    edition = _edition(request, slug)
    return permissions.visible_invitations(request.auth).filter(edition=edition).order_by("pk")


@router.post("/invitations/{invitation_id}/answer", response={200: InvitationOut, **ERRORS})
def answer_invitation(request, invitation_id: int, payload: AnswerIn):
    invitation = get_object_or_404(
        permissions.visible_invitations(request.auth).select_related("edition__show"),
        pk=invitation_id,
    )
    return integration.answer_invitation(
        actor=request.auth, invitation=invitation, accept=payload.accept
    )


@router.get("/editions/{slug}/floor-plan", response={200: list[BoothOut], **ERRORS})
def get_floor_plan(request, slug: str):
    edition = _edition(request, slug)
    participations = (
        permissions.visible_participations(request.auth)
        .filter(edition=edition)
        .exclude(status="withdrawn")
        .select_related("company")
    )
    booths = []
    for pavilion in permissions.visible_pavilions(request.auth).filter(edition=edition):
        for item in floorplan.plan_of(pavilion, participations):
            b = item["booth"]
            booths.append(
                {
                    "id": b.pk,
                    "pavilion_id": pavilion.pk,
                    "number": b.number,
                    "x_m": b.x_m,
                    "y_m": b.y_m,
                    "width_m": b.width_m,
                    "depth_m": b.depth_m,
                    "shared": b.shared,
                    "companies": item["companies"],
                }
            )
    return booths


@router.patch(
    "/booths/{booth_id}",
    response={200: BoothOut, **ERRORS},
    description="Place or resize a booth on the plan (operators). Overlaps answer 409 "
    "booths_overlap; outside the pavilion, outside_pavilion.",
)
def place_booth(request, booth_id: int, payload: PlacementIn):
    user = request.auth
    booth = get_object_or_404(
        permissions.visible_booths(user).select_related("pavilion__edition__show"), pk=booth_id
    )
    if not permissions.can_manage_edition(user, booth.pavilion.edition):
        raise PermissionDenied
    booth = floorplan.place_booth(actor=user, booth=booth, **payload.dict())
    participations = permissions.visible_participations(user).exclude(status="withdrawn")
    item = next(
        i
        for i in floorplan.plan_of(booth.pavilion, participations.select_related("company"))
        if i["booth"].pk == booth.pk
    )
    return {
        "id": booth.pk,
        "pavilion_id": booth.pavilion_id,
        "number": booth.number,
        "x_m": booth.x_m,
        "y_m": booth.y_m,
        "width_m": booth.width_m,
        "depth_m": booth.depth_m,
        "shared": booth.shared,
        "companies": item["companies"],
    }


@router.post(
    "/editions/{slug}/booth-assignments",
    response={200: dict[str, int | None], **ERRORS},
    description="Give a company's participation a booth (operators); `booth_id` null frees "
    "it. A booth taken and not shared answers 409 booth_taken; too small, booth_too_small.",
)
def assign_booth(request, slug: str, payload: AssignmentIn):
    user = request.auth
    edition = _edition(request, slug)
    participation = get_object_or_404(
        permissions.visible_participations(user).filter(edition=edition),
        pk=payload.participation_id,
    )
    booth = None
    if payload.booth_id is not None:
        booth = get_object_or_404(
            permissions.visible_booths(user).filter(pavilion__edition=edition),
            pk=payload.booth_id,
        )
    participation = floorplan.assign_booth(actor=user, participation=participation, booth=booth)
    return {"participation_id": participation.pk, "booth_id": participation.booth_id}


def _pitch_out(p) -> dict:
    return {
        "id": p.pk,
        "stage_id": p.stage_id,
        "stage": p.stage.name,
        "company_id": p.company_id,
        "title": p.title,
        "language": p.language,
        "presenter": p.presenter,
        "start": p.start,
        "end": p.end,
    }


@router.get("/editions/{slug}/pitch-sessions", response={200: list[PitchOut], **ERRORS})
@paginate(Pagination, serialize=lambda user, p: _pitch_out(p))
def list_pitches(request, slug: str):
    edition = _edition(request, slug)
    return (
        permissions.visible_pitch_sessions(request.auth)
        .filter(stage__edition=edition)
        .select_related("stage")
        .order_by("start", "pk")
    )


@router.post(
    "/editions/{slug}/pitch-sessions",
    response={201: PitchOut, **ERRORS},
    description="Schedule a pitch (operators). Overlaps answer 409 with code stage_taken, "
    "company_on_stage or company_in_meeting.",
)
def schedule_pitch(request, slug: str, payload: PitchIn):
    user = request.auth
    edition = _edition(request, slug)
    stage = get_object_or_404(
        permissions.visible_stages(user).filter(edition=edition), pk=payload.stage_id
    )
    company = get_object_or_404(permissions.visible_companies(user), pk=payload.company_id)
    session = stage_services.schedule_pitch(
        actor=user,
        stage=stage,
        company=company,
        start=payload.start,
        end=payload.end,
        title=payload.title,
        language=payload.language,
        presenter=payload.presenter,
    )
    return Status(201, _pitch_out(session))


@router.put(
    "/editions/{slug}/stage-agenda",
    response={200: StageAgendaOut, **ERRORS},
    description="Make the edition's pitching-stage agenda public (anyone with its link reads "
    "it and its ICS) or private to the organisation again (operators).",
)
def set_stage_agenda(request, slug: str, payload: StageAgendaIn):
    edition = stage_services.set_agenda_public(
        actor=request.auth, edition=_edition(request, slug), public=payload.public
    )
    return {
        "public": edition.stage_agenda_public,
        "url": request.build_absolute_uri(reverse("stage-agenda", args=[edition.slug])),
    }
