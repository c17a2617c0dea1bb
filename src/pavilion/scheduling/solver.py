"""The scheduler: fairness first, then an LP-guided greedy, then repairs.

1. Fairness: companies with the fewest options go first, and each company
   gets one meeting (its most valuable feasible one) before any gets a second.
2. Greedy: the remaining meetings by weight, then by their value in the LP
   of the upper bound (what an optimal fractional schedule wants), then by
   how few slots they could use; each goes to the slot that keeps its
   participants' days compact (next to their other meetings).
3. Repair: an unplaced meeting may take a slot after moving the one meeting
   that blocks it to another free slot.

Deterministic: ties are broken by ids. Business infeasibility is never an
exception: every unplaced meeting gets a reason.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict

from pavilion.scheduling.index import Indexed, bits
from pavilion.scheduling.model import BOOTH, TABLE, Assignment, Problem, Solution


class _State:
    def __init__(self, idx: Indexed):
        self.idx = idx
        self.busy = defaultdict(int)  # participant → slots taken
        self.per_day = defaultdict(int)  # (participant, day) → meetings
        self.tables_used = [0] * idx.n_slots
        self.full_mask = sum(1 << s for s in range(idx.n_slots) if not idx.tables_open[s])
        self.placed: dict[int, tuple[int, str]] = {}  # meeting index → (slot, TABLE/BOOTH)
        self.at: dict[tuple[str, int], int] = {}  # (participant, slot) → meeting index

    def quota_mask(self, meeting) -> int:
        """Slots on days where no participant has reached their quota."""
        mask = 0
        for day, day_mask in enumerate(self.idx.day_masks):
            if all(
                self.idx.quota[(p, day)] is None
                or self.per_day[(p, day)] < self.idx.quota[(p, day)]
                for p in meeting.participants
            ):
                mask |= day_mask
        return mask

    def candidates(self, meeting) -> int:
        mask = self.idx.common(meeting) & self.quota_mask(meeting)
        for person in meeting.participants:
            mask &= ~self.busy[person]
        places = 0
        if BOOTH in meeting.places:
            places = (1 << self.idx.n_slots) - 1
        elif TABLE in meeting.places:
            places = self.idx.table_mask & ~self.full_mask
        return mask & places

    def place(self, m: int, meeting, slot: int):
        # While placing, a meeting that may use the booth does, leaving the scarce tables to
        # meetings that need one; _move_to_free_tables brings it back to a table afterwards.
        kind = BOOTH if BOOTH in meeting.places else TABLE
        for person in meeting.participants:
            self.busy[person] |= 1 << slot
            self.per_day[(person, self.idx.day_of[slot])] += 1
            self.at[(person, slot)] = m
        if kind == TABLE:
            self.tables_used[slot] += 1
            if self.tables_used[slot] >= len(self.idx.tables_open[slot]):
                self.full_mask |= 1 << slot
        self.placed[m] = (slot, kind)

    def remove(self, m: int, meeting):
        slot, kind = self.placed.pop(m)
        for person in meeting.participants:
            self.busy[person] &= ~(1 << slot)
            self.per_day[(person, self.idx.day_of[slot])] -= 1
            del self.at[(person, slot)]
        if kind == TABLE:
            self.tables_used[slot] -= 1
            self.full_mask &= ~(1 << slot)

    def best_slot(self, meeting, mask: int) -> int:
        """The candidate slot next to most of the participants' other meetings (fewer gaps)."""
        best, best_score = -1, -1
        for slot in bits(mask):
            neighbours = 0
            for other in (slot - 1, slot + 1):
                if (
                    0 <= other < self.idx.n_slots
                    and self.idx.day_of[other] == self.idx.day_of[slot]
                ):
                    neighbours += sum(1 for p in meeting.participants if self.busy[p] >> other & 1)
            if neighbours > best_score:
                best, best_score = slot, neighbours
                if neighbours == 2 * len(meeting.participants):
                    break
        return best


def solve(
    problem: Problem, *, time_limit: float = 60.0, hints: dict | None = None, fairness: bool = True
) -> Solution:
    """Place as many (and as valuable) meetings as possible; explain the rest."""
    started = time.monotonic()
    deadline = started + time_limit
    idx = Indexed.of(problem)
    state = _State(idx)
    meetings = problem.meetings
    hints = hints or {}
    options = [state.candidates(m).bit_count() for m in meetings]
    order = sorted(
        range(len(meetings)),
        key=lambda i: (
            -meetings[i].weight,
            -hints.get(meetings[i].id, 0.0),
            options[i],
            meetings[i].id,
        ),
    )

    def try_place(i) -> bool:
        mask = state.candidates(meetings[i])
        if not mask:
            return False
        state.place(i, meetings[i], state.best_slot(meetings[i], mask))
        return True

    if fairness:
        by_company = defaultdict(list)
        for i in order:
            if options[i]:
                by_company[meetings[i].company_id()].append(i)
        for company in sorted(by_company, key=lambda c: (len(by_company[c]), c)):
            for i in by_company[company]:
                if try_place(i):
                    break
    for i in order:
        if i not in state.placed and time.monotonic() < deadline:
            try_place(i)
    for i in order:
        if i not in state.placed and time.monotonic() < deadline:
            _repair(state, meetings, i)
    _move_to_free_tables(state, meetings)
    return _solution(problem, idx, state, started)


