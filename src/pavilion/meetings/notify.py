"""E-mails about meetings: requests, the published schedule, changes, reminders.

Each person gets their own e-mail in their language (``notifications.send_email``
queues it; the worker sends it after the commit). Called by the meeting services.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from pavilion.accounts.models import User
from pavilion.meetings.calendar import agenda_ics
from pavilion.meetings.models import Meeting, MeetingStatus
from pavilion.notifications import kinds
from pavilion.notifications.models import OutboxMessage
from pavilion.notifications.services import send_email, site_url


def people_of(*, company=None, partner=None) -> list[User]:
    """The signed-in people of a company or a partner who can receive mail."""
    users = User.objects.filter(is_active=True).exclude(email="")
    if company is not None:
        return list(users.filter(company=company))
    if partner is not None:
        return list(users.filter(partner=partner))
    return []


def _sides(obj) -> dict[str, list[User]]:
    return {
        "company": people_of(company=obj.company),
        "partner": people_of(partner=obj.partner),
    }


def _other_party(obj, side: str):
    """Who the people of ``side`` meet: the partner's name, or the company (whose name
    is rendered in the recipient's language)."""
    return obj.partner.name if side == "company" else obj.company


def request_received(*, actor, request, asking_side: str) -> int:
    """Tell the asked side that ``asking_side`` ("company" or "partner") asks to meet."""
    url = site_url(reverse("meeting-requests", args=[request.edition.slug]))
    asked = "partner" if asking_side == "company" else "company"
    sent = 0
    for user in _sides(request)[asked]:
        send_email(
            to=user,
            kind=kinds.MEETING_REQUEST_RECEIVED,
            subject=_("%(asker)s asks to meet you"),
            template="notifications/email/meeting_request_received",
            context={
                "asker": _other_party(request, asked),
                "edition": request.edition,
                "request": request,
                "action_url": url,
                "action_label": _("Answer the request"),
            },
            actor=actor,
            organisation=request.edition.show.organisation,
        )
        sent += 1
    return sent


def request_answered(*, actor, request, sides: tuple[str, ...]) -> int:
    """Tell ``sides`` that the request was accepted or declined."""
    accepted = request.status == "accepted"
    url = site_url(reverse("meeting-requests", args=[request.edition.slug]))
    people = _sides(request)
    sent = 0
    for side in sides:
        for user in people[side]:
            send_email(
                to=user,
                kind=kinds.MEETING_REQUEST_ANSWERED,
                subject=_("Meeting request with %(other)s accepted")
                if accepted
                else _("Meeting request with %(other)s declined"),
                template="notifications/email/meeting_request_answered",
                context={
                    "other": _other_party(request, side),
                    "edition": request.edition,
                    "request": request,
                    "accepted": accepted,
                    "action_url": url,
                    "action_label": _("See your meeting requests"),
                },
                actor=actor,
                organisation=request.edition.show.organisation,
            )
            sent += 1
    return sent


def _meetings_of(user, meetings):
    if user.company_id:
        return [m for m in meetings if m.company_id == user.company_id]
    return [m for m in meetings if m.partner_id == user.partner_id]


def _ics_for(user, edition, meetings) -> bytes:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        who = user.company.name if user.company_id else user.partner.name
        return agenda_ics(meetings, title=f"{edition.name} · {who}", base_url=site_url("/"))


def schedule_published(*, actor, edition) -> int:
    """Send each person of each company and partner with meetings their own agenda,
    with the agenda as an ICS file. Returns the number of e-mails queued."""
    meetings = list(
        Meeting.objects.filter(edition=edition, draft=False)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("slot", "table__room", "company", "partner", "edition")
        .order_by("slot__start")
    )
    companies = {m.company_id for m in meetings}
    partners = {m.partner_id for m in meetings}
    people = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(company_id__in=companies) | Q(partner_id__in=partners))
        .select_related("company", "partner")
    )
    url = site_url(reverse("agenda", args=[edition.slug]))
    sent = 0
    for user in people:
        own = _meetings_of(user, meetings)
        if not own:
            continue
        send_email(
            to=user,
            kind=kinds.SCHEDULE_PUBLISHED,
            subject=_("%(edition)s: your meeting schedule"),
            template="notifications/email/schedule_published",
            context={
                "edition": edition,
                "meetings": own,
                "action_url": url,
                "action_label": _("Open your agenda"),
            },
            attachments=[
                (f"agenda-{edition.slug}.ics", _ics_for(user, edition, own), "text/calendar")
            ],
            actor=actor,
            organisation=edition.show.organisation,
        )
        sent += 1
    return sent


