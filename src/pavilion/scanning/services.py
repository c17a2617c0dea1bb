"""Writes of on-site capture: badges, scanning devices, scan ingest, leads, erasure.

Scan ingest is idempotent on (device, nonce): rows go in with
``INSERT … ON CONFLICT DO NOTHING`` and the answer is read back from the
stored rows, so a retry — even one racing the first upload — gets the same
answer and writes nothing new.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pavilion.accounts import permissions
from pavilion.consultations import services as consultation_services
from pavilion.consultations.models import ConsultationKind, Source
from pavilion.core import audit
from pavilion.core.db import server_bound_cursor
from pavilion.scanning.models import (
    BADGE_PREFIX,
    Badge,
    BadgeKind,
    Interest,
    Lead,
    Scan,
    ScanDevice,
    ScanPlace,
    hash_device_key,
    new_badge_code,
)

MAX_BATCH = 500
MAX_NONCE = 64
MAX_CODE = 200

# Lead interest → the consultation kind it becomes.
INTEREST_KIND = {
    Interest.EXPORT: ConsultationKind.EXPORT,
    Interest.INVESTMENT: ConsultationKind.INVESTMENT,
    Interest.PARTNERSHIP: ConsultationKind.TECHNOLOGY,
}


# --- badges ------------------------------------------------------------------


@transaction.atomic
def issue_badge(
    *,
    actor,
    edition,
    name: str,
    company_name: str = "",
    email: str = "",
    country: str = "",
    kind: str = BadgeKind.VISITOR,
    contact=None,
) -> Badge:
    """Create one of our badges with a fresh random code. Side effects: row, audit."""
    if not permissions.can_manage_badges(actor, edition):
        raise PermissionDenied
    if contact is not None and contact.partner.organisation_id != edition.show.organisation_id:
        raise ValidationError({"contact": _("The contact is not one of this organisation's.")})
    badge = Badge(
        edition=edition,
        code=new_badge_code(),
        name=(name or "").strip(),
        company_name=(company_name or "").strip(),
        email=(email or "").strip(),
        country=(country or "").upper(),
        kind=kind,
        contact=contact,
    )
    badge.full_clean()
    if not badge.name:
        raise ValidationError({"name": _("Give the visitor's name.")})
    badge.save()
    audit.record(
        actor=actor, action="badge.issued", obj=badge, organisation=edition.show.organisation
    )
    return badge


def has_personal_data(badge: Badge) -> bool:
    """Whether the badge holds a name, company, email or contact. A show badge
    only read by the scanners holds none: the badges list offers no erasure."""
    return bool(badge.name or badge.company_name or badge.email or badge.contact_id)


def can_be_erased(badge: Badge) -> bool:
    """Whether erasing would change anything: personal data, or a show badge's
    code as read (it may identify the person at the show; erasing hashes it)."""
    return has_personal_data(badge) or (badge.external and not badge.code.startswith("erased-"))


@transaction.atomic
def erase_visitor(*, actor, badge: Badge, confirmed: bool = True) -> Badge:
    """Blank a visitor's personal data, keeping the badge, its scans and counts.

    Country and kind stay (they are what the counts are broken down by, and
    identify nobody). A show badge's code may identify the person at the show,
    so it is replaced by a hash of itself. Side effects: badge and its leads'
    notes rewritten, audit entry (without the erased data).
    """
    if not permissions.can_erase_visitor(actor, badge):
        raise PermissionDenied
    if not confirmed:
        raise ValidationError({"confirm": _("Tick the box to confirm: erasing cannot be undone.")})
    if not can_be_erased(badge):
        raise ValidationError({"__all__": _("This badge holds no personal data to erase.")})
    badge.name = badge.company_name = badge.email = ""
    badge.contact = None
    if badge.external and not badge.code.startswith("erased-"):
        badge.code = "erased-" + hashlib.sha256(badge.code.encode()).hexdigest()[:40]
    badge.erased_at = timezone.now()
    badge.save()
    badge.leads.update(notes="")
    audit.record(
        actor=actor,
        action="badge.erased",
        obj=badge,
        organisation=badge.edition.show.organisation,
    )
    return badge


# --- devices -----------------------------------------------------------------


@transaction.atomic
def register_scan_device(*, actor, edition, name: str, company=None) -> tuple[ScanDevice, str]:
    """Register a phone; return it and its key (shown once, stored hashed).

    A company's device scans at its booth and makes leads; without a company
    it counts entries at the pavilion entrance. Side effects: row, audit.
    """
    if not permissions.can_register_scan_device(actor, edition, company):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the device, e.g. “Booth A1 phone”.")})
    raw = ScanDevice.PREFIX + secrets.token_urlsafe(32)
    device = ScanDevice.objects.create(
        edition=edition,
        name=name[:100],
        company=company,
        place=ScanPlace.BOOTH if company is not None else ScanPlace.ENTRANCE,
        key_hash=hash_device_key(raw),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="scan_device.registered",
        obj=device,
        organisation=edition.show.organisation,
    )
    return device, raw


@transaction.atomic
def revoke_scan_device(*, actor, device: ScanDevice) -> ScanDevice:
    if not permissions.visible_scan_devices(actor).filter(pk=device.pk).exists():
        raise PermissionDenied
    device.revoked = True
    device.save(update_fields=["revoked"])
    # This process answers 401 at once; other processes, whose cache may still
    # hold the device, refuse its scans in the INSERT.
    _forget_device(device)
    audit.record(
        actor=actor,
        action="scan_device.revoked",
        obj=device,
        organisation=device.edition.show.organisation,
    )
    return device


# Device key → (expiry, device): the scan endpoint's busiest query, kept per
# process for a minute. Safe because a revoked device writes nothing even
# while cached here: the INSERT itself joins the device row and requires it
# not revoked (see _insert_scans). What a cached entry may hold stale for a
# minute is only the edition's dates and time zone.
DEVICE_CACHE_SECONDS = 60
_DEVICE_CACHE_MAX = 10_000
_device_cache: dict[str, tuple[float, ScanDevice]] = {}


class DeviceKeyRefused(PermissionDenied):
    """The key names no device that may send scans. ``code`` says why, for the
    phone: ``invalid_device_key`` (no such key) or ``device_revoked``."""

    def __init__(self, code: str, message):
        super().__init__(message)
        self.code = code


def _revoked():
    return DeviceKeyRefused(
        "device_revoked",
        _("This phone's scanning device was revoked; register the phone again to send scans."),
    )


def refused_device_key(raw: str) -> DeviceKeyRefused:
    """Why ``raw`` is refused (device_for_key gave None): revoked, or no such key.
    Only on the failure path, so it may cost a query."""
    if (
        raw
        and raw.startswith(ScanDevice.PREFIX)
        and ScanDevice.objects.filter(key_hash=hash_device_key(raw), revoked=True).exists()
    ):
        return _revoked()
    return DeviceKeyRefused(
        "invalid_device_key",
        _("This device key is not valid; register the phone as a scanning device again."),
    )


def device_for_key(raw: str) -> ScanDevice | None:
    if not raw or not raw.startswith(ScanDevice.PREFIX):
        return None
    key_hash = hash_device_key(raw)
    hit = _device_cache.get(key_hash)
    now = time.monotonic()
    if hit is not None and hit[0] > now:
        return hit[1]
    device = (
        ScanDevice.objects.select_related("edition__show")
        .filter(key_hash=key_hash, revoked=False)
        .first()
    )
    if device is None:
        _device_cache.pop(key_hash, None)
        return None
    if len(_device_cache) >= _DEVICE_CACHE_MAX:
        _device_cache.clear()
    _device_cache[key_hash] = (now + DEVICE_CACHE_SECONDS, device)
    return device


def _forget_device(device: ScanDevice):
    _device_cache.pop(device.key_hash, None)


# --- scans -------------------------------------------------------------------


@dataclass
class ScanItem:
    """One scan as sent. The API passes the values as read from the JSON (any
    type, None when absent), so one bad item is answered alone instead of
    failing its batch; _check_item reads and checks them."""

    nonce: object
    code: object
    scanned_at: object


def _item_error(nonce, code, message, field):
    return {"nonce": nonce, "status": "error", "code": code, "message": message, "field": field}


def _read_time(value) -> datetime | None:
    """An ISO 8601 date-time with its offset ("2024-01-10T18:00:00Z") → aware datetime."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not 10 <= len(value) <= 40:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when


