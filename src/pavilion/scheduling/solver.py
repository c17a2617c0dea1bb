"""The scheduler: LP-guided greedy with fairness first, then ejection-chain repairs.

The LP of the upper bound (``bound.py``) is nearly integral on real-shaped
instances: it says which meetings an optimal schedule holds and on which day.
The solver turns that into slots:

1. Fairness: the companies with the fewest options go first, and each gets
   one meeting (the one the LP likes best) before any company gets a second.
2. Greedy: meetings by LP value, weight, then fewest options; each on the day
   the LP chose when it can, in the slot next to its participants' other
   meetings (fewer idle gaps). Meetings that may use a booth sit there while
   placing, so the tables — the bottleneck — go to meetings that need one.
3. Repair: an unplaced meeting takes a slot by pushing out the meetings in
   its way, which are re-placed elsewhere (recursively, to a small depth);
   a chain that fails is rolled back.
4. Fairness repair: a company still without a meeting may take a slot from a
   company that has several, when that costs no meeting overall.
5. Polish: meetings move within their day to close idle gaps; booth
   meetings move to free tables.

Deterministic (ties broken by ids, no randomness) for a given time limit that
is not reached. Business infeasibility is never an exception: every unplaced
meeting gets a reason.
"""

from __future__ import annotations

import time
from collections import defaultdict

from pavilion.scheduling.index import Indexed, bits
from pavilion.scheduling.model import BOOTH, TABLE, Assignment, Problem, Solution
from pavilion.scheduling.state import State
from pavilion.scheduling.stats import idle_gaps, summary

__all__ = ["solve", "summary"]


def solve(
    problem: Problem,
    *,
    time_limit: float = 60.0,
    hints: dict[str, float] | None = None,
    days: dict[str, str] | None = None,
    fairness: bool = True,
) -> Solution:
    """Place as many (and as valuable) meetings as possible; explain the rest.

    ``hints`` (meeting id → LP value) and ``days`` (meeting id → the day the
    LP holds it) come from :func:`pavilion.scheduling.bound.upper_bound`
    (``bound.values``, ``bound.days``); without them the greedy orders by
    weight and options alone.
    """
    started = time.monotonic()
    deadline = started + time_limit
    idx = Indexed.of(problem)
    state = State(idx)
    meetings = problem.meetings
    hints = hints or {}
    day_index = {day: d for d, day in enumerate(problem.days)}
    preferred = [day_index.get((days or {}).get(m.id, ""), -1) for m in meetings]
    options = [state.candidates(i).bit_count() for i in range(len(meetings))]
    order = sorted(
        (i for i in range(len(meetings)) if options[i]),
        key=lambda i: (-round(hints.get(meetings[i].id, 0.0), 6), -meetings[i].weight,
                       options[i], meetings[i].id),
    )  # fmt: skip

    def place_greedily(i: int) -> bool:
        mask = state.candidates(i)
        if not mask:
            return False
        if preferred[i] >= 0 and mask & idx.day_masks[preferred[i]]:
            mask &= idx.day_masks[preferred[i]]
        state.place(i, state.best_slot(i, mask))
        return True

    if fairness:
        by_company: dict[str, list[int]] = defaultdict(list)
        for i in order:
            by_company[meetings[i].company_id()].append(i)
        for company in sorted(by_company, key=lambda c: (len(by_company[c]), c)):
            for i in by_company[company]:
                if place_greedily(i):
                    break
    for i in order:
        if i not in state.placed:
            place_greedily(i)
    # Deep repairs where the LP says a meeting belongs in an optimal schedule, then a
    # shallow one for every other meeting, while time remains.
    for depth, wanted in ((2, True), (1, False)):
        for i in order:
            if time.monotonic() > deadline:
                break
            if i not in state.placed and (hints.get(meetings[i].id, 0.0) > 0.5) == wanted:
                state.journal.clear()
                _insert(state, i, depth, frozenset())
    state.journal.clear()
    if fairness:
        _serve_companies_without_meetings(state, order, deadline)
    _close_gaps(state, deadline)
    state.to_tables()
    return _solution(problem, idx, state, started)


