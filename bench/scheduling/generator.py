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
    "medium": (300, 1200, 8000, 3, 16, 25),
    "show": (1500, 6000, 40000, 4, 16, 60),
}


def generate(scale: str = "small", seed: int = 1) -> Problem:
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
    partners = [
        Participant(
            id=f"p{i:05d}",
            kind="partner",
            unavailable=fragmented(0.25),
            max_per_day=rng.choice([None, None, 6, 8]),
        )
        for i in range(n_partners)
    ]
    # Heavy tail: a few partners are wanted by many companies.
    # (cumulative weights computed once: rng.choices would redo it for every draw)
    popularity = list(accumulate(1.0 / (rank + 1) ** 0.9 for rank in range(n_partners)))
    pairs = set()
    meetings = []
    while len(meetings) < n_requests:
        company = companies[rng.randrange(n_companies)]
        partner = rng.choices(partners, cum_weights=popularity)[0]
        if (company.id, partner.id) in pairs:
            continue
        pairs.add((company.id, partner.id))
        meetings.append(
            Meeting(
                id=f"r{len(meetings):06d}",
                participants=(company.id, partner.id),
                weight=2 if rng.random() < 0.2 else 1,  # mutual interest
                places=(TABLE, BOOTH) if rng.random() < 0.1 else (TABLE,),
                company=company.id,
            )
        )
    return Problem(slots=slots, tables=tables, participants=companies + partners, meetings=meetings)
