"""Running the pure scheduler on an edition's records, and publishing its draft."""

from __future__ import annotations

import time
from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_tasks import task

from pavilion.accounts import permissions
from pavilion.companies.models import Participation
from pavilion.core import audit
from pavilion.meetings import busy
from pavilion.meetings.models import (
    LIVE,
    Meeting,
    MeetingRequest,
    PreferredTime,
    RequestStatus,
    ScheduleRun,
    Slot,
    Table,
    Unavailability,
)
from pavilion.meetings.services import quotas
from pavilion.scheduling import model as sm
from pavilion.scheduling.bound import upper_bound
from pavilion.scheduling.solver import solve


def build_problem(edition) -> tuple[sm.Problem, dict]:
    """The edition's accepted requests without a live meeting, as a scheduling problem.

    Slots already taken by a company's or partner's published meetings, and
    their unavailabilities, are unavailable; tables already used are closed.
    Returns the problem and a map from problem ids back to records.
    """
    slots = list(Slot.objects.filter(edition=edition))
    tables = list(Table.objects.filter(room__edition=edition).select_related("room"))
    live = list(Meeting.objects.filter(LIVE, edition=edition, draft=False))
    requests = list(
        MeetingRequest.objects.filter(edition=edition, status=RequestStatus.ACCEPTED)
        .exclude(meetings__in=[m.pk for m in live])
        .select_related("company", "partner")
    )
    tz = edition.tzinfo
    blocked: dict[str, set] = {}

    def block(key, slot):
        blocked.setdefault(key, set()).add(f"s{slot.pk}")

    booked = Counter()  # (participant, day) → published meetings, which use up the quota
    for meeting in live:
        block(f"c{meeting.company_id}", meeting.slot)
        block(f"p{meeting.partner_id}", meeting.slot)
        day = meeting.slot.start.astimezone(tz).date().isoformat()
        booked[(f"c{meeting.company_id}", day)] += 1
        booked[(f"p{meeting.partner_id}", day)] += 1
    for away in Unavailability.objects.filter(edition=edition):
        key = f"c{away.company_id}" if away.company_id else f"p{away.partner_id}"
        for slot in slots:
            if slot.start < away.end and slot.end > away.start:
                block(key, slot)
    # A company busy elsewhere (on the pitching stage) cannot meet anyone then.
    for company_id, start, end in busy.busy_times(edition):
        for slot in slots:
            if slot.start < end and slot.end > start:
                block(f"c{company_id}", slot)
    wished: dict[str, set] = {}
    for wish in PreferredTime.objects.filter(edition=edition):
        key = f"c{wish.company_id}" if wish.company_id else f"p{wish.partner_id}"
        for slot in slots:
            if slot.start < wish.end and slot.end > wish.start:
                wished.setdefault(key, set()).add(f"s{slot.pk}")
    used_tables = {(m.table_id, m.slot_id) for m in live if m.table_id}
    # A company with a booth at the edition may also meet there when the tables are full.
    with_booth = set(
        Participation.objects.filter(edition=edition, booth__isnull=False).values_list(
            "company_id", flat=True
        )
    )
    people = {f"c{r.company_id}" for r in requests} | {f"p{r.partner_id}" for r in requests}
    company_quota, partner_quota = quotas(edition)
    problem = sm.Problem(
        slots=[
            sm.Slot(
                id=f"s{s.pk}",
                day=s.start.astimezone(tz).date().isoformat(),
                start=s.start.astimezone(tz).isoformat(),
                end=s.end.astimezone(tz).isoformat(),
            )
            for s in slots
        ],
        tables=[
            sm.Table(
                id=f"t{t.pk}",
                room=t.room.name,
                unavailable=frozenset(f"s{s}" for tid, s in used_tables if tid == t.pk),
            )
            for t in tables
        ],
        participants=[
            sm.Participant(
                id=key,
                kind="company" if key.startswith("c") else "partner",
                unavailable=frozenset(blocked.get(key, ())),
                max_per_day=company_quota if key.startswith("c") else partner_quota,
                day_quota=_left_today(key, booked, company_quota, partner_quota),
                preferred=frozenset(wished.get(key, ())),
            )
            for key in sorted(people)
        ],
        meetings=[
            sm.Meeting(
                id=f"r{r.pk}",
                participants=(f"c{r.company_id}", f"p{r.partner_id}"),
                weight=2 if r.mutual else 1,
                places=(sm.TABLE, sm.BOOTH) if r.company_id in with_booth else (sm.TABLE,),
                company=f"c{r.company_id}",
            )
            for r in requests
        ],
    )
    return problem, {f"r{r.pk}": r for r in requests}


