"""The stage agenda as iCalendar, in the show's time zone (like the meeting agendas)."""

from urllib.parse import urlsplit

from icalendar import Calendar, Event


def pitch_uid(session, host: str) -> str:
    """A UID unique across sites and editions, and stable for the same pitch: the
    pitch, its edition and the site's host (RFC 5545 asks for global uniqueness)."""
    return f"pitch-{session.pk}.{session.stage.edition.slug}@{host}"


def company_name(company) -> str:
    """The company's name in the active language (Korean when it has one)."""
    return company.name or company.name_en


def stage_ics(sessions, *, title: str, base_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Pavilion//stage//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", title)
    host = urlsplit(base_url).hostname or "pavilion.invalid"
    for session in sessions:
        zone = session.stage.edition.tzinfo
        event = Event()
        event.add("uid", pitch_uid(session, host))
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
