"""The scan API: devices upload badge scans, one at a time or in batches, retrying freely.

Authenticated by the device's own key (``Authorization: Bearer pvd_…``), or
from the app's pages by a signed-in user naming one of their devices.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from ninja import Router, Schema
from ninja.security import HttpBearer
from pydantic import BaseModel, Field

from pavilion.accounts import permissions
from pavilion.api import schemas as s
from pavilion.api.auth import BrowserSession
from pavilion.scanning import services
from pavilion.scanning.models import ScanDevice


class DeviceAuth(HttpBearer):
    """``Authorization: Bearer pvd_…``: the key shown once when the phone was registered."""

    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        device = services.device_for_key(token)
        if device is not None:
            request.scan_device = device
        return device


router = Router(tags=["scans"], auth=[DeviceAuth(), BrowserSession(csrf=True)])


# Plain pydantic models for the upload: ninja's Schema runs a Django-aware
# validator per object, a third of a 50-scan batch's CPU for plain JSON.
class ScanIn(BaseModel):
    nonce: str = Field(..., description="chosen by the device; a retry sends the same one")
    code: str = Field(..., description="the badge's QR or barcode text, as read")
    scanned_at: datetime = Field(..., description="when it was read, with its time zone")


class ScanBatchIn(BaseModel):
    device_id: int | None = Field(None, description="only when sending from a signed-in session")
    scans: list[ScanIn] = Field(..., max_length=services.MAX_BATCH)


class ScanResult(Schema):
    nonce: str
    status: str  # "ok" or "error"
    scan_id: int | None = None
    badge_id: int | None = None
    lead_id: int | None = None
    code: str | None = None  # for errors: invalid, outside_edition, unknown_badge
    message: str | None = None
    field: str | None = None


class ScanBatchOut(Schema):
    accepted: int
    rejected: int
    results: list[ScanResult]


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
    repeated upload gets the same answer and writes nothing. Good items are
    kept when others are refused (unknown badge, time outside the show)."""
    device = _device(request, payload.device_id)
    results = services.ingest_scans(
        device=device,
        items=[services.ScanItem(i.nonce, i.code, i.scanned_at) for i in payload.scans],
    )
    accepted = sum(1 for r in results if r["status"] == "ok")
    body = {"accepted": accepted, "rejected": len(results) - accepted, "results": results}
    # The service builds exactly ScanBatchOut; skipping its re-validation keeps
    # a 500-item answer cheap on the show floor's busiest path.
    return JsonResponse(body)