def _check_item(item: ScanItem, tz, days) -> tuple[tuple[str, str, datetime] | None, dict | None]:
    """(nonce, code, time) read from the item, or the item's error naming its field."""
    nonce = item.nonce.strip() if isinstance(item.nonce, str) else ""
    if not nonce or len(nonce) > MAX_NONCE:
        return None, _item_error(
            item.nonce if isinstance(item.nonce, str) else "",
            "invalid",
            _("The nonce must be 1 to %(n)s characters.") % {"n": MAX_NONCE},
            "nonce",
        )
    code = item.code.strip() if isinstance(item.code, str) else ""
    if not code or len(code) > MAX_CODE:
        return None, _item_error(
            nonce,
            "invalid",
            _("The badge code must be 1 to %(n)s characters (not only spaces).") % {"n": MAX_CODE},
            "code",
        )
    when = _read_time(item.scanned_at)
    if when is None or timezone.is_naive(when):
        return None, _item_error(
            nonce,
            "invalid",
            _("Give the scan time as an ISO 8601 date and time with its time zone."),
            "scanned_at",
        )
    if when.astimezone(tz).date() not in days:
        return None, _item_error(
            nonce,
            "outside_edition",
            _("The scan time is not on one of the show's days."),
            "scanned_at",
        )
    return (nonce, code, when), None


