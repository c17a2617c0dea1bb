"""Reads about meetings shared by pages, the API and agendas."""

from django.db.models import Count, Q, QuerySet

from pavilion.accounts import permissions
from pavilion.meetings.models import Meeting, MeetingRequest, MeetingStatus, Slot

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
