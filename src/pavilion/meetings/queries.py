"""Reads about meetings shared by pages, the API and agendas."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from pavilion.accounts import permissions
from pavilion.meetings.models import (
    Meeting,
    MeetingRequest,
    MeetingStatus,
    RequestStatus,
    Slot,
)

# A slot's meetings that still take place (seen from the slot).
LIVE_M = ~Q(meetings__status=MeetingStatus.CANCELLED)


def visible_meetings(user) -> QuerySet[Meeting]:
    """Staff: the organisation's meetings, drafts included. A company or a partner:
    its own published meetings."""
    meetings = permissions.visible_between_parties(
        user, Meeting.objects.all(), organisation_path="edition__show__organisation_id"
    )
    return meetings if permissions.is_staff_reader(user) else meetings.filter(draft=False)


def visible_requests(user) -> QuerySet[MeetingRequest]:
    return permissions.visible_between_parties(
        user, MeetingRequest.objects.all(), organisation_path="edition__show__organisation_id"
    )


def slot_utilisation(edition) -> list[dict]:
    """Per slot: meetings at tables, at booths, and tables open (drafts included)."""
    tables = edition.rooms.aggregate(n=Count("tables"))["n"] or 0
    rows = Slot.objects.filter(edition=edition).annotate(
        at_tables=Count("meetings", filter=LIVE_M & Q(meetings__table__isnull=False)),
        at_booths=Count("meetings", filter=LIVE_M & Q(meetings__table__isnull=True)),
    )
    return [
        {
            "slot": slot,
            "at_tables": slot.at_tables,
            "at_booths": slot.at_booths,
            "tables": tables,
            "share": round(100 * slot.at_tables / tables) if tables else 0,
        }
        for slot in rows
    ]


# --- a request as its viewer reads it (issue #15) ----------------------------


@dataclass
class RequestSeen:
    """Who asked and what is awaited, in the viewer's words."""

    request: MeetingRequest
    asked_by: str
    state: str
    can_answer: bool


def _viewer_side(user, req) -> str:
    if user.is_exhibitor and user.company_id == req.company_id:
        return "company"
    if user.is_partner_contact and user.partner_id == req.partner_id:
        return "partner"
    return "staff"


def _asking_side(req) -> str:
    """ "company", "partner", "both" (each side asked) or "agency" (asked for both)."""
    if req.company_wants and req.partner_wants:
        creator = req.created_by
        if creator is not None and not (creator.is_exhibitor or creator.is_partner_contact):
            return "agency"
        return "both"
    return "company" if req.company_wants else "partner"


def seen_by(user, req: MeetingRequest) -> RequestSeen:
    """The request as ``user`` reads it: "You asked", "Waiting for your answer"…"""
    side, asking = _viewer_side(user, req), _asking_side(req)
    names = {"company": req.company.name, "partner": req.partner.name}
    if asking == "agency":
        asked_by = _("The agency, for both sides")
    elif asking == "both":
        asked_by = _("Both sides")
    elif asking == side:
        asked_by = _("You")
    elif side == "staff":
        asked_by = names[asking]
    else:
        asked_by = _("%(name)s asked you") % {"name": names[asking]}
    asked = {"company": "partner", "partner": "company"}.get(asking)
    can_answer = (
        req.status == RequestStatus.PENDING
        and asked is not None
        and (
            side == asked or permissions.can_manage_organisation(user, req.company.organisation_id)
        )
    )
    if req.status != RequestStatus.PENDING or asked is None:
        state = req.get_status_display()
    elif side == asked:
        state = _("Waiting for your answer")
    else:
        state = _("Waiting for %(name)s to answer") % {"name": names[asked]}
    return RequestSeen(req, asked_by, state, can_answer)


def request_between(edition, *, company, partner) -> MeetingRequest | None:
    return (
        MeetingRequest.objects.filter(edition=edition, company=company, partner=partner)
        .select_related("company", "partner", "created_by")
        .first()
    )
