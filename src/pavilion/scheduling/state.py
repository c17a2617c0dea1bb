"""A partial schedule that can be changed and rolled back cheaply.

Everything is a bitmask over slots, so "where could this meeting go now?" is
a handful of integer operations. Every change is journalled, so a search
(move this meeting, re-place the ones it pushed out…) can try a chain of
changes and undo all of it when the chain fails.
"""

from __future__ import annotations

from pavilion.scheduling.index import Indexed, bits
from pavilion.scheduling.model import BOOTH, TABLE


class State:
    """Placed meetings and what they occupy: participants' slots, daily counts, tables."""

    def __init__(self, idx: Indexed):
        self.idx = idx
        problem = idx.problem
        n = idx.n_slots
        self.all_slots = (1 << n) - 1
        self.meetings = problem.meetings
        # Per meeting, fixed for the whole run: who attends, where it could ever be held,
        # and whether it must have a table (no booth allowed).
        self.members = [m.participants for m in problem.meetings]
        self.possible = [idx.common(m) & idx.places_mask(m) for m in problem.meetings]
        self.needs_table = [BOOTH not in m.places for m in problem.meetings]
        self.busy: dict[str, int] = dict.fromkeys(problem.participant_by_id, 0)
        self.per_day: dict[tuple[str, int], int] = {}
        # Slots on days when a participant has reached their quota (from the start if it is 0).
        self.closed: dict[str, int] = dict.fromkeys(problem.participant_by_id, 0)
        for (person, day), quota in idx.quota.items():
            if quota == 0:
                self.closed[person] |= idx.day_masks[day]
        self.capacity = [len(tables) for tables in idx.tables_open]
        self.tables_used = [0] * n
        self.full = sum(1 << s for s in range(n) if not self.capacity[s])  # no table left
        self.placed: dict[int, tuple[int, str]] = {}  # meeting → (slot, TABLE or BOOTH)
        self.at: dict[tuple[str, int], int] = {}  # (participant, slot) → meeting
        self.at_table: list[set[int]] = [set() for _ in range(n)]  # slot → table meetings
        self.journal: list[tuple[bool, int, int, str]] = []  # (placed?, meeting, slot, kind)

    # -- reading ---------------------------------------------------------------------------

    def candidates(self, m: int) -> int:
        """Slots where meeting m could be placed now, without moving anything."""
        mask = self.possible[m]
        for person in self.members[m]:
            mask &= ~(self.busy[person] | self.closed[person])
        if self.needs_table[m]:
            mask &= ~self.full
        return mask

    def open_days(self, m: int) -> int:
        """Slots on days where no participant of m has reached their quota."""
        mask = self.all_slots
        for person in self.members[m]:
            mask &= ~self.closed[person]
        return mask

    def blockers(self, m: int, slot: int) -> set[int]:
        """The placed meetings that keep m's participants busy at this slot."""
        return {self.at[(p, slot)] for p in self.members[m] if (p, slot) in self.at}

    def neighbours(self, m: int, slot: int) -> int:
        """How many of m's participants have a meeting right before or after the slot."""
        day_of = self.idx.day_of
        score = 0
        for other in (slot - 1, slot + 1):
            if 0 <= other < self.idx.n_slots and day_of[other] == day_of[slot]:
                for person in self.members[m]:
                    score += self.busy[person] >> other & 1
        return score

    def best_slot(self, m: int, mask: int) -> int:
        """Next to the participants' other meetings (fewer idle gaps), then the emptiest room."""
        best, best_key = -1, None
        for slot in bits(mask):
            key = (self.neighbours(m, slot), -self.tables_used[slot])
            if best_key is None or key > best_key:
                best, best_key = slot, key
        return best

    # -- changing --------------------------------------------------------------------------

    def place(self, m: int, slot: int, kind: str | None = None):
        """Put meeting m at the slot; a meeting that may use the booth does, unless told.

        Booths first while placing keeps the scarce tables for meetings that need one;
        ``to_tables`` brings booth meetings to free tables at the end.
        """
        if kind is None:
            kind = TABLE if self.needs_table[m] else BOOTH
        day = self.idx.day_of[slot]
        bit = 1 << slot
        for person in self.members[m]:
            self.busy[person] |= bit
            n = self.per_day.get((person, day), 0) + 1
            self.per_day[(person, day)] = n
            quota = self.idx.quota[(person, day)]
            if quota is not None and n >= quota:
                self.closed[person] |= self.idx.day_masks[day]
            self.at[(person, slot)] = m
        if kind == TABLE:
            self.tables_used[slot] += 1
            self.at_table[slot].add(m)
            if self.tables_used[slot] >= self.capacity[slot]:
                self.full |= bit
        self.placed[m] = (slot, kind)
        self.journal.append((True, m, slot, kind))

    def remove(self, m: int):
        slot, kind = self.placed.pop(m)
        day = self.idx.day_of[slot]
        bit = 1 << slot
        for person in self.members[m]:
            self.busy[person] &= ~bit
            self.per_day[(person, day)] -= 1
            if self.idx.quota[(person, day)] != 0:
                self.closed[person] &= ~self.idx.day_masks[day]
            del self.at[(person, slot)]
        if kind == TABLE:
            self.tables_used[slot] -= 1
            self.at_table[slot].discard(m)
            self.full &= ~bit
        self.journal.append((False, m, slot, kind))

    def mark(self) -> int:
        return len(self.journal)

    def rollback(self, mark: int):
        """Undo every change made since the mark, newest first."""
        while len(self.journal) > mark:
            placed, m, slot, kind = self.journal.pop()
            if placed:
                self.remove(m)
            else:
                self.place(m, slot, kind)
            self.journal.pop()  # the undo itself is not a change to remember

    def to_tables(self):
        """Hold at a free table every booth meeting that may use one (the space is used first)."""
        for m, (slot, kind) in sorted(self.placed.items()):
            if kind == BOOTH and TABLE in self.meetings[m].places and not self.full >> slot & 1:
                self.remove(m)
                self.place(m, slot, TABLE)
        self.journal.clear()