def start_run(*, actor, edition, time_limit: float = 30.0) -> ScheduleRun:
    """Queue a scheduler run in the background (the page shows its progress).

    Side effects: a ScheduleRun, a queued task once the transaction commits.
    """
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    run = ScheduleRun.objects.create(
        edition=edition, state=ScheduleRun.State.RUNNING, started_by=actor
    )
    transaction.on_commit(lambda: schedule_edition.enqueue(run.pk, time_limit))
    return run


def _left_today(key, booked, company_quota, partner_quota) -> tuple[tuple[str, int], ...]:
    """What a participant's daily quota leaves on the days it already has meetings."""
    quota = company_quota if key.startswith("c") else partner_quota
    if quota is None:
        return ()
    return tuple(sorted((day, max(0, quota - n)) for (who, day), n in booked.items() if who == key))


def run_scheduler(*, actor, edition, time_limit: float = 30.0) -> ScheduleRun:
    """Run the scheduler now, in this process (for scripts and tests)."""
    if not permissions.can_manage_edition(actor, edition):
        raise PermissionDenied
    run = ScheduleRun.objects.create(
        edition=edition, state=ScheduleRun.State.RUNNING, started_by=actor
    )
    return execute_run(run, time_limit=time_limit)


def _progress(run, value):
    run.progress = value
    ScheduleRun.objects.filter(pk=run.pk).update(progress=value)


def execute_run(run: ScheduleRun, *, time_limit: float = 30.0) -> ScheduleRun:
    """Replace the edition's draft with a new one from the scheduler.

    Side effects: draft Meetings (old drafts deleted), the run's figures, audit.
    """
    edition = run.edition
    try:
        problem, requests = build_problem(edition)
        _progress(run, 10)
        started = time.monotonic()
        bound = upper_bound(problem, time_limit=time_limit, fairness=False)
        _progress(run, 40)
        # The time limit covers the bound and the search (which stops early at the bound).
        left = max(1.0, time_limit - (time.monotonic() - started))
        solution = solve(problem, time_limit=left, bound=bound)
        _progress(run, 90)
    except Exception as exc:
        run.state = ScheduleRun.State.FAILED
        run.stats = {"error": str(exc)}
        run.save(update_fields=["state", "stats"])
        raise
    with transaction.atomic():
        Meeting.objects.filter(edition=edition, draft=True).delete()
        Meeting.objects.bulk_create(
            Meeting(
                edition=edition,
                request=requests[a.meeting],
                company_id=requests[a.meeting].company_id,
                partner_id=requests[a.meeting].partner_id,
                slot_id=int(a.slot[1:]),
                table_id=None if a.place == sm.BOOTH else int(a.place[1:]),
                draft=True,
            )
            for a in solution.assignments
        )
        run.state = ScheduleRun.State.DRAFT
        run.progress = 100
        run.stats = {
            **solution.stats,
            "upper_bound": solution.stats.get("upper_bound", bound.meetings),
            "upper_bound_weight": solution.stats.get("upper_bound_weight", bound.weight),
        }
        run.unscheduled = {
            str(requests[m].pk): reason for m, reason in solution.unscheduled.items()
        }
        run.save()
        audit.record(
            actor=run.started_by,
            action="meetings.scheduled",
            obj=run,
            organisation=edition.show.organisation,
            scheduled=len(solution.assignments),
            bound=run.stats["upper_bound"],
        )
    return run


@transaction.atomic
def publish(*, actor, run: ScheduleRun) -> int:
    """Make the draft the schedule everyone sees. Side effects: meetings, run, audit."""
    if not permissions.can_manage_edition(actor, run.edition):
        raise PermissionDenied
    published = Meeting.objects.filter(edition=run.edition, draft=True).update(draft=False)
    run.state = ScheduleRun.State.PUBLISHED
    run.save(update_fields=["state"])
    audit.record(
        actor=actor,
        action="meetings.published",
        obj=run,
        organisation=run.edition.show.organisation,
        meetings=published,
    )
    if published:
        # Each person gets their own agenda with its ICS (queued, sent after commit).
        from pavilion.meetings import notify

        notify.schedule_published(actor=actor, edition=run.edition)
    return published


@task()
def schedule_edition(run_id: int, time_limit: float = 30.0):
    """The background task: fetch the run by id and do it."""
    execute_run(ScheduleRun.objects.select_related("edition").get(pk=run_id), time_limit=time_limit)
