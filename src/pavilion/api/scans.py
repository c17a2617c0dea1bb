"""The scan API: devices upload badge scans, one at a time or in batches, retrying freely.

Authenticated by the device's own key (``Authorization: Bearer pvd_…``), or
from the app's pages by a signed-in user naming one of their devices.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from ninja import Router, Schema
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from pydantic import BaseModel, Field

from pavilion.accounts import permissions
from pavilion.api import schemas as s
from pavilion.api.auth import BrowserSession
from pavilion.scanning import services
from pavilion.scanning.models import ScanDevice


class DeviceKeyError(AuthenticationError):
    """401 with the reason in ``code`` (invalid_device_key, device_revoked), so a
    phone knows to stop sending and be registered again."""

    def __init__(self, refused: services.DeviceKeyRefused):
        super().__init__(401, str(refused))
        self.code = refused.code


class DeviceAuth(HttpBearer):
    """``Authorization: Bearer pvd_…``: the key shown once when the phone was registered.

    A request that sends a bearer key is judged by it alone: a bad or revoked
    key is a 401 saying so, never a fall back to the browser session (whose
    CSRF check would answer a confusing 403)."""

    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        device = services.device_for_key(token)
        if device is None:
            raise DeviceKeyError(services.refused_device_key(token))
        request.scan_device = device
        return device


router = Router(tags=["scans"], auth=[DeviceAuth(), BrowserSession(csrf=True)])


# Plain pydantic models for the upload: ninja's Schema runs a Django-aware
# validator per object, a third of a 50-scan batch's CPU for plain JSON. An
# item's values are taken as sent and checked by the service, item by item:
# one bad item is answered alone, the rest of its batch is kept.
class ScanIn(BaseModel):
    nonce: Any = Field(
        None,
        description="string, 1–64 characters, chosen by the device; a retry sends the same one",
        json_schema_extra={"type": "string"},
    )
    code: Any = Field(
        None,
        description="string, 1–200 characters: the badge's QR or barcode text, as read",
        json_schema_extra={"type": "string"},
    )
    scanned_at: Any = Field(
        None,
        description="ISO 8601 date and time with its time zone, when it was read",
        json_schema_extra={"type": "string", "format": "date-time"},
    )


class ScanBatchIn(BaseModel):
    device_id: s.Id | None = Field(None, description="only when sending from a signed-in session")
    scans: list[ScanIn] = Field(..., max_length=services.MAX_BATCH)


class ScanResult(Schema):
    nonce: str
    status: str  # "ok" or "error"
    scan_id: int | None = None
    badge_id: int | None = None
    lead_id: int | None = None
    # for errors: invalid, outside_edition, unknown_badge, nonce_reused
    code: str | None = None
    message: str | None = None
    field: str | None = None


class ScanBatchOut(Schema):
    accepted: int
    rejected: int
    results: list[ScanResult]
    # The show's IANA time zone, so a phone shows scan times as the show's clock.
    time_zone: str = ""


def _device(request, device_id) -> ScanDevice:
    device = getattr(request, "scan_device", None)
    if device is not None:
        return device
    # A signed-in person sends for one of the devices they may use.
    if device_id is None:
        raise Http404
    device = (
        permissions.visible_scan_devices(request.auth)
        .select_related("edition__show")
        .filter(pk=device_id)
        .first()
    )
    if device is None:
        raise Http404
    if device.revoked:
        raise PermissionDenied
    return device


@router.post("/scans", response={200: ScanBatchOut, **s.ERRORS})
def post_scans(request, payload: ScanBatchIn):
    """Store scans; answer per item in order. Idempotent on (device, nonce): a
    repeated upload gets the same answer and writes nothing; the same nonce
    with another code is refused (nonce_reused). Good items are kept when
    others are refused (invalid with the field, unknown badge, time outside
    the show). A bad or revoked device key is a 401 with code
    invalid_device_key or device_revoked; an empty batch stores nothing and
    so checks the key (the scanner page does on load). Messages follow the
    request's Accept-Language."""
    device = _device(request, payload.device_id)
    try:
        results = services.ingest_scans(
            device=device,
            items=[services.ScanItem(i.nonce, i.code, i.scanned_at) for i in payload.scans],
        )
    except services.DeviceKeyRefused as exc:
        if getattr(request, "scan_device", None) is not None:
            raise DeviceKeyError(exc) from exc
        raise PermissionDenied(str(exc)) from exc
    accepted = sum(1 for r in results if r["status"] == "ok")
    body = {
        "accepted": accepted,
        "rejected": len(results) - accepted,
        "results": results,
        "time_zone": device.edition.time_zone,
    }
    # The service builds exactly ScanBatchOut; skipping its re-validation keeps
    # a 500-item answer cheap on the show floor's busiest path.
    return JsonResponse(body)
