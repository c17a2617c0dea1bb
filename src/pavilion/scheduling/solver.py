"""The scheduler: construction, then exact re-solves until the time limit, then spread.

The objective is lexicographic (docs/scheduling-format.md): fewest companies
without a meeting, most meetings, most weight, then spread over the days.

1. Construction, guided by the bound's LP (nearly integral on show-shaped
   problems: it says which meetings an optimal schedule holds and on which
   day): each company one meeting before any gets two; then meetings by LP
   value, weight and fewest options; then ejection-chain repairs and a
   fairness repair. Meetings that may use a booth sit there while placing,
   so the tables — the bottleneck — go to meetings that need one.
2. ``search.Search``: the whole model solved exactly when small, else
   large-neighbourhood search with exact MIP re-solves, until the bound is
   reached (proven optimal) or the time limit.
3. Spread: meetings move to the free slot that best spreads their
   participants' meetings over the days, their preferred times, and closes
   idle gaps; booth meetings move to free tables.

Deterministic for a seed and a number of neighbourhoods (see "Determinism"
in docs/scheduling-format.md). Business infeasibility is never an exception:
every unplaced meeting gets a reason.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict

from pavilion.scheduling.bound import Bound
from pavilion.scheduling.index import Indexed, bits
from pavilion.scheduling.model import BOOTH, TABLE, Assignment, Problem, Solution
from pavilion.scheduling.search import Search
from pavilion.scheduling.state import State
from pavilion.scheduling.stats import day_gaps, summary

__all__ = ["solve", "summary"]


def solve(
    problem: Problem,
    *,
    time_limit: float = 60.0,
    hints: dict[str, float] | None = None,
    days: dict[str, str] | None = None,
    fairness: bool = True,
    bound: Bound | None = None,
    seed: int = 0,
    iterations: int | None = None,
) -> Solution:
    """The best schedule found in the time limit, by the lexicographic objective.

    ``hints`` (meeting id → LP value) and ``days`` (meeting id → the day the
    LP holds it) come from :func:`pavilion.scheduling.bound.upper_bound`
    (``bound.values``, ``bound.days``); without them the greedy orders by
    weight and options alone. With ``bound`` the search stops as soon as the
    schedule reaches it on every term (proven optimal). ``iterations`` caps
    the neighbourhoods tried, for runs that must repeat exactly whatever the
    machine's speed.
    """
    if not time_limit > 0 or math.isinf(time_limit):
        raise ValueError("time_limit must be a positive number of seconds")
    started = time.monotonic()
    deadline = started + time_limit
    # The spread polish gets the end of the budget; the search stops before it.
    search_deadline = deadline - min(0.05 * time_limit, 2.5)
    idx = Indexed.of(problem)
    state = State(idx)
    if bound is not None:
        hints = hints or bound.values
        days = days or bound.days
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
    # Deep repairs where the LP says a meeting belongs in an optimal schedule (without an
    # LP, shallow ones of every meeting), while time remains. (With the LP, a shallow repair
    # of every other meeting used to follow: at show scale 3–4 CPU seconds for no meeting;
    # the neighbourhood search gains more with them.)
    for i in order:
        if time.monotonic() > search_deadline:
            break
        if i not in state.placed and (not hints or hints.get(meetings[i].id, 0.0) > 0.5):
            state.journal.clear()
            _insert(state, i, 2 if hints else 1, frozenset())
    state.journal.clear()
    if fairness:
        _serve_companies_without_meetings(state, order, search_deadline)
    search = Search(state, bound=bound, seed=seed, fairness=fairness, hints=hints)
    search.run(search_deadline, iterations)
    _spread(state, deadline)
    state.to_tables()
    solution = _solution(problem, idx, state, started)
    solution.stats.update(search.report())
    return solution


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


def _spread(state: State, deadline: float):
    """Move meetings (to any free slot, on any day) when that spreads their participants'
    meetings better; nothing else changes, so the first three terms stay as they are.

    Spread, lower is better, summed over the participants in the order of the
    objective's 4th term: meetings outside the times they prefer, Σ (meetings
    per day)², idle gaps. A move changes one day of each participant, so only
    that day's share is computed for each slot tried.
    """
    idx = state.idx
    problem = idx.problem
    day_of, day_masks = idx.day_of, idx.day_masks
    wished = {
        p.id: sum(1 << problem.slot_index[s] for s in p.preferred) for p in problem.participants
    }

    def change(people, slot: int) -> tuple[int, int, int]:
        """What holding a meeting of ``people`` at the slot adds to their spread."""
        bit, day_mask = 1 << slot, day_masks[day_of[slot]]
        outside = balance = gaps = 0
        for person in people:
            wish = wished[person]
            if wish and not wish & bit:
                outside += 1
            taken = state.busy[person] & day_mask
            balance += 2 * taken.bit_count() + 1  # (n + 1)² − n²
            gaps += day_gaps(taken | bit) - day_gaps(taken)
        return outside, balance, gaps

    for _sweep in range(8):
        improved = False
        for m in sorted(state.placed):
            if time.monotonic() > deadline:
                state.journal.clear()
                return
            slot, _kind = state.placed[m]
            people = state.members[m]
            state.remove(m)
            best, best_cost = slot, change(people, slot)
            for other in bits(state.candidates(m)):
                c = change(people, other)
                if c < best_cost:
                    best, best_cost = other, c
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
