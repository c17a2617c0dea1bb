"""Agendas as iCalendar (RFC 5545) files, with the show's own time zone."""

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from pavilion.core.ics import company_name, event_uid


def agenda_ics(meetings, *, title: str, base_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Pavilion//meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", title)
    for meeting in meetings:
        zone = meeting.edition.tzinfo
        event = Event()
        event.add("uid", event_uid("meeting", meeting.pk, meeting.edition, base_url))
        event.add("dtstamp", meeting.created_at)
        event.add("dtstart", meeting.slot.start.astimezone(zone))
        event.add("dtend", meeting.slot.end.astimezone(zone))
        event.add("summary", f"{company_name(meeting.company)} × {meeting.partner.name}")
        where = (
            str(meeting.table)
            if meeting.table
            else _("%(company)s's booth") % {"company": company_name(meeting.company)}
        )
        event.add("location", where)
        event.add("url", f"{base_url.rstrip('/')}/meetings/{meeting.pk}/")
        event.add("status", "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
