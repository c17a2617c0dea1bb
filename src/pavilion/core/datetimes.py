"""The one way Pavilion writes dates and times (issue #15).

One format per language — "Tue 7 Jan 2025", "Tue 7 Jan 2025 11:00" in English,
"2025년 1월 7일 화요일", "2025년 1월 7일 화요일 11:00" in Korean — and one rule for time
zones: a time of the show is written in the show's time zone, named by the edition
passed in, never by whatever time zone happens to be active. Pages use the template
filters ``when`` and ``clock`` (core/templatetags/pavilion.py); exports use
``for_export``. Nothing relies on ``timezone.override`` or ``{% timezone %}``.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import pgettext


def zone_of(where) -> tzinfo | None:
    """The time zone named by an edition, a zone name or a tzinfo; None for the active one."""
    if where in (None, ""):
        return None
    if isinstance(where, tzinfo):
        return where
    if isinstance(where, str):
        return ZoneInfo(where)
    return getattr(where, "tzinfo", None) or zone_of(getattr(where, "time_zone", None))


def local(value: datetime, where=None) -> datetime:
    """An aware instant as the wall-clock time of ``where`` (see ``zone_of``)."""
    if timezone.is_naive(value):
        return value
    return timezone.localtime(value, zone_of(where))


def format_date(value: date) -> str:
    return formats.date_format(value, pgettext("date format", "D j M Y"))


def format_when(value, where=None) -> str:
    """A date, or an instant with its time in ``where``'s time zone; "" for nothing."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):  # an ISO day kept in JSON (a scheduler run's stats)
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        moment = local(value, where)
        text = formats.date_format(moment, pgettext("date format: date and time", "D j M Y H:i"))
        # A time that belongs to no show (a sign-in, a message queued) is in the
        # server's zone: name it, so nobody reads it as show time or Seoul time.
        zone_name = moment.tzname() if zone_of(where) is None else None
        return f"{text} {zone_name}" if zone_name else text
    return format_date(value)


def format_clock(value: datetime, where=None) -> str:
    """The time of day only (a meeting's end after its start)."""
    if value in (None, ""):
        return ""
    return formats.time_format(local(value, where), "H:i")


def for_export(value: datetime | None, where=None) -> str:
    """Spreadsheets: sortable "YYYY-MM-DD HH:MM" in ``where``'s time zone."""
    if value is None:
        return ""
    return local(value, where).strftime("%Y-%m-%d %H:%M")
