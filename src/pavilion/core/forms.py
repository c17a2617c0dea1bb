"""What every page form does with a service call."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError

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