def _nonce_reused(nonce):
    return _item_error(
        nonce,
        "nonce_reused",
        _("This nonce was already used for another badge code; give each scan its own nonce."),
        "nonce",
    )


def _same_code(sent: str, stored: str) -> bool:
    # An erased show badge's code is a hash of the code as read (erase_visitor).
    return sent == stored or stored == "erased-" + hashlib.sha256(sent.encode()).hexdigest()[:40]


def _insert_scans(device, items: list[tuple[str, str, datetime]]) -> dict[str, tuple[int, int]]:
    """Insert (nonce, code, scanned_at) scans of ``device`` for the codes that are
    badges of its edition, skipping (device, nonce) pairs already stored —
    atomically, so concurrent retries cannot both insert. One statement: the
    badge lookup is a join, and so is the device: a device revoked since it was
    looked up (and cached) inserts nothing. Returns the new rows: nonce →
    (scan id, badge id)."""
    if not items:
        return {}
    ops = connection.ops
    scan, badge = ops.quote_name(Scan._meta.db_table), ops.quote_name(Badge._meta.db_table)
    device_table = ops.quote_name(ScanDevice._meta.db_table)
    if connection.vendor == "postgresql":
        # Three array parameters: the statement's text is the same for every
        # batch size, so it is prepared once per connection and reused.
        rows = "SELECT * FROM unnest(%s::text[], %s::text[], %s::timestamptz[])"
        nonces, codes, times = (list(column) for column in zip(*items, strict=True))
        params = [nonces, codes, times]
    else:
        rows = "VALUES " + ", ".join(["(%s, %s, %s)"] * len(items))
        params = []
        for nonce, code, when in items:
            params += [nonce, code, ops.adapt_datetimefield_value(when)]
    now = ops.adapt_datetimefield_value(timezone.now())
    params += [device.pk, device.edition_id, now, device.pk, device.edition_id]
    # Only placeholders and our own table names are interpolated. "WHERE true"
    # keeps SQLite from reading ON CONFLICT as part of the join.
    sql = (
        f"WITH v (nonce, code, scanned_at) AS ({rows}) "  # noqa: S608
        f"INSERT INTO {scan} (device_id, edition_id, badge_id, nonce, scanned_at, received_at) "
        f"SELECT %s, %s, b.id, v.nonce, v.scanned_at, %s FROM v "
        f"JOIN {device_table} d ON d.id = %s AND NOT d.revoked "
        f"JOIN {badge} b ON b.edition_id = %s AND b.code = v.code WHERE true "
        # One insert order for every upload: a retry racing its first upload
        # (in any order, by any plan) waits for it instead of deadlocking.
        "ORDER BY v.nonce "
        "ON CONFLICT (device_id, nonce) DO NOTHING RETURNING id, nonce, badge_id"
    )
    with server_bound_cursor() as cursor:
        cursor.execute(sql, params)
        return {nonce: (pk, badge_id) for pk, nonce, badge_id in cursor.fetchall()}


