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

import dataclasses
import math
import random
import time
from collections import defaultdict

from pavilion.scheduling import lns
from pavilion.scheduling.bound import Bound, fairness_bound, weight_bound_given
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
    search_deadline = deadline - min(0.15 * time_limit, 8.0)
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
    # Deep repairs where the LP says a meeting belongs in an optimal schedule, then a
    # shallow one for every other meeting, while time remains.
    for depth, wanted in ((2, True), (1, False)):
        for i in order:
            if time.monotonic() > search_deadline:
                break
            if i not in state.placed and (hints.get(meetings[i].id, 0.0) > 0.5) == wanted:
                state.journal.clear()
                _insert(state, i, depth, frozenset())
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


class Search:
    """Large-neighbourhood search: re-solve parts of the schedule exactly, keep the better.

    The whole problem is solved exactly when its model is small
    (``EXACT_VARIABLES``); otherwise neighbourhoods are freed in turn — the
    participants around an unplaced request, around a company still without
    a meeting, or a window of slots — and re-solved with CP-SAT. Their size
    adapts: larger after a neighbourhood solved to optimality, smaller after
    one cut short.
    """

    EXACT_VARIABLES = 25_000  # (meeting, slot) pairs: bench/scheduling proves all `mid` ones
    NODES = 200  # branch-and-bound nodes per neighbourhood (work, not seconds: deterministic)

    def __init__(self, state: State, *, bound, seed: int, fairness: bool, hints: dict):
        self.state = state
        self.bound = bound
        self.fairness = fairness
        self.rng = random.Random(seed)
        self.seed = seed
        idx = state.idx
        meetings = state.meetings
        self.useful = [m for m in range(len(meetings)) if idx.feasible(meetings[m])]
        self.counted = {meetings[m].company_id() for m in self.useful} if fairness else set()
        self.of_person: dict[str, list[int]] = defaultdict(list)
        for m in self.useful:
            for person in state.members[m]:
                self.of_person[person].append(m)
        self.hint = [hints.get(m.id, 0.0) for m in meetings]
        self.budget = 3000.0  # variables per neighbourhood, adapted as it goes
        self.tried = self.improved = 0
        self.proof = ""
        self.weight_bound: int | None = None

    def key(self) -> tuple[int, int, int]:
        state = self.state
        served = {state.meetings[m].company_id() for m in state.placed} & self.counted
        weight = sum(state.meetings[m].weight for m in state.placed)
        return len(served), len(state.placed), weight

    def at_bound(self) -> bool:
        """Whether the schedule reaches the bound on every term: proven optimal."""
        if self.bound is None:
            return False
        served, placed, weight = self.key()
        if self.fairness and served < self.bound.companies and not self.bound.fairness_lp:
            # Someone is left out: is that the best any schedule can do? (the coverage LP,
            # run only now: it is the third LP and rarely needed)
            companies = fairness_bound(self.state.idx.problem)
            self.bound = dataclasses.replace(
                self.bound,
                companies=self.bound.companies if companies is None else companies,
                fairness_lp=True,
            )
        companies = self.bound.companies if self.fairness else served
        if (served, placed) != (companies, self.bound.meetings):
            return False
        if weight < self.bound.weight and self.weight_bound is None:
            # Fairness and count are proven best: the optimum holds exactly this many
            # meetings, which bounds its weight more tightly than the plain weight bound.
            self.weight_bound = weight_bound_given(self.state.idx.problem, meetings=placed)
        return weight >= min(self.bound.weight, self.weight_bound or self.bound.weight)

    def run(self, deadline: float, iterations: int | None):
        state = self.state
        if self.at_bound():
            self.proof = "bound reached"
            return
        if lns.variables_of(state, self.useful) <= self.EXACT_VARIABLES:
            left = deadline - time.monotonic()
            outcome = lns.resolve_mip(state, self.useful, counted=self.counted, seconds=left)
            self.tried += 1
            self.improved += outcome.improved
            if outcome.optimal:
                self.proof = "exact model solved"
                return
        while time.monotonic() < deadline and (iterations is None or self.tried < iterations):
            if self.at_bound():
                self.proof = "bound reached"
                return
            neighbourhood = self.neighbourhood()
            if not neighbourhood:
                break
            outcome = lns.resolve_mip(
                state,
                neighbourhood,
                counted=self.counted,
                seconds=deadline - time.monotonic(),
                nodes=self.NODES,
            )
            self.tried += 1
            self.improved += outcome.improved
            grown, shrunk = min(self.budget * 1.3, 60_000.0), max(self.budget * 0.7, 500.0)
            self.budget = grown if outcome.optimal else shrunk
        if self.at_bound():
            self.proof = "bound reached"

    def neighbourhood(self) -> list[int]:
        """Meetings to re-decide: placed ones around a seed, and unplaced ones they touch."""
        state, rng = self.state, self.rng
        unplaced = [m for m in self.useful if m not in state.placed and state.open_days(m)
                    & state.possible[m]]  # fmt: skip
        choice = rng.random()
        served = {state.meetings[m].company_id() for m in state.placed}
        lonely = sorted(self.counted - served)
        people: set[str] = set()
        if lonely and choice < 0.4:
            company = lonely[rng.randrange(len(lonely))]
            people.add(company)
            people.update(p for m in self.of_person[company] for p in state.members[m])
        elif unplaced and choice < 0.75:
            # Prefer the requests the LP holds: they are the ones a better schedule adds.
            sample = rng.sample(unplaced, min(8, len(unplaced)))
            seed = max(sample, key=lambda m: (self.hint[m], -m))
            people.update(state.members[seed])
        else:
            idx = state.idx
            slot = rng.randrange(idx.n_slots)
            width = rng.randint(1, 3)
            window = [s for s in range(slot, min(idx.n_slots, slot + width))
                      if idx.day_of[s] == idx.day_of[slot]]  # fmt: skip
            at = [m for m, (s, _kind) in state.placed.items() if s in window]
            rng.shuffle(at)
            for m in at[:40]:
                people.update(state.members[m])
        chosen: dict[int, None] = {}
        variables = 0
        frontier = sorted(people)
        seen = set(frontier)
        while frontier and variables < self.budget:
            rng.shuffle(frontier)
            following = []
            for person in frontier:
                mine = self.of_person[person]
                placed = [m for m in mine if m in state.placed]
                waiting = [m for m in mine if m not in state.placed]
                waiting.sort(key=lambda m: -self.hint[m])
                for m in placed + waiting[:6]:
                    if m in chosen:
                        continue
                    chosen[m] = None
                    variables += state.possible[m].bit_count()
                    for other in state.members[m]:
                        if other not in seen:
                            seen.add(other)
                            following.append(other)
                if variables >= self.budget:
                    break
            frontier = following
        return list(chosen)

    def report(self) -> dict:
        optimal = bool(self.proof)
        bound = self.bound
        return {
            **(
                {"fewest_companies_without_meetings": bound.counted - bound.companies}
                if bound is not None and bound.fairness_lp
                else {}
            ),
            "optimal": optimal,
            "proof": self.proof or "time limit reached",
            "neighbourhoods": self.tried,
            "improvements": self.improved,
        }


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


