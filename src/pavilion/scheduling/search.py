"""Improve a schedule until the time limit: exact where cheap, else exact neighbourhoods.

See ``Search`` and docs/scheduling-format.md ("The solver", "Determinism").
"""

from __future__ import annotations

import dataclasses
import random
import time
from collections import defaultdict
from concurrent.futures import Future, ThreadPoolExecutor

from pavilion.scheduling import lns
from pavilion.scheduling.bound import fairness_bound, meetings_bound_given, weight_bound_given
from pavilion.scheduling.model import TABLE
from pavilion.scheduling.state import State


class Search:
    """Large-neighbourhood search: re-solve parts of the schedule exactly, keep the better.

    The whole problem is solved exactly when its model is small
    (``EXACT_VARIABLES``); otherwise neighbourhoods are freed in turn — the
    participants around an unplaced request, around a company still without
    a meeting, or a window of slots — and re-solved with HiGHS's MIP. Their size
    adapts: larger after a neighbourhood solved to optimality (up to
    ``MAX_BUDGET``), smaller after one cut short.
    """

    EXACT_VARIABLES = 25_000  # (meeting, slot) pairs: bench/scheduling proves all `mid` ones
    NODES = 200  # branch-and-bound nodes per neighbourhood (work, not seconds: deterministic)
    MAX_BUDGET = 50_000.0  # variables per neighbourhood at most (cost grows faster than gain)
    LP_ITERATIONS = 2500  # simplex iterations above which a neighbourhood is too costly
    SIDE_BY_SIDE_VARIABLES = 4 * MAX_BUDGET  # two neighbourhoods in flight above this
    CHAINS = 40  # unplaced requests waiting only for a table, added to a neighbourhood

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
        self.weight = [m.weight for m in meetings]
        self.budget = 3000.0  # variables per neighbourhood, adapted as it goes
        self._waiting: tuple[int, list[int], list[int]] | None = None
        self.tried = self.improved = 0
        self.proof = ""
        self.weight_bound: int | None = None
        self.meetings_bound: int | None = None
        self._count_given: Future | None = None
        self._beside = ThreadPoolExecutor(max_workers=1)  # an LP beside the search
        self.deadline = float("inf")
        self.whole = lns.variables_of(state, self.useful)  # the whole model's variables

    def key(self) -> tuple[int, int, int]:
        return lns.objective_key(self.state, self.counted)

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
        if served != companies:
            return False
        meetings = self.bound.meetings
        if self.fairness and placed < meetings:
            # Fairness is proven best, so the optimum serves as many companies, which can
            # cost meetings: the count LP serving as many bounds it.
            if self.meetings_bound is None:
                self.meetings_bound = self.count_given(served)
            meetings = min(meetings, self.meetings_bound or meetings)
        if placed < meetings:
            return False
        if weight < self.bound.weight and self.weight_bound is None:
            # Fairness and count are proven best: the optimum serves as many companies and
            # holds exactly this many meetings, which bounds its weight more tightly than
            # the plain weight bound.
            self.weight_bound = weight_bound_given(
                self.state.idx.problem, meetings=placed, served=served if self.fairness else 0
            )
        return weight >= min(self.bound.weight, self.weight_bound or self.bound.weight)

    def count_given(self, served: int) -> int | None:
        """``meetings_bound_given`` (the plain bound if HiGHS fails): at once on small
        problems; on large ones an LP of seconds, so solved in a thread beside the search,
        and None until it is done.

        Only the proof waits for it, never the schedule: the search changes the schedule
        only when it finds a strictly better one, and there is none once at the bound.
        """
        problem = self.state.idx.problem
        if self.whole <= self.SIDE_BY_SIDE_VARIABLES:
            return meetings_bound_given(problem, served=served) or self.bound.meetings
        if self._count_given is None:
            left = max(0.05, self.deadline - time.monotonic())
            self._count_given = self._beside.submit(
                meetings_bound_given, problem, served=served, time_limit=left
            )
        if not self._count_given.done():
            return None
        return self._count_given.result() or self.bound.meetings  # None: HiGHS failed

    def run(self, deadline: float, iterations: int | None):
        self.deadline = deadline
        try:
            self._run(deadline, iterations)
        finally:
            self._beside.shutdown(wait=False, cancel_futures=True)

    def _run(self, deadline: float, iterations: int | None):
        state = self.state
        if self.at_bound():
            self.proof = "bound reached"
            return
        whole = self.whole
        if whole <= self.EXACT_VARIABLES:
            left = deadline - time.monotonic()
            outcome = lns.resolve_mip(state, self.useful, counted=self.counted, seconds=left)
            self.tried += 1
            self.improved += outcome.improved
            if outcome.optimal:
                self.proof = "exact model solved"
                return
        # Two neighbourhoods in flight: while HiGHS solves one in a thread (it releases
        # the GIL), the next is built and solved beside it — on other participants and
        # other free tables, so both results fit together. Each is built from the
        # schedule with every earlier result but the one in flight applied, and the
        # results are applied in order: the same schedule whatever the timing.
        # Only on large problems: where one neighbourhood can hold most of the problem,
        # a second one beside it would keep the first from ever growing that large.
        side_by_side = whole > self.SIDE_BY_SIDE_VARIABLES
        flight: tuple[lns.Model, Future] | None = None
        with ThreadPoolExecutor(max_workers=2) as pool:
            while True:
                following = None
                started = self.tried + (flight is not None)
                if (
                    (side_by_side or flight is None)
                    and time.monotonic() < deadline
                    and (iterations is None or started < iterations)
                    and not self.at_bound()
                ):
                    following = self.submit(pool, deadline, flight[0] if flight else None)
                if flight is None and following is None:
                    break
                if flight is not None:
                    self.finish(*flight)
                flight = following
        if self.at_bound():
            self.proof = "bound reached"

    def submit(self, pool, deadline: float, beside: lns.Model | None):
        """Build the next neighbourhood's model (apart from ``beside``) and start solving it."""
        neighbourhood = self.neighbourhood(beside.people if beside else frozenset())
        if not neighbourhood:
            return None
        model = lns.build_mip(
            self.state,
            neighbourhood,
            counted=self.counted,
            claimed=beside.claimed if beside else None,
        )
        seconds = deadline - time.monotonic()
        return model, pool.submit(lns.run_mip, model, seconds=seconds, nodes=self.NODES)

    def finish(self, model: lns.Model, future: Future):
        """Apply a solved model's result if better; adapt the neighbourhoods' size."""
        result = future.result()
        self.tried += 1
        self.improved += lns.apply(self.state, model, result, counted=self.counted)
        grown, shrunk = min(self.budget * 1.3, self.MAX_BUDGET), max(self.budget * 0.7, 500.0)
        # Larger while solved to optimality cheaply; the work is HiGHS's own count,
        # not seconds, so the sizes are the same on any machine.
        cheap = result.lp_iterations <= self.LP_ITERATIONS
        self.budget = grown if result.optimal and cheap else shrunk

    def neighbourhood(self, apart: frozenset[str] = frozenset()) -> list[int]:
        """Meetings to re-decide: placed ones around a seed, and unplaced ones they touch;
        none with a participant in ``apart`` (those of the model being solved)."""
        state, rng = self.state, self.rng

        def free_to_move(m: int) -> bool:
            return apart.isdisjoint(state.members[m])

        unplaced = [m for m in self.useful if m not in state.placed and state.open_days(m)
                    & state.possible[m] and free_to_move(m)]  # fmt: skip
        choice = rng.random()
        served = {state.meetings[m].company_id() for m in state.placed}
        lonely = sorted(self.counted - served - apart)
        people: set[str] = set()
        if lonely and choice < 0.4:
            company = lonely[rng.randrange(len(lonely))]
            people.add(company)
            people.update(p for m in self.of_person[company] for p in state.members[m])
        elif unplaced and choice < 0.75:
            # Prefer the requests the LP holds: they are the ones a better schedule adds.
            # (Half the time among those the LP holds at all: a random sample of the
            # thousands unplaced rarely meets one.)
            held = [m for m in self.waiting()[0] if free_to_move(m)]
            pool = held if held and rng.random() < 0.5 else unplaced
            sample = rng.sample(pool, min(8, len(pool)))
            seed = max(sample, key=lambda m: (round(self.hint[m], 3), self.weight[m], -m))
            people.update(state.members[seed])
        else:
            idx = state.idx
            slot = rng.randrange(idx.n_slots)
            width = rng.randint(1, 3)
            window = [s for s in range(slot, min(idx.n_slots, slot + width))
                      if idx.day_of[s] == idx.day_of[slot]]  # fmt: skip
            at = [m for m, (s, _kind) in state.placed.items() if s in window and free_to_move(m)]
            rng.shuffle(at)
            for m in at[:40]:
                people.update(state.members[m])
        chosen: dict[int, None] = {}
        variables = 0
        frontier = sorted(people - apart)
        seen = set(frontier) | apart
        while frontier and variables < self.budget:
            rng.shuffle(frontier)
            following = []
            for person in frontier:
                mine = self.of_person[person]
                placed = [m for m in mine if m in state.placed]
                waiting = [m for m in mine if m not in state.placed]
                waiting.sort(key=lambda m: -self.hint[m])
                for m in placed + waiting[:6]:
                    if m in chosen or not free_to_move(m):
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
        self.add_table_chains(chosen, apart)
        return list(chosen)

    def waiting(self) -> tuple[list[int], list[int]]:
        """Unplaced requests the LP holds (value > 0.01), and those whose participants
        are all free with quota left in some slot where only a full room stops them.

        Recomputed only after an improvement (a failed re-solve rolls back exactly).
        """
        if self._waiting is None or self._waiting[0] != self.improved:
            state = self.state
            held, blocked = [], []
            for m in self.useful:
                if m in state.placed:
                    continue
                if self.hint[m] > 0.01 and state.open_days(m) & state.possible[m]:
                    held.append(m)
                if state.needs_table[m]:
                    mask = state.possible[m]
                    for person in state.members[m]:
                        mask &= ~(state.busy[person] | state.closed[person])
                    if mask:
                        blocked.append(m)
            blocked.sort(key=lambda m: (-round(self.hint[m], 3), -self.weight[m], m))
            self._waiting = (self.improved, held, blocked)
        return self._waiting[1], self._waiting[2]

    def add_table_chains(self, chosen: dict[int, None], apart: frozenset[str]):
        """Add unplaced requests that only wait for a table in a slot the neighbourhood
        frees: a table freed there (a meeting moved to the booth or elsewhere) can take one,
        however far it is from the neighbourhood's participants."""
        state = self.state
        freed = 0
        for m in chosen:
            if m in state.placed and state.placed[m][1] == TABLE:
                freed |= 1 << state.placed[m][0]
        if not freed:
            return
        added = 0
        for m in self.waiting()[1]:
            if added >= self.CHAINS:
                break
            if m in chosen or m in state.placed or not apart.isdisjoint(state.members[m]):
                continue
            mask = state.possible[m] & freed
            if not mask:
                continue
            for person in state.members[m]:
                mask &= ~(state.busy[person] | state.closed[person])
            if mask:
                chosen[m] = None
                added += 1

    def report(self) -> dict:
        optimal = bool(self.proof)
        bound = self.bound
        return {
            **(
                {"fewest_companies_without_meetings": bound.counted - bound.companies}
                if bound is not None and bound.fairness_lp
                else {}
            ),
            # The bounds given the terms before, where the search computed them
            # (``at_bound``): tighter than the plain ones, which ignore those terms.
            **(
                {"upper_bound": min(bound.meetings, self.meetings_bound)}
                if bound is not None and self.meetings_bound is not None
                else {}
            ),
            **(
                {"upper_bound_weight": min(bound.weight, self.weight_bound)}
                if bound is not None and self.weight_bound is not None
                else {}
            ),
            "optimal": optimal,
            "proof": self.proof or "time limit reached",
            "neighbourhoods": self.tried,
            "improvements": self.improved,
        }