def meeting_changed(*, actor, meeting, cancelled: bool = False, before=None) -> int:
    """Tell both sides that a published meeting moved (``before``: its old slot) or was
    cancelled. Drafts are nobody's business yet."""
    if meeting.draft:
        return 0
    url = site_url(reverse("meeting-detail", args=[meeting.pk]))
    sent = 0
    for side, people in _sides(meeting).items():
        for user in people:
            send_email(
                to=user,
                kind=kinds.MEETING_CHANGED,
                subject=_("Meeting with %(other)s cancelled")
                if cancelled
                else _("Meeting with %(other)s moved"),
                template="notifications/email/meeting_changed",
                context={
                    "other": _other_party(meeting, side),
                    "edition": meeting.edition,
                    "meeting": meeting,
                    "before": before,
                    "cancelled": cancelled,
                    "action_url": url,
                    "action_label": _("See the meeting"),
                },
                attachments=()
                if cancelled
                else [
                    (
                        f"meeting-{meeting.pk}.ics",
                        _ics_for(user, meeting.edition, [meeting]),
                        "text/calendar",
                    )
                ],
                actor=actor,
                organisation=meeting.edition.show.organisation,
            )
            sent += 1
    return sent


def _local_window(edition, day):
    zone = edition.tzinfo
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, start + timedelta(days=1)


def send_reminders(*, now=None) -> int:
    """Remind each person of their meetings tomorrow, tomorrow in the show's time zone.

    Runs from ``PAVILION_REMINDER_HOUR`` (show's time) the day before; once per person
    per show day whatever how often it runs, even from several workers at once (the
    outbox's unique ``dedupe_key`` has the last word). Returns e-mails queued now.
    """
    now = now or timezone.now()
    # Any edition's "tomorrow" lies within the next 48 hours.
    candidates = (
        Meeting.objects.filter(
            draft=False,
            status=MeetingStatus.SCHEDULED,
            slot__start__gte=now,
            slot__start__lt=now + timedelta(hours=50),
        )
        .select_related("slot", "table__room", "company", "partner", "edition__show")
        .order_by("slot__start")
    )
    by_person: dict[tuple[int, str], list[tuple[User, Meeting]]] = defaultdict(list)
    for meeting in candidates:
        edition = meeting.edition
        local_now = now.astimezone(edition.tzinfo)
        tomorrow = local_now.date() + timedelta(days=1)
        if local_now.hour < settings.PAVILION_REMINDER_HOUR:
            continue
        start, end = _local_window(edition, tomorrow)
        if not (start <= meeting.slot.start < end):
            continue
        for user in people_of(company=meeting.company) + people_of(partner=meeting.partner):
            key = (user.pk, tomorrow.isoformat())
            by_person[key].append((user, meeting))
    sent = 0
    for (user_pk, day), rows in by_person.items():
        key = f"meeting_reminder:{user_pk}:{day}"
        if OutboxMessage.objects.filter(dedupe_key=key).exists():
            continue
        user = rows[0][0]
        meetings = [m for _u, m in rows]
        edition = meetings[0].edition
        send_email(
            to=user,
            kind=kinds.MEETING_REMINDER,
            subject=_("Tomorrow at %(edition)s: your meetings"),
            template="notifications/email/meeting_reminder",
            context={
                "edition": edition,
                "meetings": meetings,
                "action_url": site_url(reverse("agenda", args=[edition.slug])),
                "action_label": _("Open your agenda"),
            },
            attachments=[
                (
                    f"agenda-{edition.slug}-{day}.ics",
                    _ics_for(user, edition, meetings),
                    "text/calendar",
                )
            ],
            organisation=edition.show.organisation,
            dedupe_key=key,
        )
        sent += 1
    return sent


def request_changed(*, actor, request, side: str, before: tuple) -> int:
    """After someone asked (``side``: company, partner or operator): the asked side
    hears of a new request; a request that became accepted (asked back, or arranged
    by an operator) is news for the other side(s). ``before``: (company_wants,
    partner_wants, status) before the change."""
    was_company, was_partner, was_status = before
    if request.status == "accepted" and was_status != "accepted":
        others = {"company": ("partner",), "partner": ("company",)}
        return request_answered(
            actor=actor, request=request, sides=others.get(side, ("company", "partner"))
        )
    newly = (side == "company" and not was_company) or (side == "partner" and not was_partner)
    if request.status == "pending" and newly:
        return request_received(actor=actor, request=request, asking_side=side)
    return 0
