"""Plausible ranges of the numbers people type, and the words that name them.

A column's range (up to 9223372036854775807) is no answer to "how many employees?":
page forms (``core.forms.plausible``) and services (``core.profiles.save_fields``)
refuse a number outside what a person could mean, with a message naming the range.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

MAX_COUNT = 1_000_000  # a count of people, tables, booths… no pavilion comes near it
EARLIEST_YEAR = 1900
EARLIEST_DATE_YEAR = 1950  # dates: a company's history at the earliest
LATEST_DATE_YEARS_AHEAD = 50  # a fund's plan at the latest


def this_year() -> int:
    return timezone.now().year


# Field name → (lowest, highest), each a number or a function of nothing.
BOUNDS: dict[str, tuple] = {
    "founded_year": (EARLIEST_YEAR, this_year),
    "vintage": (1980, lambda: this_year() + 5),
    "year": (1980, lambda: this_year() + 30),
    "employees": (0, MAX_COUNT),
    "capacity": (1, 1000),
    "max_score": (1, 100),
    "weight": (0, 100),
    "order": (0, 1000),
    "months_after": (1, 120),
    "count": (0, MAX_COUNT),
    "satisfaction": (1, 5),
    "rating": (1, 5),
    "tables": (1, 200),
    "minutes": (5, 240),
    "company_daily_quota": (1, 100),
    "partner_daily_quota": (1, 100),
}


def _value(bound):
    return bound() if callable(bound) else bound


def bounds_of(name: str, *, decimal: bool = False) -> tuple[int, int] | None:
    """The range of the field called ``name``. A whole-number field with no entry
    is a count (0 to MAX_COUNT); a decimal with no entry has none here (amounts
    keep their currency's limit, checked by their service)."""
    if name in BOUNDS:
        low, high = BOUNDS[name]
        return _value(low), _value(high)
    return None if decimal else (0, MAX_COUNT)


def range_message(low, high, *, whole: bool = True) -> str:
    if whole:
        return _("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
    return _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}


def out_of_range_errors(data: dict) -> dict[str, str]:
    """For the named fields of ``data`` (services' input), a message for each
    number outside its range."""
    errors = {}
    for name, value in data.items():
        if name not in BOUNDS or value is None or isinstance(value, bool):
            continue
        low, high = bounds_of(name)
        try:
            if low <= value <= high:
                continue
        except TypeError:
            continue  # not a number: the model's own check says so
        errors[name] = range_message(low, high, whole=int(value) == value)
    return errors
