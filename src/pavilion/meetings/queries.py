"""Reads about meetings shared by pages, the API and agendas."""

from django.db.models import Count, Q, QuerySet

from pavilion.accounts import permissions
from pavilion.meetings.models import LIVE, Meeting, MeetingRequest, Slot


def visible_meetings(user) -> QuerySet[Meeting]:
    """Staff: the organisation's meetings, drafts included. A company or a partner:
    its own published meetings."""
    if not user.is_authenticated or not user.is_active or user.organisation_id is None:
        return Meeting.objects.none()
    in_org = Meeting.objects.filter(edition__show__organisation_id=user.organisation_id)
    if permissions.is_staff_reader(user):
        return in_org
    published = in_org.filter(draft=False)
    if user.is_exhibitor:
        return published.filter(company_id=user.company_id)
    if user.is_partner_contact:
        return published.filter(partner_id=user.partner_id)
    return Meeting.objects.none()


def visible_requests(user) -> QuerySet[MeetingRequest]:
    if not user.is_authenticated or not user.is_active or user.organisation_id is None:
        return MeetingRequest.objects.none()
    in_org = MeetingRequest.objects.filter(edition__show__organisation_id=user.organisation_id)
    if permissions.is_staff_reader(user):
        return in_org
    if user.is_exhibitor:
        return in_org.filter(company_id=user.company_id)
    if user.is_partner_contact:
        return in_org.filter(partner_id=user.partner_id)
    return MeetingRequest.objects.none()


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


LIVE_M = ~Q(meetings__status="cancelled")
__all__ = ["LIVE", "slot_utilisation", "visible_meetings", "visible_requests"]