def ingest_scans(*, device: ScanDevice, items: list[ScanItem]) -> list[dict]:
    """Store a batch of scans from one device; one answer per item, in order.

    Good items are stored even when others of the batch are refused. An item
    whose (device, nonce) is already stored gets the stored scan's answer.
    Show badges (any code not ours) are created on first sight; a code of
    ours that does not exist is refused. A booth device's scans make a lead
    per visitor for its company.

    Side effects: Scan rows, Badge rows for new show badges, Lead rows. No
    audit entry: the scans are their own trail (device, time read, time
    received), and the hot path stays at three statements.
    """
    if device.revoked:
        raise _revoked()
    if len(items) > MAX_BATCH:
        raise ValidationError({"scans": _("Send at most %(n)s scans at once.") % {"n": MAX_BATCH}})
    edition = device.edition
    answers: list[dict | None] = [None] * len(items)
    good: list[tuple[int, str, str, datetime]] = []
    tz, days = edition.tzinfo, set(edition.days)
    for i, item in enumerate(items):
        checked, error = _check_item(item, tz, days)
        if error is not None:
            answers[i] = error
        else:
            good.append((i, *checked))
    if not good:
        return answers
    # The code each nonce stands for: the first of the batch, unless stored before.
    codes: dict[str, str] = {}
    # A transaction only where several writes must go together (leads); a
    # single INSERT statement is atomic by itself, and each scan stands alone.
    with transaction.atomic() if device.company_id else nullcontext():
        unique = []
        for _i, nonce, code, when in good:
            if nonce not in codes:  # a nonce twice in a batch is one scan
                codes[nonce] = code
                unique.append((nonce, code, when))
        # The usual case in one statement: known badges, new nonces.
        stored = _insert_scans(device, unique)
        # Retries (and a race's loser) read the stored answer instead.
        _read_stored(device, unique, stored, codes)
        # Codes no badge has yet: a show badge is created on first sight.
        new_external = {
            code
            for nonce, code, _t in unique
            if nonce not in stored and not code.startswith(BADGE_PREFIX)
        }
        if new_external:
            stored.update(_add_show_badges(device, unique, new_external))
            # A concurrent retry may have stored the same scan of the new badge first.
            _read_stored(device, unique, stored, codes)
        # A nonce sent again with another code is not that scan: refused, and
        # the stored scan (and its lead) stay as they were.
        reused = {i for i, nonce, code, _t in good if not _same_code(code, codes[nonce])}
        if reused:
            good = [g for g in good if g[0] not in reused]
            for i in reused:
                answers[i] = _nonce_reused(items[i].nonce.strip())
        leads = _make_leads(device, good, stored) if device.company_id else {}
    for i, nonce, _code, _when in good:
        if nonce in stored:
            scan_id, badge_id = stored[nonce]
            answers[i] = {
                "nonce": nonce,
                "status": "ok",
                "scan_id": scan_id,
                "badge_id": badge_id,
                "lead_id": leads.get(badge_id),
            }
        else:
            answers[i] = _item_error(
                nonce, "unknown_badge", _("No badge of this edition has this code."), "code"
            )
    return answers


class _ScanLost(Exception):
    """A new show badge's scan lost its (device, nonce) to a concurrent upload."""


def _add_show_badges(device, unique, new_external: set[str]) -> dict[str, tuple[int, int]]:
    """Create the show badges ``new_external`` and store their scans, together.

    A badge is kept only with a scan: when a concurrent upload stored the
    same nonce first (with another code: a reused nonce), this upload's scan
    of the new badge is not stored, and the badge it created would be left
    with no scan. So badges and scans go in one savepoint; if a new badge got
    no scan, the savepoint is rolled back and redone without that code (its
    badge, created by no one else, is gone with the rollback; a badge another
    upload created and committed meanwhile is theirs and stays).
    """
    codes = set(new_external)
    while codes:
        items = [u for u in unique if u[1] in codes]
        try:
            with transaction.atomic():
                Badge.objects.bulk_create(
                    # Sorted, for one lock order across processes (a set's order is not).
                    [
                        Badge(edition_id=device.edition_id, code=c, external=True)
                        for c in sorted(codes)
                    ],
                    ignore_conflicts=True,
                )
                stored = _insert_scans(device, items)
                landed = {code for nonce, code, _t in items if nonce in stored}
                if codes - landed:
                    codes = landed
                    raise _ScanLost
                return stored
        except _ScanLost:
            continue
    return {}


