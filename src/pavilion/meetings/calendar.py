"""Agendas as iCalendar (RFC 5545) files, with the show's own time zone."""

from icalendar import Calendar, Event


def agenda_ics(meetings, *, title: str, base_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Pavilion//meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", title)
    for meeting in meetings:
        zone = meeting.edition.tzinfo
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@pavilion")
        event.add("dtstamp", meeting.created_at)
        event.add("dtstart", meeting.slot.start.astimezone(zone))
        event.add("dtend", meeting.slot.end.astimezone(zone))
        event.add("summary", f"{meeting.company.name_en} × {meeting.partner.name}")
        where = str(meeting.table) if meeting.table else f"{meeting.company.name_en} booth"
        event.add("location", where)
        event.add("url", f"{base_url.rstrip('/')}/meetings/{meeting.pk}/")
        event.add("status", "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
