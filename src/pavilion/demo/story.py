"""The demo's records behind its figures (issue #15): CES 2024's published meeting
schedule (its scheduler run and meetings), its pitches and booth leads, each linked to
the consultation it produced; meeting requests to answer for every demo login, and
CES 2025's draft schedule for the operator to review and publish.

It draws from its own random generator, after everything else is made, so the
figures the demo reports stay exactly what they were.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, time, timedelta

from pavilion.consultations.models import Consultation
from pavilion.meetings import scheduling
from pavilion.meetings import services as meetings
from pavilion.meetings.models import (
    Meeting,
    MeetingRequest,
    RequestStatus,
    Room,
    ScheduleRun,
    Table,
)
from pavilion.scanning.models import Badge, Lead
from pavilion.stage.models import PitchSession, Stage

MESSAGES = [
    "Looking forward to meeting at CES.",
    "We would like to see your product and talk about distribution.",
    "Could we meet at the pavilion to discuss a pilot?",
]


def tell(*, edition, operator, companies, partners) -> None:
    """Give ``edition`` (a held show) the meetings, pitches and leads its consultations
    came from."""
    rng = random.Random(15)
    rows = list(
        Consultation.objects.filter(edition=edition)
        .select_related("company", "partner")
        .order_by("occurred_at", "pk")
    )
    _meetings(
        rng, edition, operator, [c for c in rows if c.source == "meeting"], companies, partners
    )
    _pitches(edition, [c for c in rows if c.source == "pitch"])
    _leads(edition, [c for c in rows if c.source == "booth_lead"])


def _meetings(rng, edition, operator, consulted, companies, partners):
    room = Room.objects.create(edition=edition, name="Business Lounge", location="LVCC North Hall")
    tables = Table.objects.bulk_create(Table(room=room, number=str(n)) for n in range(1, 9))
    slots = meetings.generate_slots(
        actor=operator,
        edition=edition,
        days=edition.days,
        opens=time(10),
        closes=time(18),
        minutes=30,
    )
    slots.sort(key=lambda s: s.start)
    busy: set = set()  # (slot, "c"/"p"/"t", id)
    requests: dict = {}

    def request_for(company, partner):
        key = (company.pk, partner.pk)
        if key not in requests:
            who = rng.choice(["company", "partner", "both"])
            requests[key] = MeetingRequest.objects.create(
                edition=edition,
                company=company,
                partner=partner,
                company_wants=who != "partner",
                partner_wants=who != "company",
                status="accepted",
                message=rng.choice(MESSAGES),
                created_by=operator,
            )
        return requests[key]

    def place(company, partner, near):
        """The slot nearest ``near`` on its day where both are free, and a table."""
        day = [s for s in slots if s.start.date() == near.date()] or slots
        for slot in sorted(day, key=lambda s: abs(s.start - near)):
            if (slot.pk, "c", company.pk) in busy or (slot.pk, "p", partner.pk) in busy:
                continue
            table = next((t for t in tables if (slot.pk, "t", t.pk) not in busy), None)
            busy.update({(slot.pk, "c", company.pk), (slot.pk, "p", partner.pk)})
            if table is not None:
                busy.add((slot.pk, "t", table.pk))
            return slot, table
        return None, None

    made = []
    for c in consulted:
        # The meeting ran in the half hour the consultation was logged in.
        slot, table = place(
            c.company, c.partner, c.occurred_at - timedelta(minutes=c.occurred_at.minute % 30)
        )
        if slot is None:
            continue
        made.append(
            Meeting(
                edition=edition,
                request=request_for(c.company, c.partner),
                company=c.company,
                partner=c.partner,
                slot=slot,
                table=table,
                status="held",
                consultation=c,
            )
        )
    # Meetings that produced no consultation: no-shows and cancellations.
    for status, count in (("no_show", 14), ("cancelled", 9)):
        for _i in range(count):
            company, partner = rng.choice(companies), rng.choice(partners)
            slot, table = place(company, partner, rng.choice(slots).start)
            if slot is None:
                continue
            made.append(
                Meeting(
                    edition=edition,
                    request=request_for(company, partner),
                    company=company,
                    partner=partner,
                    slot=slot,
                    table=table,
                    status=status,
                )
            )
    Meeting.objects.bulk_create(made)
    _published_run(edition, operator, made, slots)


def _published_run(edition, operator, made, slots) -> ScheduleRun:
    """The scheduler run the meetings above were published from, with the figures the
    operator saw then (each consultation's meeting was asked for and placed; no-shows
    and cancellations happened at the show, after publishing)."""
    tz = edition.tzinfo
    order = {slot.pk: n for n, slot in enumerate(slots)}  # slots sorted by start
    per_day = Counter(m.slot.start.astimezone(tz).date().isoformat() for m in made)
    taken: dict = {}  # (participant, day) → slot positions
    for m in made:
        day = m.slot.start.astimezone(tz).date()
        for who in (f"c{m.company.pk}", f"p{m.partner.pk}"):
            taken.setdefault((who, day), []).append(order[m.slot.pk])
    gaps = sum(max(p) - min(p) + 1 - len(set(p)) for p in taken.values())
    companies = {m.company.pk for m in made}
    run = ScheduleRun.objects.create(
        edition=edition,
        state=ScheduleRun.State.PUBLISHED,
        progress=100,
        started_by=operator,
        stats={
            "scheduled": len(made),
            "requested": len(made),
            "upper_bound": len(made),
            "optimal": True,
            "companies": len(companies),
            "companies_without_meetings": 0,
            "meetings_per_day": dict(sorted(per_day.items())),
            "idle_gaps": gaps,
        },
    )
    # Run a week before the show opened (auto_now_add would say today).
    before = datetime.combine(edition.start_date - timedelta(days=6), time(17), tzinfo=UTC)
    ScheduleRun.objects.filter(pk=run.pk).update(started_at=before)
    return run


def _pitches(edition, pitched):
    """One pitch on the stage per company, before the first consultation it brought."""
    stage = Stage.objects.create(
        edition=edition, name="Eureka Park Stage", location="Venetian Expo"
    )
    by_company: dict = {}
    for c in pitched:
        by_company.setdefault(c.company_id, []).append(c)
    taken = []
    for company_id, items in by_company.items():
        first = min(c.occurred_at for c in items)
        start = first.replace(minute=0) - timedelta(hours=1)
        while any(start < end and start + timedelta(minutes=15) > begin for begin, end in taken):
            start -= timedelta(minutes=15)
        taken.append((start, start + timedelta(minutes=15)))
        session = PitchSession.objects.create(
            stage=stage,
            company_id=company_id,
            title=f"{items[0].company.name_en}: what we bring to CES",
            start=start,
            end=start + timedelta(minutes=15),
        )
        session.consultations.set(items)


def _leads(edition, from_leads):
    """Each booth-lead consultation from a lead of its company: one the booth scanned, or
    a badge the booth met without scanning it at the entrance (no visitor is added)."""
    free: dict = {}
    for lead in Lead.objects.filter(edition=edition, consultation__isnull=True).order_by("met_at"):
        free.setdefault(lead.company_id, []).append(lead)
    for i, c in enumerate(from_leads):
        lead = (free.get(c.company_id) or [None]).pop(0) if free.get(c.company_id) else None
        if lead is None:
            badge = Badge.objects.create(
                edition=edition,
                code=f"PVB1-demo-lead-{edition.slug}-{i}",
                name=f"Visitor from {c.partner.name}",
                company_name=c.partner.name,
                country=c.partner.country,
                kind="buyer",
            )
            lead = Lead.objects.create(
                edition=edition, company=c.company, badge=badge, met_at=c.occurred_at
            )
        lead.consultation = c
        lead.save(update_fields=["consultation"])


def requests_to_answer(*, edition, company, partner, partners, companies) -> None:
    """The demo exhibitor and the demo buyer each get requests asked of them (to accept
    or decline) and requests they asked (waiting for the other side)."""
    taken = set(
        MeetingRequest.objects.filter(edition=edition).values_list("company_id", "partner_id")
    )
    rows = []
    others = [p for p in partners if (company.pk, p.pk) not in taken and p != partner][:4]
    for n, other in enumerate(others):
        rows.append((company, other, n % 2 == 0))  # company asked on even rows
    firms = [c for c in companies if (c.pk, partner.pk) not in taken and c != company][:4]
    for n, firm in enumerate(firms):
        rows.append((firm, partner, n % 2 == 1))
    MeetingRequest.objects.bulk_create(
        MeetingRequest(
            edition=edition,
            company=firm,
            partner=buyer,
            company_wants=company_asked,
            partner_wants=not company_asked,
            status="pending",
            message=MESSAGES[n % len(MESSAGES)],
        )
        for n, (firm, buyer, company_asked) in enumerate(rows)
    )


def draft_to_review(*, edition, operator) -> ScheduleRun:
    """The planned edition's draft schedule, made by the scheduler itself from its accepted
    requests, slots and tables, for the operator to review and publish. One buyer has
    cancelled its trip, so its requests are left out with their reason."""
    away = (
        MeetingRequest.objects.filter(edition=edition, status=RequestStatus.ACCEPTED)
        .order_by("partner__name", "pk")
        .first()
        .partner
    )
    first, last = edition.days[0], edition.days[-1]
    meetings.mark_unavailable(
        actor=operator,
        edition=edition,
        partner=away,
        start=datetime.combine(first, time(0), tzinfo=edition.tzinfo),
        end=datetime.combine(last + timedelta(days=1), time(0), tzinfo=edition.tzinfo),
        reason="Trip cancelled",
    )
    return scheduling.run_scheduler(actor=operator, edition=edition, time_limit=10)
