"""An upper bound on what any schedule can place: the LP relaxation over show days.

Variables x[m, d] in [0, 1]: meeting m held on day d, only where it is
possible that day (a common free slot, and an open table unless it may use
the booth). The constraints hold for every feasible schedule, so the LP
optimum bounds it:

- each meeting at most once;
- each participant, each day: at most min(quota, free slots that day in which
  one of their meetings is possible);
- each day: meetings needing a table at most the table-slots open that day
  (in slots where such a meeting is possible).

Aggregating slots into days keeps the LP small (meetings × days columns),
which is what makes it solvable at show scale in seconds with HiGHS. The
count bound uses weight 1 for every meeting; the weight bound the weights.
Its optimal solution is nearly integral on show-shaped problems, and guides
the solver (``values``, ``days``)."""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

from pavilion.scheduling.index import Indexed, bits
from pavilion.scheduling.model import BOOTH, TABLE, Problem


@dataclass(frozen=True)
class Bound:
    meetings: int  # no schedule places more meetings than this
    weight: int  # nor more total weight
    lp_meetings: float
    lp_weight: float
    values: dict  # meeting id → LP value in the weight LP (a hint for the solver)
    days: dict = field(default_factory=dict)  # meeting id → the day the weight LP holds it


@contextmanager
def _silenced_stdout():
    # HiGHS prints a banner from C++ when constructed; keep CLI output clean.
    fd = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(fd, 1)
        os.close(fd)
        os.close(devnull)


def _columns(idx: Indexed):
    """(meeting index, day, place) for every meeting-day-place that could happen."""
    problem = idx.problem
    columns = []
    for m, meeting in enumerate(problem.meetings):
        common = idx.common(meeting)
        for day, day_mask in enumerate(idx.day_masks):
            # A meeting that may use the booth never needs a table column: the booth
            # column is open whenever the table one is and uses fewer resources.
            place = BOOTH if BOOTH in meeting.places else TABLE
            usable = common & day_mask
            if place == TABLE:
                usable &= idx.table_mask
            if usable:
                columns.append((m, day, place))
    return columns


def upper_bound(problem: Problem, *, time_limit: float = 60.0) -> Bound:
    import highspy
    import numpy as np

    idx = Indexed.of(problem)
    columns = _columns(idx)
    meetings = problem.meetings
    if not columns:
        return Bound(0, 0, 0.0, 0.0, {})
    rows: dict = {}
    upper: list[float] = []

    def row(key, cap):
        if key not in rows:
            rows[key] = len(upper)
            upper.append(float(cap))
        return rows[key]

    # Capacities count only the slots where something could happen: a participant's free
    # slots in which one of their meetings is possible, the tables open in slots where some
    # meeting needing a table is possible. Still true of every schedule, and tighter.
    reachable: dict[str, int] = {}
    table_reach = 0
    for meeting in meetings:
        possible = idx.common(meeting) & idx.places_mask(meeting)
        for person in meeting.participants:
            reachable[person] = reachable.get(person, 0) | possible
        if BOOTH not in meeting.places:
            table_reach |= possible
    table_slots = [
        sum(len(idx.tables_open[s]) for s in bits(table_reach & day_mask))
        for day_mask in idx.day_masks
    ]
    starts, index = [0], []
    for m, day, place in columns:
        meeting = meetings[m]
        entries = [row(("meeting", m), 1)]
        for person in meeting.participants:
            free_today = (idx.free[person] & reachable[person] & idx.day_masks[day]).bit_count()
            quota = idx.quota[(person, day)]
            entries.append(
                row(
                    ("person-day", person, day),
                    free_today if quota is None else min(quota, free_today),
                )
            )
        if place == TABLE:
            entries.append(row(("tables", day), table_slots[day]))
        index.extend(entries)
        starts.append(len(index))

    lp = highspy.HighsLp()
    lp.num_col_ = len(columns)
    lp.num_row_ = len(upper)
    lp.col_lower_ = np.zeros(len(columns))
    lp.col_upper_ = np.ones(len(columns))
    lp.row_lower_ = np.full(len(upper), -highspy.kHighsInf)
    lp.row_upper_ = np.array(upper)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.ones(len(index))
    lp.sense_ = highspy.ObjSense.kMaximize

    def prepare(weights):
        with _silenced_stdout():
            highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        # One thread: the same optimal vertex every time, so the solver it guides is
        # deterministic (parallel runs may return a different optimum).
        highs.setOptionValue("parallel", "off")
        highs.setOptionValue("threads", 1)
        highs.setOptionValue("time_limit", float(time_limit))
        lp.col_cost_ = np.array(weights, dtype=float)
        highs.passModel(lp)  # HiGHS keeps its own copy
        return highs

    a_start = np.array(starts[:-1], dtype=np.int64)
    a_index = np.array(index, dtype=np.int64)
    capacity = np.array(upper)

    def run(highs, weights):
        """Solve; return a bound that holds whatever HiGHS returns, and the primal values.

        For any row prices y ≥ 0 and any x in [0, 1] with A x ≤ b:
        c·x = y·Ax + (c − Aᵀy)·x ≤ y·b + Σ max(0, c − Aᵀy). So the bound is
        computed from HiGHS's duals, not trusted from its objective: tolerances
        or a time limit can make it weaker, never wrong.
        """
        highs.run()  # releases the GIL: the two LPs run side by side on two cores
        solution = highs.getSolution()
        if not solution.dual_valid:
            return None, None
        prices = np.maximum(np.array(solution.row_dual), 0.0)
        reduced = np.array(weights) - np.add.reduceat(prices[a_index], a_start)
        value = float(capacity @ prices + np.maximum(reduced, 0.0).sum())
        return value, list(solution.col_value)

    ones = [1.0] * len(columns)
    weights = [float(meetings[m].weight) for m, *_ in columns]
    count_lp, weight_lp = prepare(ones), prepare(weights)
    with ThreadPoolExecutor(max_workers=2) as pool:
        count_run = pool.submit(run, count_lp, ones)
        weight_value, solution = run(weight_lp, weights)
        count_value, _ = count_run.result()
    if count_value is None or weight_value is None:
        total = len(meetings)
        return Bound(total, sum(m.weight for m in meetings), float(total), float(total), {})
    hints: dict = {}
    days: dict = {}
    for (m, day, _place), value in zip(columns, solution, strict=True):
        hints[meetings[m].id] = hints.get(meetings[m].id, 0.0) + value
        if value > 0.5:
            days[meetings[m].id] = problem.days[day]
    return Bound(
        # Whole meetings: round down, allowing for float rounding in the sums above.
        meetings=min(len(meetings), math.floor(count_value + 1e-7)),
        weight=min(sum(m.weight for m in meetings), math.floor(weight_value + 1e-7)),
        lp_meetings=count_value,
        lp_weight=weight_value,
        values=hints,
        days=days,
    )
