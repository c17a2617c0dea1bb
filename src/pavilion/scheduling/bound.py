"""An upper bound on what any schedule can place: the LP relaxation over show days.

Variables x[m, d, place] in [0, 1]: meeting m held on day d at a table or at
the booth, only where the meeting has a common free slot that day. The
constraints hold for every feasible schedule, so the LP optimum bounds it:

- each meeting at most once;
- each participant, each day: at most min(quota, free slots that day);
- each day: table meetings at most the table-slots open that day.

Aggregating slots into days keeps the LP small (meetings × days columns),
which is what makes it solvable at show scale in seconds with HiGHS. The
count bound uses weight 1 for every meeting; the weight bound the weights.
"""

from __future__ import annotations

import math
import os
from contextlib import contextmanager
from dataclasses import dataclass

from pavilion.scheduling.index import Indexed
from pavilion.scheduling.model import TABLE, Problem


@dataclass(frozen=True)
class Bound:
    meetings: int  # no schedule places more meetings than this
    weight: int  # nor more total weight
    lp_meetings: float
    lp_weight: float
    values: dict  # meeting id → LP value in the weight LP (a hint for the solver)


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
            for place in meeting.places:
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

    table_slots = [
        sum(len(idx.tables_open[s]) for s in range(idx.n_slots) if idx.day_of[s] == day)
        for day in range(len(idx.day_masks))
    ]
    starts, index, values = [0], [], []
    for m, day, place in columns:
        meeting = meetings[m]
        entries = [row(("meeting", m), 1)]
        for person in meeting.participants:
            free_today = (idx.free[person] & idx.day_masks[day]).bit_count()
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
        values.extend([1.0] * len(entries))
        starts.append(len(index))

    def solve(weights):
        with _silenced_stdout():
            highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("time_limit", float(time_limit))
        lp = highspy.HighsLp()
        lp.num_col_ = len(columns)
        lp.num_row_ = len(upper)
        lp.col_cost_ = np.array(weights, dtype=float)
        lp.col_lower_ = np.zeros(len(columns))
        lp.col_upper_ = np.ones(len(columns))
        lp.row_lower_ = np.full(len(upper), -highspy.kHighsInf)
        lp.row_upper_ = np.array(upper)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(values)
        lp.sense_ = highspy.ObjSense.kMaximize
        highs.passModel(lp)
        highs.run()
        status = highs.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            # Without a proven optimum the LP value is no bound; fall back to a trivial one.
            return None, None
        return highs.getInfo().objective_function_value, list(highs.getSolution().col_value)

    count_value, _ = solve([1.0] * len(columns))
    weight_value, solution = solve([float(meetings[m].weight) for m, *_ in columns])
    if count_value is None or weight_value is None:
        total = len(meetings)
        return Bound(total, sum(m.weight for m in meetings), float(total), float(total), {})
    hints: dict = {}
    for (m, _day, _place), value in zip(columns, solution, strict=True):
        hints[meetings[m].id] = hints.get(meetings[m].id, 0.0) + value
    return Bound(
        meetings=math.floor(count_value + 1e-6),
        weight=math.floor(weight_value + 1e-6),
        lp_meetings=count_value,
        lp_weight=weight_value,
        values=hints,
    )
