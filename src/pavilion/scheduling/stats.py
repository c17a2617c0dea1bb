"""Figures that say how good a schedule is: counts, weight, fairness, idle gaps."""

from __future__ import annotations

from collections import defaultdict

from pavilion.scheduling.index import Indexed
from pavilion.scheduling.model import Problem, Solution


def idle_gaps(mask: int, day_masks: list[int]) -> int:
    """Free slots between a participant's first and last meeting, summed over the days."""
    gaps = 0
    for day_mask in day_masks:
        taken = mask & day_mask
        if taken:
            low = (taken & -taken).bit_length() - 1
            gaps += taken.bit_length() - low - taken.bit_count()
    return gaps


def summary(problem: Problem, solution: Solution) -> dict:
    """Scheduled, weight, fairness and idle gaps of any solution (ours or another tool's).

    Fairness counts only the companies that could have had a meeting at all
    (a request with a common free slot and a place), so a company nobody can
    meet does not hide how well the others were served.
    """
    idx = Indexed.of(problem)
    companies = {m.company_id() for m in problem.meetings if idx.common(m) & idx.places_mask(m)}
    per_company: dict[str, int] = defaultdict(int)
    busy: dict[str, int] = defaultdict(int)
    for a in solution.assignments:
        meeting = problem.meeting_by_id.get(a.meeting)
        slot = problem.slot_index.get(a.slot)
        if meeting is None or slot is None:
            continue  # the validator reports these
        per_company[meeting.company_id()] += 1
        for person in meeting.participants:
            busy[person] |= 1 << slot
    counts = [per_company[c] for c in companies]
    return {
        "scheduled": len(solution.assignments),
        "weight": sum(
            problem.meeting_by_id[a.meeting].weight
            for a in solution.assignments
            if a.meeting in problem.meeting_by_id
        ),
        "requested": len(problem.meetings),
        "min_meetings_per_company": min(counts, default=0),
        "companies_without_meetings": sum(1 for c in counts if c == 0),
        "idle_gaps": sum(idle_gaps(mask, idx.day_masks) for mask in busy.values()),
    }
