"""Writes about meetings: slots, requests, bookings, status. Each in one transaction.

Bookings rely on the database's partial unique constraints for the final
word, so concurrent attempts at the same table and slot cannot both succeed:
the loser gets a :class:`BookingConflict` with a stable code.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pavilion.accounts import permissions
from pavilion.core import audit
from pavilion.core.datetimes import format_clock, format_when
from pavilion.meetings import busy, notify
from pavilion.meetings.models import (
    LIVE,
    Meeting,
    MeetingRequest,
    MeetingRules,
    MeetingStatus,
    PreferredTime,
    RequestStatus,
    Slot,
    Unavailability,
)


class BookingConflict(Exception):
    """A booking that would double-book someone or something. ``code`` is for machines."""

    MESSAGES = {
        "table_taken": gettext_lazy("The table is already taken in this slot."),
        "company_busy": gettext_lazy("The company already has a meeting in this slot."),
        "partner_busy": gettext_lazy("The buyer or investor already has a meeting in this slot."),
        "unavailable": gettext_lazy("Someone is unavailable in this slot."),
        "on_stage": gettext_lazy("The company pitches on the stage during this slot."),
        "quota_reached": gettext_lazy(
            "Someone already has as many meetings that day as the rules allow."
        ),
        "conflict": gettext_lazy("This slot is no longer free."),
    }

    def __init__(self, code: str):
        self.code = code
        # Lazy: rendered in the language active when it is shown, not at import time.
        self.message = self.MESSAGES.get(code, self.MESSAGES["conflict"])
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)


def _constraint_code(error: IntegrityError) -> str:
    text = str(error)
    for name, code in (
        ("one_meeting_per_table_and_slot", "table_taken"),
        ("company_not_double_booked", "company_busy"),
        ("partner_not_double_booked", "partner_busy"),
    ):
        if name in text:
            return code
    # SQLite names the columns instead of the constraint.
    if "table_id" in text:
        return "table_taken"
    if "company_id" in text:
        return "company_busy"
    if "partner_id" in text:
        return "partner_busy"
    return "conflict"


@transaction.atomic
def generate_slots(
    *,
    actor,
    edition,
    days: list[date],
    opens: time,
    closes: time,
    minutes: int,
    breaks: list[tuple[time, time]] = (),
) -> list[Slot]:
    """Create the slots of the given days (in the show's time zone); existing ones are kept.

    Side effects: Slot rows, one audit entry.
    """
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    if minutes < 5 or opens >= closes:
        raise ValidationError({"minutes": _("Give a slot length and a window that fit.")})
    outside = [d for d in days if d not in edition.days]
    if outside:
        raise ValidationError({"days": _("Not a day of the show: %s") % outside[0]})
    zone = edition.tzinfo
    planned = []
    for day in days:
        start = datetime.combine(day, opens, tzinfo=zone)
        end_of_day = datetime.combine(day, closes, tzinfo=zone)
        while start + timedelta(minutes=minutes) <= end_of_day:
            end = start + timedelta(minutes=minutes)
            in_break = any(
                start < datetime.combine(day, b_end, tzinfo=zone)
                and end > datetime.combine(day, b_start, tzinfo=zone)
                for b_start, b_end in breaks
            )
            if not in_break:
                planned.append((start, end))
            start = end
    # A slot that overlaps another would let one person sit two meetings at once:
    # the same slot again is kept, any other overlap refuses the whole request.
    existing = list(Slot.objects.filter(edition=edition).select_for_update())
    kept = {(slot.start, slot.end) for slot in existing}
    new = [(start, end) for start, end in planned if (start, end) not in kept]
    for start, end in new:
        clash = next((s for s in existing if s.start < end and s.end > start), None)
        if clash is not None:
            raise ValidationError(
                {
                    "opens": _(
                        "A slot from %(start)s to %(end)s would overlap the existing slot "
                        "%(other)s: line the times up with the existing slots, or remove "
                        "those first."
                    )
                    % {
                        "start": format_when(start, edition),
                        "end": format_clock(end, edition),
                        "other": f"{format_when(clash.start, edition)}–"
                        f"{format_clock(clash.end, edition)}",
                    }
                }
            )
    created = Slot.objects.bulk_create([Slot(edition=edition, start=s, end=e) for s, e in new])
    audit.record(
        actor=actor,
        action="meetings.slots_generated",
        obj=edition,
        organisation=edition.show.organisation,
        slots=len(created),
    )
    return created


def _side(actor, company, partner) -> str:
    if permissions.can_manage_organisation(actor, company.organisation_id):
        return "operator"
    if actor.is_exhibitor and actor.company_id == company.pk:
        return "company"
    if actor.is_partner_contact and actor.partner_id == partner.pk:
        return "partner"
    raise PermissionDenied


@transaction.atomic
def request_meeting(*, actor, edition, company, partner, message: str = "") -> MeetingRequest:
    """Ask to meet. Asking the same pair again from the other side makes it mutual;
    an operator asks for both sides and accepts at once.

    Side effects: a MeetingRequest created or updated, one audit entry.
    """
    side = _side(actor, company, partner)
    org = edition.show.organisation_id
    if company.organisation_id != org or partner.organisation_id != org:
        raise PermissionDenied
    req, created = MeetingRequest.objects.select_for_update().get_or_create(
        edition=edition, company=company, partner=partner, defaults={"created_by": actor}
    )
    already = (side == "company" and req.company_wants) or (side == "partner" and req.partner_wants)
    if not created and already:
        # Asking twice changes nothing: the first message stays what the other side reads.
        raise ValidationError(
            _("You already asked to meet them (%(state)s); your first message is kept.")
            % {"state": req.get_status_display()},
            code="already_asked",
        )
    before = (req.company_wants, req.partner_wants, req.status)
    if side in ("company", "operator"):
        req.company_wants = True
    if side in ("partner", "operator"):
        req.partner_wants = True
    if message and req.message and message != req.message:
        # The other side answers by asking too: both messages stay, each with its author.
        req.message = f"{req.message}\n\n{_side_name(side, company, partner)}: {message}"
    elif message:
        req.message = message
    if side == "operator" or req.mutual:
        req.status, req.answered_at = RequestStatus.ACCEPTED, timezone.now()
    req.save()
    audit.record(
        actor=actor, action="meetings.requested", obj=req, organisation=company.organisation
    )
    notify.request_changed(actor=actor, request=req, side=side, before=before)
    return req


def _side_name(side, company, partner) -> str:
    return {"company": company.name, "partner": partner.name}.get(side, _("The agency"))


@transaction.atomic
def answer_request(*, actor, request: MeetingRequest, accept: bool) -> MeetingRequest:
    """The side that was asked accepts or declines. Side effects: save, audit entry."""
    side = _side(actor, request.company, request.partner)
    asked_side = "partner" if request.company_wants else "company"
    if side not in ("operator", asked_side):
        raise PermissionDenied
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])
    audit.record(
        actor=actor,
        action="meetings.request_answered",
        obj=request,
        organisation=request.company.organisation,
        accepted=accept,
    )
    # The side that asked learns the answer; both sides when an operator answered.
    asking_side = "company" if asked_side == "partner" else "partner"
    notify.request_answered(
        actor=actor,
        request=request,
        sides=("company", "partner") if side == "operator" else (asking_side,),
    )
    return request


def unavailable(edition, *, company, partner, slot) -> bool:
    """Whether the company or the partner marked themselves unavailable during the slot."""
    return (
        Unavailability.objects.filter(edition=edition, start__lt=slot.end, end__gt=slot.start)
        .filter(Q(company=company) | Q(partner=partner))
        .exists()
    )


def on_stage(edition, *, company, slot) -> bool:
    """Whether the company pitches on the stage during the slot (issue #6)."""
    return busy.company_busy(edition, company=company, start=slot.start, end=slot.end)


def quotas(edition) -> tuple[int | None, int | None]:
    rules = MeetingRules.objects.filter(edition=edition).first()
    return (rules.company_daily_quota, rules.partner_daily_quota) if rules else (None, None)


def over_quota(edition, *, company, partner, slot, exclude=None) -> bool:
    """Whether one more meeting that show day would break the edition's daily quotas."""
    company_quota, partner_quota = quotas(edition)
    if company_quota is None and partner_quota is None:
        return False
    local = slot.start.astimezone(edition.tzinfo).date()
    start = datetime.combine(local, time.min, tzinfo=edition.tzinfo)
    same_day = Meeting.objects.filter(
        LIVE, edition=edition, slot__start__gte=start, slot__start__lt=start + timedelta(days=1)
    ).exclude(pk=exclude.pk if exclude else None)
    return (
        company_quota is not None and same_day.filter(company=company).count() >= company_quota
    ) or (partner_quota is not None and same_day.filter(partner=partner).count() >= partner_quota)


def _check_booking(actor, edition, *, company, partner, slot, table, exclude=None):
    """What booking and moving both check before the database has the last word."""
    if not permissions.can_manage_organisation(actor, edition.show.organisation_id):
        raise PermissionDenied
    if slot.edition_id != edition.pk or (table is not None and table.room.edition_id != edition.pk):
        raise ValidationError({"slot": _("The slot or table belongs to another edition.")})
    if unavailable(edition, company=company, partner=partner, slot=slot):
        raise BookingConflict("unavailable")
    if on_stage(edition, company=company, slot=slot):
        raise BookingConflict("on_stage")
    if over_quota(edition, company=company, partner=partner, slot=slot, exclude=exclude):
        raise BookingConflict("quota_reached")


@transaction.atomic
def move_meeting(*, actor, meeting: Meeting, slot, table=None) -> Meeting:
    """Move a meeting to another slot and table (or the booth), with the same checks as booking."""
    edition = meeting.edition
    _check_booking(
        actor,
        edition,
        company=meeting.company,
        partner=meeting.partner,
        slot=slot,
        table=table,
        exclude=meeting,
    )
    before = (meeting.slot_id, meeting.table_id)
    old = {"slot": meeting.slot, "table": meeting.table}
    meeting.slot, meeting.table = slot, table
    try:
        with transaction.atomic():
            meeting.save(update_fields=["slot", "table"])
    except IntegrityError as exc:
        meeting.slot_id, meeting.table_id = before
        raise BookingConflict(_constraint_code(exc)) from exc
    audit.record(
        actor=actor,
        action="meetings.moved",
        obj=meeting,
        organisation=edition.show.organisation,
        before=list(before),
    )
    notify.meeting_changed(actor=actor, meeting=meeting, before=old)
    return meeting


@transaction.atomic
def swap_meetings(*, actor, first: Meeting, second: Meeting) -> tuple[Meeting, Meeting]:
    """Exchange the slots and tables of two meetings (neither is ever double-booked)."""
    if first.edition_id != second.edition_id:
        raise ValidationError({"meeting": _("The meetings belong to different editions.")})
    a_slot, a_table = first.slot, first.table
    b_slot, b_table = second.slot, second.table
    # Park the first one, so the constraints hold at every step.
    first.status = MeetingStatus.CANCELLED
    first.save(update_fields=["status"])
    move_meeting(actor=actor, meeting=second, slot=a_slot, table=a_table)
    first.status = MeetingStatus.SCHEDULED
    first.slot, first.table = b_slot, b_table
    try:
        with transaction.atomic():
            first.save(update_fields=["status", "slot", "table"])
    except IntegrityError as exc:
        raise BookingConflict(_constraint_code(exc)) from exc
    notify.meeting_changed(actor=actor, meeting=first, before={"slot": a_slot, "table": a_table})
    return first, second


def book_meeting(
    *, actor, edition, company, partner, slot, table=None, request=None, draft=False
) -> Meeting:
    """Book a meeting in a slot at a table (or at the booth when ``table`` is None).

    Raises BookingConflict (with a code) when the slot is not free for the
    company, the partner or the table, also when another booking won a race.
    Side effects: one Meeting, one audit entry.
    """
    _check_booking(actor, edition, company=company, partner=partner, slot=slot, table=table)
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                edition=edition,
                request=request,
                company=company,
                partner=partner,
                slot=slot,
                table=table,
                draft=draft,
            )
            audit.record(
                actor=actor,
                action="meetings.booked",
                obj=meeting,
                organisation=company.organisation,
                draft=draft,
            )
    except IntegrityError as exc:
        raise BookingConflict(_constraint_code(exc)) from exc
    return meeting


@transaction.atomic
def set_status(*, actor, meeting: Meeting, status: str) -> Meeting:
    """Held, no-show or cancelled: one tap after the meeting. Side effects: save, audit."""
    if status not in MeetingStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    allowed = permissions.can_manage_organisation(actor, meeting.company.organisation_id) or (
        actor.is_exhibitor and actor.company_id == meeting.company_id
    )
    if not allowed:
        raise PermissionDenied
    previous = meeting.status
    meeting.status = status
    meeting.save(update_fields=["status"])
    if status == MeetingStatus.CANCELLED and previous != MeetingStatus.CANCELLED:
        notify.meeting_changed(actor=actor, meeting=meeting, cancelled=True)
    audit.record(
        actor=actor,
        action="meetings.status",
        obj=meeting,
        organisation=meeting.company.organisation,
        status=status,
    )
    return meeting


@transaction.atomic
def record_as_consultation(*, actor, meeting: Meeting, kind: str, amount=None, currency="USD"):
    """Turn a held meeting into a consultation record in one step."""
    from pavilion.consultations import services as consultation_services

    if meeting.status != MeetingStatus.HELD:
        raise ValidationError({"status": _("Only a held meeting becomes a consultation.")})
    if meeting.consultation_id:
        return meeting.consultation
    consultation = consultation_services.log_consultation(
        actor=actor,
        edition=meeting.edition,
        company=meeting.company,
        partner=meeting.partner,
        kind=kind,
        occurred_at=meeting.slot.start,
        currency=currency,
        amount=amount,
        source="meeting",
    )
    meeting.consultation = consultation
    meeting.save(update_fields=["consultation"])
    return consultation


@transaction.atomic
def mark_unavailable(*, actor, edition, company=None, partner=None, start, end, reason=""):
    """A company or partner marks a time it cannot meet. Side effects: a row, audit."""
    _check_party_time(actor, edition, company, partner, start, end)
    item = Unavailability.objects.create(
        edition=edition, company=company, partner=partner, start=start, end=end, reason=reason
    )
    audit.record(
        actor=actor, action="meetings.unavailable", obj=item, organisation=edition.show.organisation
    )
    return item


def _check_party_time(actor, edition, company, partner, start, end):
    """Who may mark a company's or partner's times, and a time that makes sense."""
    party = company or partner
    if party is None or (company is not None and partner is not None):
        raise ValidationError(_("Say who is unavailable: a company or a buyer or investor."))
    allowed = permissions.can_manage_organisation(actor, party.organisation_id) or (
        (company is not None and actor.is_exhibitor and actor.company_id == company.pk)
        or (partner is not None and actor.is_partner_contact and actor.partner_id == partner.pk)
    )
    if not allowed or party.organisation_id != edition.show.organisation_id:
        raise PermissionDenied
    if end <= start:
        raise ValidationError({"end": _("The end is before the start.")})
    zone, days = edition.tzinfo, edition.days
    # The end is exclusive: a time up to midnight ends on its own day.
    last = (end - timedelta(microseconds=1)).astimezone(zone).date()
    if start.astimezone(zone).date() not in days or last not in days:
        raise ValidationError(
            {
                "start": _("Choose a time within the show's days (%(first)s to %(last)s).")
                % {"first": format_when(edition.start_date), "last": format_when(edition.end_date)}
            }
        )


@transaction.atomic
def mark_preferred(*, actor, edition, company=None, partner=None, start, end):
    """A company or partner says when it would rather meet. Side effects: a row, audit."""
    _check_party_time(actor, edition, company, partner, start, end)
    item = PreferredTime.objects.create(
        edition=edition, company=company, partner=partner, start=start, end=end
    )
    audit.record(
        actor=actor, action="meetings.preferred", obj=item, organisation=edition.show.organisation
    )
    return item
