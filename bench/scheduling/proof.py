"""A tighter reference for weight where no optimum is proven: the time-indexed MIP.

The day LP (``pavilion.scheduling.bound``) bounds every term in seconds, but
round tables (3–5 participants who must all be free at once) leave it a few
tenths of a percent above the best schedule on weight: on the `mid` and
`medium` round-table instances, whose optima are proven, the LP is 1 unit
above the optimum. Outside the timed run, the benchmark can ask HiGHS's
branch-and-bound for a proven bound on the whole time-indexed model:

    maximise Σ weight·x[m, s]  subject to  Σ x ≥ meetings,  Σ y ≥ served,
    y[c] ≤ Σ x over company c's meetings, each meeting at most once, each
    participant one meeting per slot and its daily quota, each slot at most
    its open tables,

with x[m, s] binary for every slot where meeting m could be held and y[c]
binary per company. Once the best schedule found leaves out the proven fewest
companies, the lexicographic optimum serves as many (fairness comes first) and
holds at least as many meetings (the count comes before weight), so its
weight is at most this MIP's optimum, and HiGHS's dual bound is at least
that. The bound is HiGHS's (its tolerances: mip_feasibility_tolerance 1e-6 on
a model whose coefficients are 0/±1 and small integers), rounded down.
"""

from __future__ import annotations

import math
from collections import Counter

from pavilion.scheduling.bound import _prepare_solver, packing_lp
from pavilion.scheduling.index import Indexed, bits
from pavilion.scheduling.model import BOOTH, Problem


def time_indexed_weight_bound(
    problem: Problem, *, meetings: int, served: int = 0, seconds: float
) -> tuple[int | None, str]:
    """HiGHS's proven bound on the weight of any schedule of at least ``meetings``
    meetings that serves at least ``served`` companies, after at most ``seconds``; and
    HiGHS's status (e.g. "Optimal")."""
    idx = Indexed.of(problem)
    feasible = [idx.feasible(m) for m in problem.meetings]
    # Rows that can bind: a participant-slot with two meetings possible, a quota below
    # what the participant could hold that day. (Others are implied by the meeting rows.)
    per_slot, per_day = Counter(), Counter()
    for m, meeting in enumerate(problem.meetings):
        for s in bits(feasible[m]):
            for person in meeting.participants:
                per_slot[(person, s)] += 1
                per_day[(person, idx.day_of[s])] += 1
    rows: dict = {}
    caps: list[float] = []

    def row(key, cap):
        if key not in rows:
            rows[key] = len(caps)
            caps.append(float(cap))
        return rows[key]

    count_row = row("count", -meetings)  # −Σ x ≤ −meetings
    starts, index, values, costs = [0], [], [], []
    for m, meeting in enumerate(problem.meetings):
        for s in bits(feasible[m]):
            day = idx.day_of[s]
            entries = [row(("meeting", m), 1)]
            for person in meeting.participants:
                if per_slot[(person, s)] > 1:
                    entries.append(row(("slot", person, s), 1))
                quota = idx.quota[(person, day)]
                if quota is not None and per_day[(person, day)] > quota:
                    entries.append(row(("day", person, day), quota))
            if BOOTH not in meeting.places:
                entries.append(row(("tables", s), len(idx.tables_open[s])))
            if served:
                entries.append(row(("company", meeting.company_id()), 0))
            index += [*entries, count_row]
            values += [1.0] * (len(entries) - bool(served)) + [-1.0] * (1 + bool(served))
            starts.append(len(index))
            costs.append(float(meeting.weight))
    if served:  # y[c] − Σ x ≤ 0 per company, −Σ y ≤ −served
        served_row = row("served", -served)
        for key in [k for k in rows if k[0] == "company"]:
            index += [rows[key], served_row]
            values += [1.0, -1.0]
            starts.append(len(index))
            costs.append(0.0)
    if not costs:
        return 0, "Optimal"
    lp = packing_lp(caps, starts, index, values, costs, integer=True)
    highs = _prepare_solver(lp, seconds)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.run()
    info = highs.getInfo()
    status = highs.modelStatusToString(highs.getModelStatus())
    bound = info.mip_dual_bound
    if not math.isfinite(bound):
        return None, status
    return math.floor(bound + 1e-6), status
