"""Integer-indexed view of a problem: availability as bitmasks over slots.

Both the solver and the bound work on this; it is built once per problem.
"""

from __future__ import annotations

from dataclasses import dataclass

from pavilion.scheduling.model import BOOTH, TABLE, Problem


@dataclass
class Indexed:
    problem: Problem
    n_slots: int
    day_of: list[int]  # slot → day index
    day_masks: list[int]  # day → bitmask of its slots
    free: dict[str, int]  # participant id → bitmask of slots they are available
    tables_open: list[list[str]]  # slot → ids of tables open then
    table_mask: int  # slots with at least one open table
    quota: dict[tuple[str, int], int | None]  # (participant, day) → quota

    @classmethod
    def of(cls, problem: Problem) -> Indexed:
        n = len(problem.slots)
        everything = (1 << n) - 1
        day_masks = [0] * len(problem.days)
        for s, day in enumerate(problem.slot_day):
            day_masks[day] |= 1 << s
        free = {}
        for p in problem.participants:
            blocked = sum(1 << problem.slot_index[sid] for sid in p.unavailable)
            free[p.id] = everything & ~blocked
        tables_open = [
            [t.id for t in problem.tables if slot.id not in t.unavailable] for slot in problem.slots
        ]
        table_mask = sum(1 << s for s in range(n) if tables_open[s])
        return cls(
            problem=problem,
            n_slots=n,
            day_of=list(problem.slot_day),
            day_masks=day_masks,
            free=free,
            tables_open=tables_open,
            table_mask=table_mask,
            quota={
                (p.id, d): p.quota_on(day)
                for p in problem.participants
                for d, day in enumerate(problem.days)
            },
        )

    def common(self, meeting) -> int:
        """Slots where every participant of the meeting is available."""
        mask = -1
        for person in meeting.participants:
            mask &= self.free[person]
        return mask & ((1 << self.n_slots) - 1)

    def feasible(self, meeting) -> int:
        """Slots where the meeting could be held in an empty schedule: all free, a place,
        and a day on which no participant has a quota of 0."""
        mask = self.common(meeting) & self.places_mask(meeting)
        for d, day_mask in enumerate(self.day_masks):
            if any(self.quota[(p, d)] == 0 for p in meeting.participants):
                mask &= ~day_mask
        return mask

    def places_mask(self, meeting) -> int:
        """Slots where the meeting could be held at all (a table open, or at the booth)."""
        mask = 0
        if TABLE in meeting.places:
            mask |= self.table_mask
        if BOOTH in meeting.places:
            mask |= (1 << self.n_slots) - 1
        return mask


def bits(mask: int):
    """The indexes of the set bits, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low
