"""The stage agenda as iCalendar, in the show's time zone (like the meeting agendas)."""

from icalendar import Calendar, Event

from pavilion.core.ics import company_name, event_uid


def stage_ics(sessions, *, title: str, base_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Pavilion//stage//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", title)
    for session in sessions:
        zone = session.stage.edition.tzinfo
        event = Event()
        event.add("uid", event_uid("pitch", session.pk, session.stage.edition, base_url))
        event.add("dtstamp", session.start)
        event.add("dtstart", session.start.astimezone(zone))
        event.add("dtend", session.end.astimezone(zone))
        event.add("summary", f"{company_name(session.company)}: {session.title}")
        event.add("location", session.stage.name)
        if session.presenter:
            event.add("description", session.presenter)
        event.add("url", f"{base_url.rstrip('/')}/editions/{session.stage.edition.slug}/stage/")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