def _insert(state: State, i: int, depth: int, frozen: frozenset[int]) -> bool:
    """Place meeting i, pushing out and re-placing the meetings in its way (up to depth).

    ``frozen`` meetings were just placed by this chain and may not be pushed
    out again. On failure every change is rolled back.
    """
    mask = state.candidates(i)
    if mask:
        state.place(i, state.best_slot(i, mask))
        return True
    if depth == 0:
        return False
    frozen = frozen | {i}
    # A table meeting re-placed elsewhere needs a free table there.
    tables_left = bool(state.idx.table_mask & ~state.full)
    for slot in bits(state.possible[i] & state.open_days(i)):
        out = state.blockers(i, slot)
        if out & frozen:
            continue
        extras: list[int | None] = [None]
        table_taken = any(state.placed[b][1] == TABLE for b in out)
        if state.needs_table[i] and state.full >> slot & 1 and not table_taken:
            if not tables_left:
                continue
            extras = sorted(state.at_table[slot] - frozen)[:4]
        for extra in extras:
            evicted = sorted(out | ({extra} if extra is not None else set()))
            mark = state.mark()
            for b in evicted:
                state.remove(b)
            if state.candidates(i) >> slot & 1:
                state.place(i, slot)
                if all(_insert(state, b, depth - 1, frozen) for b in evicted):
                    return True
            state.rollback(mark)
    return False


def _serve_companies_without_meetings(state: State, order: list[int], deadline: float):
    """Give a meeting to each company with none, at no cost in meetings overall.

    First by a deeper repair; else by taking the slot of a meeting whose
    company has others, when that meeting cannot move (one for one).
    """
    meetings = state.meetings
    per_company: dict[str, int] = defaultdict(int)
    for m in state.placed:
        per_company[meetings[m].company_id()] += 1
    by_company: dict[str, list[int]] = defaultdict(list)
    for i in order:
        by_company[meetings[i].company_id()].append(i)
    for company, mine in sorted(by_company.items()):
        if per_company[company] or time.monotonic() > deadline:
            continue
        for i in mine:
            state.journal.clear()
            if _insert(state, i, 2, frozenset()) or _take_a_slot(state, i, per_company):
                per_company[company] += 1
                break
    state.journal.clear()


def _take_a_slot(state: State, i: int, per_company: dict[str, int]) -> bool:
    """Place i by pushing out one meeting of a company with several, re-placing it if it can."""
    meetings = state.meetings
    for slot in bits(state.possible[i] & state.open_days(i)):
        out = state.blockers(i, slot)
        if len(out) != 1:
            continue
        (b,) = out
        if per_company[meetings[b].company_id()] < 2:
            continue
        mark = state.mark()
        state.remove(b)
        if state.candidates(i) >> slot & 1:
            state.place(i, slot)
            if not _insert(state, b, 1, frozenset({i})):
                per_company[meetings[b].company_id()] -= 1
            return True
        state.rollback(mark)
    return False


def _close_gaps(state: State, deadline: float):
    """Move meetings within their day when that leaves their participants fewer idle gaps."""
    idx = state.idx
    for _sweep in range(2):
        improved = False
        for m in sorted(state.placed):
            if time.monotonic() > deadline:
                return
            slot, _kind = state.placed[m]
            day_mask = idx.day_masks[idx.day_of[slot]]
            people = state.members[m]
            before = sum(idle_gaps(state.busy[p] & day_mask, [day_mask]) for p in people)
            if not before:
                continue
            state.remove(m)
            best, best_gaps = slot, before
            for other in bits(state.candidates(m) & day_mask):
                gaps = sum(
                    idle_gaps((state.busy[p] | 1 << other) & day_mask, [day_mask]) for p in people
                )
                if gaps < best_gaps:
                    best, best_gaps = other, gaps
            state.place(m, best)
            improved = improved or best != slot
        state.journal.clear()
        if not improved:
            return


def _reason(state: State, m: int) -> str:
    """Why meeting m is not in the schedule, in the words of docs/scheduling-format.md."""
    idx = state.idx
    meeting = state.meetings[m]
    common = idx.common(meeting)
    if not common:
        return "no common free slot"
    if not common & idx.places_mask(meeting):
        return "no table open when all are free"
    if not state.possible[m] & state.open_days(m):
        return "daily quota reached"
    free = state.possible[m] & state.open_days(m)
    for person in state.members[m]:
        free &= ~state.busy[person]
    if not free:
        return "participants are busy in every common free slot"
    return "no table free in the common free slots"


def _solution(problem: Problem, idx: Indexed, state: State, started: float) -> Solution:
    assignments = []
    used: dict[int, int] = defaultdict(int)  # slot → tables handed out
    for m in sorted(state.placed, key=lambda m: (state.placed[m][0], problem.meetings[m].id)):
        slot, kind = state.placed[m]
        place = BOOTH
        if kind == TABLE:
            place = idx.tables_open[slot][used[slot]]
            used[slot] += 1
        assignments.append(Assignment(problem.meetings[m].id, problem.slots[slot].id, place))
    unscheduled = {
        meeting.id: _reason(state, i)
        for i, meeting in enumerate(problem.meetings)
        if i not in state.placed
    }
    solution = Solution(assignments=assignments, unscheduled=unscheduled)
    solution.stats = summary(problem, solution)
    solution.stats["seconds"] = round(time.monotonic() - started, 3)
    return solution
