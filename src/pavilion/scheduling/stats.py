"""Figures that say how good a schedule is: counts, weight, fairness, idle gaps."""

from __future__ import annotations

from collections import defaultdict

from pavilion.scheduling.index import Indexed
from pavilion.scheduling.model import Problem, Solution


def idle_gaps(mask: int, day_masks: list[int]) -> int:
    """Free slots between a participant's first and last meeting, summed over the days."""
    return sum(day_gaps(mask & day_mask) for day_mask in day_masks)


def day_gaps(taken: int) -> int:
    """Free slots between the first and last of the slots ``taken`` (one day's)."""
    if not taken:
        return 0
    low = (taken & -taken).bit_length() - 1
    return taken.bit_length() - low - taken.bit_count()


def summary(problem: Problem, solution: Solution) -> dict:
    """Scheduled, weight, fairness and spread of any solution (ours or another tool's).

    Counts each meeting of the problem once, however many times a solution
    lists it (the validator reports the repeats). Fairness counts only the
    companies that could have had a meeting at all (a request with a common
    free slot, a place, and a day on which no participant's quota is 0), so a
    company nobody can meet does not hide how well the others were served.
    """
    idx = Indexed.of(problem)
    companies = {m.company_id() for m in problem.meetings if idx.feasible(m)}
    per_company: dict[str, int] = defaultdict(int)
    busy: dict[str, int] = defaultdict(int)
    per_day = [0] * len(problem.days)
    seen: set[str] = set()
    weight = 0
    for a in solution.assignments:
        meeting = problem.meeting_by_id.get(a.meeting)
        slot = problem.slot_index.get(a.slot)
        if meeting is None or slot is None or a.meeting in seen:
            continue  # the validator reports these
        seen.add(a.meeting)
        weight += meeting.weight
        per_company[meeting.company_id()] += 1
        per_day[idx.day_of[slot]] += 1
        for person in meeting.participants:
            busy[person] |= 1 << slot
    counts = [per_company[c] for c in companies]
    # Day balance: Σ over participants and days of (meetings that day)²; spreading a
    # participant's meetings over more days lowers it.
    balance = sum(
        sum((mask & day).bit_count() ** 2 for day in idx.day_masks) for mask in busy.values()
    )
    return {
        "scheduled": len(seen),
        "weight": weight,
        "requested": len(problem.meetings),
        "companies": len(companies),
        "min_meetings_per_company": min(counts, default=0),
        "companies_without_meetings": sum(1 for c in counts if c == 0),
        "meetings_per_day": dict(zip(problem.days, per_day, strict=True)),
        "day_balance": balance,
        "idle_gaps": sum(idle_gaps(mask, idx.day_masks) for mask in busy.values()),
    }