def _move_to_free_tables(state: _State, meetings):
    """Hold at a table of the consultation space every booth meeting that may use one."""
    for m, (slot, kind) in sorted(state.placed.items()):
        free = state.tables_used[slot] < len(state.idx.tables_open[slot])
        if kind == BOOTH and TABLE in meetings[m].places and free:
            state.tables_used[slot] += 1
            state.placed[m] = (slot, TABLE)


def _repair(state: _State, meetings, i) -> bool:
    """Place meeting i in a slot blocked by one other meeting, moving that one elsewhere."""
    meeting = meetings[i]
    base = state.idx.common(meeting) & state.quota_mask(meeting) & state.idx.places_mask(meeting)
    for slot in bits(base):
        blockers = {state.at[(p, slot)] for p in meeting.participants if (p, slot) in state.at}
        if len(blockers) != 1:
            continue
        (other,) = blockers
        state.remove(other, meetings[other])
        if state.candidates(meeting) >> slot & 1:
            state.place(i, meeting, slot)
            elsewhere = state.candidates(meetings[other]) & ~(1 << slot)
            if elsewhere:
                state.place(other, meetings[other], state.best_slot(meetings[other], elsewhere))
                return True
            state.remove(i, meeting)
        state.place(other, meetings[other], slot)  # put it back where it was
    return False


def _reason(state: _State, meeting) -> str:
    idx = state.idx
    common = idx.common(meeting)
    if not common:
        return "no common free slot"
    if not common & idx.places_mask(meeting):
        return "no table open when all are free"
    if not common & state.quota_mask(meeting):
        return "daily quota reached"
    blocked = common
    for person in meeting.participants:
        blocked &= ~state.busy[person]
    if not blocked:
        return "participants are busy in every common free slot"
    return "no table free in the common free slots"


def _solution(problem: Problem, idx: Indexed, state: _State, started: float) -> Solution:
    assignments = []
    used = defaultdict(list)  # slot → tables taken
    for m in sorted(state.placed, key=lambda m: (state.placed[m][0], problem.meetings[m].id)):
        slot, kind = state.placed[m]
        place = BOOTH
        if kind == TABLE:
            place = idx.tables_open[slot][len(used[slot])]
            used[slot].append(place)
        assignments.append(Assignment(problem.meetings[m].id, problem.slots[slot].id, place))
    unscheduled = {
        meeting.id: _reason(state, meeting)
        for i, meeting in enumerate(problem.meetings)
        if i not in state.placed
    }
    solution = Solution(assignments=assignments, unscheduled=unscheduled)
    solution.stats = summary(problem, solution)
    solution.stats["seconds"] = round(time.monotonic() - started, 3)
    return solution


def summary(problem: Problem, solution: Solution) -> dict:
    """Counts that say how good a schedule is (fairness and gaps included)."""
    per_company = defaultdict(int)
    placed = {a.meeting for a in solution.assignments}
    idx = Indexed.of(problem)
    # Fairness counts the companies that could have had a meeting at all.
    companies = {m.company_id() for m in problem.meetings if idx.common(m) & idx.places_mask(m)}
    for meeting in problem.meetings:
        if meeting.id in placed:
            per_company[meeting.company_id()] += 1
    counts = [per_company[c] for c in companies] or [0]
    slots_of = defaultdict(list)
    for a in solution.assignments:
        for person in problem.meeting_by_id[a.meeting].participants:
            slots_of[person].append(problem.slot_index[a.slot])
    gaps = 0
    for taken in slots_of.values():
        taken.sort()
        for before, after in itertools.pairwise(taken):
            if problem.slot_day[before] == problem.slot_day[after]:
                gaps += after - before - 1
    return {
        "scheduled": len(solution.assignments),
        "weight": solution.weight(problem),
        "requested": len(problem.meetings),
        "min_meetings_per_company": min(counts),
        "companies_without_meetings": sum(1 for c in counts if c == 0),
        "idle_gaps": gaps,
    }
