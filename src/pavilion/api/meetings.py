"""API for meeting requests and meetings, behind the same services and checks as the pages."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from pavilion.accounts import permissions
from pavilion.api import schemas as s
from pavilion.api.pagination import Pagination
from pavilion.meetings import queries, services
from pavilion.meetings.models import Slot, Table

router = Router(tags=["meetings"])
ERRORS = {**s.ERRORS, 409: s.ErrorOut}


class RequestOut(Schema):
    id: int
    company_id: int
    partner_id: int
    company_wants: bool
    partner_wants: bool
    status: str
    message: str


class RequestIn(Schema):
    company_id: s.Id | None = None  # an exhibitor asks for its own company
    partner_id: s.Id | None = None  # a partner user for its own partner
    message: str = ""


class AnswerIn(Schema):
    accept: bool


class MeetingOut(Schema):
    id: int
    company_id: int
    partner_id: int
    start: datetime
    end: datetime
    table: str | None
    status: str
    draft: bool


class BookIn(Schema):
    company_id: s.Id
    partner_id: s.Id
    slot_id: s.Id
    table_id: s.Id | None = None  # none: at the company's booth


class StatusIn(Schema):
    status: str


def _edition(request, slug):
    return get_object_or_404(permissions.visible_editions(request.auth), slug=slug)


def _meeting_out(m) -> dict:
    return {
        "id": m.pk,
        "company_id": m.company_id,
        "partner_id": m.partner_id,
        "start": m.slot.start,
        "end": m.slot.end,
        "table": str(m.table) if m.table_id else None,
        "status": m.status,
        "draft": m.draft,
    }


@router.get("/editions/{slug}/meeting-requests", response={200: list[RequestOut], **ERRORS})
@paginate(Pagination)
def list_requests(request, slug: str):
    edition = _edition(request, slug)
    return queries.visible_requests(request.auth).filter(edition=edition).order_by("pk")


@router.post("/editions/{slug}/meeting-requests", response={201: RequestOut, **ERRORS})
def create_request(request, slug: str, payload: RequestIn):
    user = request.auth
    edition = _edition(request, slug)
    company_id = user.company_id if user.is_exhibitor else payload.company_id
    partner_id = user.partner_id if user.is_partner_contact else payload.partner_id
    company = get_object_or_404(permissions.visible_companies(user), pk=company_id)
    partner = get_object_or_404(permissions.visible_partners(user), pk=partner_id)
    req = services.request_meeting(
        actor=user, edition=edition, company=company, partner=partner, message=payload.message
    )
    return Status(201, req)


@router.post("/meeting-requests/{request_id}/answer", response={200: RequestOut, **ERRORS})
def answer(request, request_id: int, payload: AnswerIn):
    req = get_object_or_404(queries.visible_requests(request.auth), pk=request_id)
    return services.answer_request(actor=request.auth, request=req, accept=payload.accept)


@router.get("/editions/{slug}/meetings", response={200: list[MeetingOut], **ERRORS})
@paginate(Pagination, serialize=lambda user, meeting: _meeting_out(meeting))
def list_meetings(request, slug: str):
    edition = _edition(request, slug)
    rows = (
        queries.visible_meetings(request.auth)
        .filter(edition=edition)
        .select_related("slot", "table__room")
        .order_by("slot__start", "pk")
    )
    return rows


@router.post(
    "/editions/{slug}/meetings",
    response={201: MeetingOut, **ERRORS},
    description="Book a meeting by hand (operators). A taken table, company or partner "
    "answers 409 with code table_taken, company_busy, partner_busy or unavailable.",
)
def book(request, slug: str, payload: BookIn):
    user = request.auth
    edition = _edition(request, slug)
    company = get_object_or_404(permissions.visible_companies(user), pk=payload.company_id)
    partner = get_object_or_404(permissions.visible_partners(user), pk=payload.partner_id)
    slot = get_object_or_404(Slot, pk=payload.slot_id, edition=edition)
    table = None
    if payload.table_id is not None:
        table = get_object_or_404(Table, pk=payload.table_id, room__edition=edition)
    meeting = services.book_meeting(
        actor=user, edition=edition, company=company, partner=partner, slot=slot, table=table
    )
    return Status(201, _meeting_out(meeting))


@router.get("/meetings/{meeting_id}", response={200: MeetingOut, **ERRORS})
def get_meeting(request, meeting_id: int):
    meeting = get_object_or_404(
        queries.visible_meetings(request.auth).select_related("slot", "table__room"),
        pk=meeting_id,
    )
    return _meeting_out(meeting)


@router.patch("/meetings/{meeting_id}", response={200: MeetingOut, **ERRORS})
def set_status(request, meeting_id: int, payload: StatusIn):
    meeting = get_object_or_404(
        queries.visible_meetings(request.auth).select_related("slot", "table__room", "company"),
        pk=meeting_id,
    )
    return _meeting_out(
        services.set_status(actor=request.auth, meeting=meeting, status=payload.status)
    )
