"""Logging filters."""

import logging


class ForbiddenInOneLine(logging.Filter):
    """Log a refused request (403) as one line, without the exception's traceback.

    Django logs ``PermissionDenied`` through ``django.request`` with the
    exception attached, so every refusal printed a traceback: noise that hides
    real errors. A 403 is an expected answer, not a fault in the code.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
