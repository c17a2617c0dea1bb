"""One JSON error shape for every failure: {"code", "message", "fields"}.

``code`` is stable for machines (not_found, forbidden, invalid,
unauthenticated, csrf_failed, bad_request, throttled; for scanning phones
invalid_device_key, device_revoked; for bookings
table_taken, company_busy, partner_busy, unavailable); ``message`` is for
people, in their language; ``fields`` maps a field name to its messages.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from pavilion.meetings.services import BookingConflict

# ninja raises HttpError itself for a failed CSRF check, an unreadable body and throttling.
HTTP_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 429: "throttled"}


def error(api, request, status, code, message, fields=None):
    # Messages may be lazy translations: render them now, in the request's language.
    fields = {str(name): [str(m) for m in messages] for name, messages in (fields or {}).items()}
    return api.create_response(
        request, {"code": code, "message": str(message), "fields": fields}, status=status
    )


def install(api):
    @api.exception_handler(Http404)
    def not_found(request, exc):
        return error(api, request, 404, "not_found", _("Not found."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        # A service may explain why; a bare PermissionDenied gets the general message.
        message = str(exc) or _("You may not do this.")
        return error(api, request, 403, "forbidden", message)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        # A subclass may say why (a scanning phone's key: invalid_device_key, device_revoked).
        if code := getattr(exc, "code", None):
            return error(api, request, 401, code, str(exc))
        return error(api, request, 401, "unauthenticated", _("Sign in or send a valid token."))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        status = exc.status_code
        if status == 403 and "CSRF" in str(exc):
            code = "csrf_failed"
            message = _("Send the CSRF token with changes made from a signed-in session.")
        elif status == 400:
            code, message = "bad_request", _("The request body could not be read.")
        else:
            code, message = HTTP_CODES.get(status, "error"), str(exc)
        return error(api, request, status, code, message)

    @api.exception_handler(BookingConflict)
    def conflict(request, exc):
        return error(api, request, 409, exc.code, str(exc))

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        if getattr(exc, "code", None) == "edition_closed":
            # Not a bad value: the edition's results are final (reports.closing).
            return error(api, request, 409, "edition_closed", exc.messages[0])
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return error(api, request, 422, "invalid", _("Some values are not valid."), fields)

    @api.exception_handler(SchemaValidationError)
    def schema_invalid(request, exc):
        fields = {}
        for item in exc.errors:
            loc = list(item.get("loc", []))
            # ("body", "payload", "employees") → "employees": clients know fields, not
            # the endpoint's parameter name; ("query", "limit") → "limit".
            loc = loc[2:] if loc[:1] == ["body"] and len(loc) > 2 else loc[1:]
            location = ".".join(str(p) for p in loc) or "__all__"
            fields.setdefault(location, []).append(item.get("msg", ""))
        return error(api, request, 422, "invalid", _("Some values are not valid."), fields)
