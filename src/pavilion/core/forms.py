"""What every page form does with a service call."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pavilion.core.bounds import (
    EARLIEST_DATE_YEAR,
    LATEST_DATE_YEARS_AHEAD,
    bounds_of,
    range_message,
    this_year,
)

T = TypeVar("T")
FAILED = object()  # a call may legitimately return None or an empty list


def save_through(form, call: Callable[[], T]) -> T | object:
    """Run a service call for a valid form.

    The service validates again (forms are not the only way in); its
    ValidationError lands on the fields it names, or on the whole form.
    Returns the call's result, or ``FAILED``.
    """
    try:
        return call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
    return FAILED


# --- plausible bounds and human messages for numbers and dates -----------------
# Every page form passes through ``plausible`` (ranges in ``core.bounds``).


def _strip_range_validators(field):
    field.validators = [
        v
        for v in field.validators
        if not isinstance(v, validators.MinValueValidator | validators.MaxValueValidator)
    ]


def bound_number(field, low, high):
    """Give a number field the range [low, high] and a message that names it."""
    _strip_range_validators(field)
    whole = not isinstance(field, forms.DecimalField | forms.FloatField)
    message = range_message(low, high, whole=whole)
    field.min_value, field.max_value = low, high
    field.validators += [
        validators.MinValueValidator(low, message=message),
        validators.MaxValueValidator(high, message=message),
    ]
    for code in ("invalid", "min_value", "max_value", "max_digits", "max_whole_digits"):
        field.error_messages[code] = message
    field.widget.attrs.update({"min": str(low), "max": str(high)})
    if whole:
        field.widget.attrs.setdefault("inputmode", "numeric")


def bound_date(field, low, high):
    message = _("Enter a date between %(low)s and %(high)s, as YYYY-MM-DD.") % {
        "low": low.isoformat(),
        "high": high.isoformat(),
    }
    field.validators += [
        validators.MinValueValidator(low, message=message),
        validators.MaxValueValidator(high, message=message),
    ]
    for code in ("invalid", "min_value", "max_value"):
        field.error_messages[code] = message
    field.widget.attrs.update({"min": low.isoformat(), "max": high.isoformat()})


def plausible(form):
    """Bound every number and date field of ``form`` (see ``core.bounds``); returns the form.

    Decimal amounts keep the range their service checks (a currency's largest
    amount); only their "enter a number" message is made plain.
    """
    for name, field in form.fields.items():
        if isinstance(field, forms.IntegerField) and not isinstance(
            field, forms.DecimalField | forms.FloatField
        ):
            bound_number(field, *bounds_of(name))
        elif isinstance(field, forms.DecimalField):
            if bounds_of(name, decimal=True):
                bound_number(field, *bounds_of(name))
            else:
                field.error_messages["min_value"] = _("Enter a number of %(limit_value)s or more.")
            field.error_messages["max_decimal_places"] = _(
                "Enter at most %(max)s digits after the decimal point."
            )
        elif isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
            year = this_year()
            bound_date(
                field,
                date(EARLIEST_DATE_YEAR, 1, 1),
                date(year + LATEST_DATE_YEARS_AHEAD, 12, 31),
            )
        elif isinstance(field, forms.DateTimeField):
            field.error_messages["invalid"] = _(
                "Enter a date and a time, such as 2025-01-08 14:30."
            )
    return form


class PlausibleMixin:
    """Forms that bound their numbers and dates (see ``plausible``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plausible(self)
