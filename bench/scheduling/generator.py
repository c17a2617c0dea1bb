"""Seeded scheduling instances: heavy-tailed popularity, fragmented availability, few tables."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import accumulate

from pavilion.scheduling.model import BOOTH, TABLE, Meeting, Participant, Problem, Slot, Table

SCALES = {
    # companies, partners, requests, days, slots per day, tables
    "tiny": (6, 8, 20, 1, 6, 2),
    "small": (40, 120, 600, 2, 12, 8),
    "mid": (100, 300, 1500, 2, 12, 12),  # small enough for an exact optimum in the same run
    "medium": (300, 1200, 8000, 3, 16, 25),
    "show": (1500, 6000, 40000, 4, 16, 60),
}


FAMILIES = {
    "base": "blocks of busy slots, heavy tail, 20 % mutual interest, 10 % may meet at the booth",
    "roundtable": "40 % of meetings are round tables of a company and 2–4 partners (3–5 seats)",
    "fragmented": "everyone free in a few scattered slots only (about 1 in 3)",
    "popular": "a steep heavy tail: the top partners wanted by hundreds, with 2–4 a day",
    "weighted": "weights 1–10 (heavy-tailed) and tight quotas on the popular partners",
    "scarce": "a fifth of the companies want only the 1 % most wanted partners, who meet 1–2 "
    "a day: some companies must go without, and the fewest is proven by the coverage LP",
}


def generate(scale: str = "small", seed: int = 1, family: str = "base") -> Problem:
    """A seeded instance of a family (``FAMILIES``) at a scale (``SCALES``)."""
    n_companies, n_partners, n_requests, n_days, per_day, n_tables = SCALES[scale]
    rng = random.Random(seed)
    first = date(2025, 1, 7)
    slots = []
    for d in range(n_days):
        day = (first + timedelta(days=d)).isoformat()
        for k in range(per_day):
            minutes = 9 * 60 + k * 30
            start = f"{day}T{minutes // 60:02d}:{minutes % 60:02d}:00-08:00"
            end_minutes = minutes + 25
            end = f"{day}T{end_minutes // 60:02d}:{end_minutes % 60:02d}:00-08:00"
            slots.append(Slot(id=f"d{d + 1}-s{k + 1:02d}", day=day, start=start, end=end))
    slot_ids = [s.id for s in slots]

    def fragmented(share_busy: float) -> frozenset[str]:
        if family == "fragmented":
            # Free in a few scattered slots only: each slot free with probability 1/3.
            return frozenset(s for s in slot_ids if rng.random() >= 0.35)
        # Busy in blocks (other meetings, the stage, travel), not at random single slots.
        busy = set()
        for d in range(n_days):
            if rng.random() < 0.15:
                busy.update(slot_ids[d * per_day : (d + 1) * per_day])  # away all day
                continue
            for _block in range(rng.randint(0, 3)):
                start = rng.randrange(per_day)
                length = max(1, int(rng.expovariate(1 / (share_busy * per_day))))
                busy.update(
                    slot_ids[d * per_day + start : d * per_day + min(per_day, start + length)]
                )
        return frozenset(busy)

    tables = [
        Table(
            id=f"R{t // 10 + 1}-T{t % 10 + 1:02d}",
            room=f"R{t // 10 + 1}",
            unavailable=frozenset(slot_ids[-2:]) if t % 7 == 0 else frozenset(),
        )
        for t in range(n_tables)
    ]
    companies = [
        Participant(id=f"c{i:05d}", kind="company", unavailable=fragmented(0.15))
        for i in range(n_companies)
    ]
    tight = family in ("popular", "weighted", "scarce")
    partners = [
        Participant(
            id=f"p{i:05d}",
            kind="partner",
            unavailable=fragmented(0.25),
            # The most wanted partners (the lowest ranks) have tight daily quotas.
            max_per_day=rng.randint(*((1, 2) if family == "scarce" else (2, 4)))
            if tight and i < n_partners // 50
            else rng.choice([None, None, 6, 8]),
        )
        for i in range(n_partners)
    ]
    # "scarce": every fifth company asks only for the most wanted partners.
    wanted = partners[: max(2, n_partners // 100)]
    # Heavy tail: a few partners are wanted by many companies.
    # (cumulative weights computed once: rng.choices would redo it for every draw)
    steepness = 1.3 if family == "popular" else 0.9
    popularity = list(accumulate(1.0 / (rank + 1) ** steepness for rank in range(n_partners)))
    pairs = set()
    meetings = []
    while len(meetings) < n_requests:
        company = companies[rng.randrange(n_companies)]
        seats = 1
        if family == "roundtable" and rng.random() < 0.4:
            seats = rng.randint(2, 4)
        if family == "scarce" and int(company.id[1:]) % 5 == 0:
            chosen = (wanted[rng.randrange(len(wanted))].id,)
        else:
            chosen = tuple(
                sorted({rng.choices(partners, cum_weights=popularity)[0].id for _ in range(seats)})
            )
        if (company.id, chosen) in pairs or len(chosen) < seats:
            continue
        pairs.add((company.id, chosen))
        if family == "weighted":
            weight = min(10, int(rng.paretovariate(1.2)))
        else:
            weight = 2 if rng.random() < 0.2 else 1  # mutual interest
        meetings.append(
            Meeting(
                id=f"r{len(meetings):06d}",
                participants=(company.id, *chosen),
                weight=weight,
                places=(TABLE, BOOTH) if seats == 1 and rng.random() < 0.1 else (TABLE,),
                company=company.id,
            )
        )
    return Problem(slots=slots, tables=tables, participants=companies + partners, meetings=meetings)