def spread_key(busy: int, day_masks: list[int], wished: int) -> tuple[int, int, int]:
    """One participant's spread, lower is better, in the order of the objective's 4th term:
    meetings outside the times they prefer, Σ (meetings per day)², idle gaps."""
    outside = (busy & ~wished).bit_count() if wished else 0
    balance = sum((busy & day_mask).bit_count() ** 2 for day_mask in day_masks)
    return outside, balance, idle_gaps(busy, day_masks)


def _spread(state: State, deadline: float):
    """Move meetings (to any free slot, on any day) when that spreads their participants'
    meetings better; nothing else changes, so the first three terms stay as they are."""
    idx = state.idx
    problem = idx.problem
    days = idx.day_masks
    wished = {
        p.id: sum(1 << problem.slot_index[s] for s in p.preferred) for p in problem.participants
    }

    def cost(people, extra: int) -> tuple[int, int, int]:
        total = [0, 0, 0]
        for person in people:
            for k, v in enumerate(spread_key(state.busy[person] | extra, days, wished[person])):
                total[k] += v
        return tuple(total)

    for _sweep in range(4):
        improved = False
        for m in sorted(state.placed):
            if time.monotonic() > deadline:
                state.journal.clear()
                return
            slot, _kind = state.placed[m]
            people = state.members[m]
            state.remove(m)
            best, best_cost = slot, cost(people, 1 << slot)
            for other in bits(state.candidates(m)):
                c = cost(people, 1 << other)
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
