"""Small problems for property tests, and their exact optimum (by search, or CP-SAT)."""

from __future__ import annotations

import itertools

from hypothesis import strategies as st

from pavilion.scheduling.index import Indexed, bits
from pavilion.scheduling.model import BOOTH, TABLE, Meeting, Participant, Problem, Slot, Table

DAYS = ["2025-01-07", "2025-01-08", "2025-01-09"]


@st.composite
def problems(draw, *, max_slots: int = 4, max_people: int = 5, max_meetings: int = 7):
    """Slots over one to three days, closed tables, busy people, quotas, booth meetings."""
    n_slots = draw(st.integers(1, max_slots))
    days = DAYS[: draw(st.integers(1, 3))]
    slots = [Slot(id=f"s{i}", day=days[i * len(days) // n_slots]) for i in range(n_slots)]
    ids = [s.id for s in slots]
    tables = [
        Table(id=f"t{i}", unavailable=frozenset(draw(st.sets(st.sampled_from(ids)))))
        for i in range(draw(st.integers(0, 2)))
    ]
    people = [
        Participant(
            id=f"x{i}",
            unavailable=frozenset(draw(st.sets(st.sampled_from(ids)))),
            max_per_day=draw(st.one_of(st.none(), st.integers(0, 2))),
            day_quota=tuple(
                sorted(draw(st.dictionaries(st.sampled_from(days), st.integers(0, 1))).items())
            ),
        )
        for i in range(draw(st.integers(2, max_people)))
    ]
    pairs = draw(
        st.lists(
            st.sampled_from(list(itertools.combinations(range(len(people)), 2))),
            max_size=max_meetings,
        )
    )
    meetings = [
        Meeting(
            id=f"m{k}",
            participants=(people[a].id, people[b].id),
            weight=draw(st.integers(1, 3)),
            places=draw(st.sampled_from([(TABLE,), (BOOTH,), (TABLE, BOOTH)])),
        )
        for k, (a, b) in enumerate(pairs)
    ]
    return Problem(slots=slots, tables=tables, participants=people, meetings=meetings)


def optimum(problem: Problem, *, weighted: bool = False) -> int:
    """The most meetings (or weight) any schedule holds: branch and bound over every choice.

    Tables are interchangeable within a slot, so a choice is (slot, table or
    booth); a meeting that may use the booth only tries the booth, which
    needs nothing a table would not.
    """
    idx = Indexed.of(problem)
    meetings = problem.meetings
    value = [m.weight if weighted else 1 for m in meetings]
    rest = [*reversed(list(itertools.accumulate(reversed(value)))), 0]
    busy: set[tuple[str, int]] = set()
    per_day: dict[tuple[str, int], int] = {}
    used = [0] * idx.n_slots
    best = 0

    def fits(m: Meeting, slot: int) -> bool:
        day = idx.day_of[slot]
        for p in m.participants:
            quota = idx.quota[(p, day)]
            if (p, slot) in busy or (quota is not None and per_day.get((p, day), 0) >= quota):
                return False
        return True

    def search(k: int, total: int):
        nonlocal best
        best = max(best, total)
        if k == len(meetings) or total + rest[k] <= best:
            return
        m = meetings[k]
        booth = BOOTH in m.places
        for slot in bits(idx.common(m) & idx.places_mask(m)):
            if not fits(m, slot) or (not booth and used[slot] >= len(idx.tables_open[slot])):
                continue
            day = idx.day_of[slot]
            for p in m.participants:
                busy.add((p, slot))
                per_day[(p, day)] = per_day.get((p, day), 0) + 1
            used[slot] += 0 if booth else 1
            search(k + 1, total + value[k])
            used[slot] -= 0 if booth else 1
            for p in m.participants:
                busy.discard((p, slot))
                per_day[(p, day)] -= 1
        search(k + 1, total)

    search(0, 0)
    return best


def lexicographic_optimum(problem: Problem) -> tuple[int, int, int]:
    """The best (companies with a meeting, meetings, weight) of any schedule, by trying every
    choice of every meeting (tiny problems only)."""
    idx = Indexed.of(problem)
    meetings = problem.meetings
    counted = {m.company_id() for m in meetings if idx.feasible(m)}
    busy: set[tuple[str, int]] = set()
    per_day: dict[tuple[str, int], int] = {}
    used = [0] * idx.n_slots
    chosen: list[Meeting] = []
    best = (0, 0, 0)

    def search(k: int):
        nonlocal best
        if k == len(meetings):
            served = {m.company_id() for m in chosen} & counted
            best = max(best, (len(served), len(chosen), sum(m.weight for m in chosen)))
            return
        m = meetings[k]
        booth = BOOTH in m.places
        for slot in bits(idx.common(m) & idx.places_mask(m)):
            day = idx.day_of[slot]
            if any(
                (p, slot) in busy
                or (
                    idx.quota[(p, day)] is not None
                    and per_day.get((p, day), 0) >= idx.quota[(p, day)]
                )
                for p in m.participants
            ) or (not booth and used[slot] >= len(idx.tables_open[slot])):
                continue
            for p in m.participants:
                busy.add((p, slot))
                per_day[(p, day)] = per_day.get((p, day), 0) + 1
            used[slot] += 0 if booth else 1
            chosen.append(m)
            search(k + 1)
            chosen.pop()
            used[slot] -= 0 if booth else 1
            for p in m.participants:
                busy.discard((p, slot))
                per_day[(p, day)] -= 1
        search(k + 1)

    search(0)
    return best


def light_company_problem() -> Problem:
    """Two slots, one table. A's only request is light; B has two heavy ones. The most
    weight (4) leaves A out; serving both companies leaves room for one heavy meeting (3)."""
    slots = [Slot("s1", DAYS[0]), Slot("s2", DAYS[0])]
    people = [Participant(x) for x in ("A", "B", "P", "Q", "R")]
    meetings = [
        Meeting("A-P", ("A", "P"), weight=1, company="A"),
        Meeting("B-Q", ("B", "Q"), weight=2, company="B"),
        Meeting("B-R", ("B", "R"), weight=2, company="B"),
    ]
    return Problem(slots, [Table("t1")], people, meetings)
