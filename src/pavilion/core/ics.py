"""What the iCalendar files (meeting agendas, the stage agenda) share."""

from urllib.parse import urlsplit


def event_uid(kind: str, pk: int, edition, base_url: str) -> str:
    """A UID unique across sites and editions, and stable for the same record:
    its kind and id, its edition and the site's host (RFC 5545 asks for global
    uniqueness; calendars merge events that share one)."""
    host = urlsplit(base_url).hostname or "pavilion.invalid"
    return f"{kind}-{pk}.{edition.slug}@{host}"


def company_name(company) -> str:
    """The company's name in the active language (Korean when it has one)."""
    return company.name or company.name_en