def _read_stored(device, unique, stored: dict, codes: dict):
    """Add to ``stored`` the scans of ``unique`` already in the database, and
    to ``codes`` the badge code each of them was stored with.

    Raises DeviceKeyRefused if the device was revoked: the INSERT stored
    nothing for it, and its retries get no answers either."""
    again = [nonce for nonce, _c, _t in unique if nonce not in stored]
    if again:
        if ScanDevice.objects.filter(pk=device.pk, revoked=True).exists():
            _forget_device(device)
            raise _revoked()
        for pk, nonce, badge_id, code in Scan.objects.filter(
            device=device, nonce__in=again
        ).values_list("pk", "nonce", "badge_id", "badge__code"):
            stored[nonce] = (pk, badge_id)
            codes[nonce] = code


def _make_leads(device, good, stored) -> dict[int, int]:
    """One lead per visitor for a booth device's company (met when first scanned)."""
    first_seen: dict[int, datetime] = {}
    for _i, nonce, _code, when in good:
        if nonce in stored:
            badge_id = stored[nonce][1]
            first_seen[badge_id] = min(when, first_seen.get(badge_id, when))
    if not first_seen:
        return {}
    Lead.objects.bulk_create(
        [
            Lead(edition_id=device.edition_id, company_id=device.company_id, badge_id=b, met_at=t)
            # In badge order: two phones of one booth uploading the same
            # visitors lock their leads in one order, never crosswise.
            for b, t in sorted(first_seen.items())
        ],
        ignore_conflicts=True,
    )
    return dict(
        Lead.objects.filter(
            company_id=device.company_id, badge_id__in=list(first_seen)
        ).values_list("badge_id", "pk")
    )


# --- leads -------------------------------------------------------------------


@transaction.atomic
def update_lead(*, actor, lead: Lead, rating=None, interest: str = "", notes: str = "") -> Lead:
    """Rate and annotate a lead. Side effects: lead saved, audit entry."""
    if not permissions.can_edit_lead(actor, lead):
        raise PermissionDenied
    errors = {}
    if rating is not None and rating not in range(1, 6):
        errors["rating"] = _("Choose a rating from 1 to 5.")
    if interest and interest not in Interest.values:
        errors["interest"] = _("Choose export, investment or partnership.")
    if errors:
        raise ValidationError(errors)
    lead.rating, lead.interest, lead.notes = rating, interest or "", notes or ""
    lead.save(update_fields=["rating", "interest", "notes"])
    audit.record(
        actor=actor, action="lead.updated", obj=lead, organisation=lead.company.organisation
    )
    return lead


@transaction.atomic
def convert_lead(
    *,
    actor,
    lead: Lead,
    partner=None,
    kind: str = "",
    amount=None,
    currency: str = "",
):
    """Turn a lead into a consultation (source: booth lead), once.

    The buyer or investor is the badge's contact's partner unless one is
    given; with neither, it must be chosen (never a guess). ``kind`` defaults
    to the lead's interest; ``amount`` (optional, text as typed or Decimal)
    is in ``currency``, by default the edition's reporting currency. Every
    problem is raised at once, by field. Side effects: a Consultation (via
    log_consultation), the lead linked to it, audit entries.
    """
    lead = (
        Lead.objects.select_for_update(of=("self",))
        .select_related("badge__contact", "edition")
        .get(pk=lead.pk)
    )
    if not permissions.can_edit_lead(actor, lead):
        raise PermissionDenied
    if lead.consultation_id is not None:
        raise ValidationError({"__all__": _("This lead is already a consultation.")})
    if partner is None and lead.badge.contact_id:
        partner = lead.badge.contact.partner
    kind, amount, currency = consultation_services.check_consultation_from(
        partner=partner,
        kind=kind,
        amount=amount,
        currency=currency,
        default_kind=INTEREST_KIND.get(lead.interest, ConsultationKind.OTHER),
        default_currency=consultation_services.default_currency(lead.edition),
        partner_missing=_("Choose the buyer or investor the visitor works for."),
    )
    contact = (
        lead.badge.contact
        if lead.badge.contact and lead.badge.contact.partner_id == partner.pk
        else None
    )
    consultation = consultation_services.log_consultation(
        actor=actor,
        edition=lead.edition,
        company=lead.company,
        partner=partner,
        contact=contact,
        kind=kind,
        occurred_at=lead.met_at,
        amount=amount,
        currency=currency,
        source=Source.BOOTH_LEAD,
        notes=lead.notes,
    )
    lead.consultation = consultation
    lead.save(update_fields=["consultation"])
    audit.record(
        actor=actor,
        action="lead.converted",
        obj=lead,
        organisation=lead.company.organisation,
        consultation=consultation.pk,
    )
    return consultation
