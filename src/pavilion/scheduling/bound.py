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
The count LP, with coverage columns so that it serves every company it can
first, guides the solver (``values``, ``days``; nearly integral on
show-shaped problems). ``meetings_bound_given`` and ``weight_bound_given``
bound each term given the ones before it (docs/scheduling-format.md)."""

from __future__ import annotations

import dataclasses
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
    values: dict  # meeting id → value in the count LP (a hint for the solver)
    days: dict = field(default_factory=dict)  # meeting id → the day the count LP holds it
    # Fairness: at most this many companies can all have a meeting (of ``counted`` that
    # could have one at all), so at least counted − companies are left without.
    companies: int = 0
    counted: int = 0
    fairness_lp: bool = False  # companies from the coverage LP (else simply all counted)

    @property
    def fewest_without(self) -> int:
        """No schedule leaves fewer companies without a meeting than this."""
        return self.counted - self.companies


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


def _prepare_solver(lp, time_limit):
    import highspy

    with _silenced_stdout():
        highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    # One thread: the same optimal vertex every time, so the solver it guides is
    # deterministic (parallel runs may return a different optimum).
    highs.setOptionValue("parallel", "off")
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("time_limit", float(time_limit))
    highs.passModel(lp)  # HiGHS keeps its own copy
    return highs


def packing_lp(caps, starts, index, values, costs=None, *, integer: bool = False):
    """A HighsLp: maximise costs·x, columns x in [0, 1] given column-wise
    (``starts``, ``index``, ``values``), every row ≤ its cap; binary if ``integer``.
    The one way the bound, the neighbourhood re-solves and the benchmark build theirs."""
    import highspy
    import numpy as np

    n = len(starts) - 1
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(caps)
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.ones(n)
    if costs is not None:
        lp.col_cost_ = np.array(costs, dtype=float)
    lp.row_lower_ = np.full(len(caps), -highspy.kHighsInf)
    lp.row_upper_ = np.array(caps, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(values, dtype=float)
    lp.sense_ = highspy.ObjSense.kMaximize
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    return lp


def _dual_bound(highs, costs, caps, starts, index, values, *, priced=None) -> float | None:
    """A bound on max c·x (x in [0, 1], A x ≤ b) from HiGHS's row duals, or None.

    For any row prices y ≥ 0: c·x = y·Ax + (c − Aᵀy)·x ≤ y·b + Σ max(0, c − Aᵀy). So
    the bound holds whatever HiGHS returns: tolerances or a time limit can make it
    weaker, never wrong; and for costs other than those HiGHS solved for. ``priced``:
    only the first rows keep their price (the others' are 0, still a bound).
    """
    import numpy as np

    solution = highs.getSolution()
    if not solution.dual_valid:
        return None
    prices = np.maximum(np.array(solution.row_dual), 0.0)
    if priced is not None:
        prices[priced:] = 0.0
    a_index = np.asarray(index, dtype=np.int64)
    a_start = np.asarray(starts[:-1], dtype=np.int64)
    used = np.add.reduceat(prices[a_index] * np.asarray(values, dtype=float), a_start)
    reduced = np.asarray(costs, dtype=float) - used
    return float(np.asarray(caps, dtype=float) @ prices + np.maximum(reduced, 0.0).sum())


def _given_lp(
    idx: Indexed, columns, day_lp, *, costs, served: int = 0, meetings: int = 0,
    company_cost: float | None = None,
):  # fmt: skip
    """The day LP with the terms before one fixed: (caps, starts, index, values, costs).

    Coverage columns y[c] in [0, 1], one per company that could meet, with the row
    y[c] − Σ x[m, d] ≤ 0 over its meetings, when ``company_cost`` is given (their cost:
    1 with x costing 0 is the coverage LP, the most companies that can all meet) or
    ``served`` > 0 (the row Σ y ≥ served). ``meetings`` > 0 adds the row Σ x ≥
    meetings. ``costs``: the x columns'. The day LP's rows come first, in its order.
    """
    _lp, starts, index, upper = day_lp
    problem_meetings = idx.problem.meetings
    counted = sorted({m.company_id() for m in problem_meetings if idx.feasible(m)})
    cover = company_cost is not None or served > 0
    caps = list(upper)
    company_row = {}
    if cover:
        company_row = {c: len(caps) + k for k, c in enumerate(counted)}
        caps += [0.0] * len(counted)
    count_row = served_row = None
    if meetings > 0:
        count_row = len(caps)
        caps.append(-float(meetings))  # −Σ x ≤ −meetings
    if served > 0:
        served_row = len(caps)
        caps.append(-float(served))  # −Σ y ≤ −served
    new_starts, new_index, new_values = [0], [], []
    for k, (m, _day, _place) in enumerate(columns):
        lo, hi = starts[k], starts[k + 1]
        new_index.extend(index[lo:hi])
        new_values.extend([1.0] * (hi - lo))
        row = company_row.get(problem_meetings[m].company_id())
        if row is not None:
            new_index.append(row)
            new_values.append(-1.0)
        if count_row is not None:
            new_index.append(count_row)
            new_values.append(-1.0)
        new_starts.append(len(new_index))
    all_costs = list(costs)
    for c in counted if cover else ():
        new_index.append(company_row[c])
        new_values.append(1.0)
        if served_row is not None:
            new_index.append(served_row)
            new_values.append(-1.0)
        new_starts.append(len(new_index))
        all_costs.append(company_cost or 0.0)
    return caps, new_starts, new_index, new_values, all_costs


def _solve_given(idx: Indexed, columns, day_lp, time_limit, **terms):
    """Solve ``_given_lp`` and bound it from the duals (``_dual_bound``); None if HiGHS fails."""
    caps, starts, index, values, costs = _given_lp(idx, columns, day_lp, **terms)
    highs = _prepare_solver(packing_lp(caps, starts, index, values, costs), time_limit)
    highs.run()
    return _dual_bound(highs, costs, caps, starts, index, values)


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


def _day_lp(idx: Indexed, columns):
    """The day LP's matrix (all ones, column-wise) and row capacities; costs set by callers."""
    import numpy as np

    meetings = idx.problem.meetings
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

    lp = packing_lp(upper, starts, index, np.ones(len(index)))
    return lp, starts, index, upper


def _per_company_bound(idx: Indexed, columns) -> tuple[int, int]:
    """A bound without an LP, for when the LPs cannot finish: every meeting has one
    company, which holds at most one meeting per free slot and its quota per day; so
    meetings ≤ Σ over companies of min(its possible meetings, its capacity), and
    weight ≤ Σ of the heaviest of its meetings that fit in that capacity."""
    meetings = idx.problem.meetings
    of_company: dict[str, list[int]] = {}
    for m in sorted({m for m, *_ in columns}):
        of_company.setdefault(meetings[m].company_id(), []).append(meetings[m].weight)
    count = weight = 0
    for company, weights in of_company.items():
        capacity = 0
        for d, day_mask in enumerate(idx.day_masks):
            free = (idx.free.get(company, 0) & day_mask).bit_count()
            quota = idx.quota.get((company, d))
            capacity += free if quota is None else min(quota, free)
        if company not in idx.free:  # not a participant: no capacity of its own to count
            capacity = len(weights)
        count += min(len(weights), capacity)
        weight += sum(sorted(weights, reverse=True)[:capacity])
    return count, weight


def upper_bound(problem: Problem, *, time_limit: float = 60.0, fairness: bool = True) -> Bound:
    """The bounds on each term of the objective (docs/scheduling-format.md).

    ``fairness=False`` skips the coverage LP: ``companies`` is then simply all
    the companies counted (still a bound, the weakest), and the solver runs the
    LP itself (``fairness_bound``) only if its schedule leaves a company out.
    The LPs get at most half of ``time_limit``; if they do not finish, the
    bound is ``_per_company_bound`` (true, weaker) and gives no guide.
    """
    import numpy as np

    idx = Indexed.of(problem)
    columns = _columns(idx)
    meetings = problem.meetings
    if not columns:
        return Bound(0, 0, 0.0, 0.0, {})
    lp, starts, index, upper = _day_lp(idx, columns)

    def run(highs, costs, caps, lp_starts, lp_index, values, priced=None):
        """Solve; a bound that holds whatever HiGHS returns (``_dual_bound``), and the
        meetings' primal values."""
        highs.run()  # releases the GIL: the two LPs run side by side on two cores
        value = _dual_bound(highs, costs, caps, lp_starts, lp_index, values, priced=priced)
        if value is None:
            return None, None
        return value, list(highs.getSolution().col_value)[: len(columns)]

    ones = np.ones(len(columns))
    weights = np.array([float(meetings[m].weight) for m, *_ in columns])
    # The count LP is also the solver's guide, so it follows the objective's order: a
    # coverage column y[c] per company (``_given_lp``) costing more than all the meetings
    # serving it can push out (each of its participants' and its table's), then the
    # meetings at 1 + ε·weight (ε·Σ weight ≤ 1/4): its vertex serves the most companies,
    # then holds the most meetings, then the most weight. Without the coverage columns it
    # left the companies with only light requests out, and the solver, which serves them
    # first, then fell short of it (round tables at show scale: 99.91 % of the weight in
    # 60 s; with them, the guide's schedule is optimal in 13 s). Measured no slower at
    # show scale than the plain count LP. The count bound is computed from its duals for
    # costs 1 on x and 0 on y, with the coverage rows unpriced (``_dual_bound``): valid
    # for any prices, and on every bench instance the plain count LP's once rounded down.
    epsilon = 0.25 / max(1.0, float(sum(m.weight for m in meetings)))
    serve = 2.0 * (1 + max(len(m.participants) for m in meetings))
    guide = _given_lp(
        idx, columns, (lp, starts, index, upper), costs=ones + epsilon * weights,
        company_cost=serve,
    )  # fmt: skip
    guide_caps, guide_starts, guide_index, guide_values, guide_costs = guide
    count_costs = np.concatenate([ones, np.zeros(len(guide_costs) - len(columns))])
    # Half the time at most for each: the bound shares its caller's budget with the
    # search, and past it a weaker bound (``_per_company_bound``) is better than none.
    count_lp = _prepare_solver(packing_lp(*guide), 0.5 * time_limit)
    lp.col_cost_ = weights
    weight_lp = _prepare_solver(lp, 0.5 * time_limit)
    counted = sorted({m.company_id() for m in meetings if idx.feasible(m)})
    with ThreadPoolExecutor(max_workers=2) as pool:
        count_run = pool.submit(
            run, count_lp, count_costs, guide_caps, guide_starts, guide_index, guide_values,
            priced=len(upper),
        )  # fmt: skip
        weight_value, _by_weight = run(
            weight_lp, weights, upper, starts, index, np.ones(len(index))
        )
        count_value, solution = count_run.result()
        # Fairness is the first term; its LP runs after the two above (two cores).
        companies_value = (
            _solve_given(
                idx,
                columns,
                (lp, starts, index, upper),
                time_limit,
                costs=np.zeros(len(columns)),
                company_cost=1.0,
            )
            if fairness and count_value is not None
            else None
        )
    if count_value is None or weight_value is None:
        # The LPs did not finish in the time: a weaker bound, but still a true one.
        meetings_cap, weight_cap = _per_company_bound(idx, columns)
        return Bound(
            meetings_cap,
            weight_cap,
            float(meetings_cap),
            float(weight_cap),
            {},
            companies=len(counted),
            counted=len(counted),
        )
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
        companies=len(counted)
        if companies_value is None
        else min(len(counted), math.floor(companies_value + 1e-7)),
        counted=len(counted),
        fairness_lp=companies_value is not None,
    )


def weight_bound_given(
    problem: Problem, *, meetings: int, served: int = 0, time_limit: float = 60.0
) -> int | None:
    """No schedule with at least ``meetings`` meetings that serves at least ``served``
    companies has more weight than this (None if HiGHS fails).

    The objective puts fairness, then the number of meetings, before weight. Once a
    schedule's fairness and count are proven best, the optimum serves exactly as many
    companies and holds at least as many meetings: the day LP with Σ y ≥ served (the
    coverage LP's columns, ``_given_lp``) and Σ x ≥ meetings bounds its weight more
    tightly than the plain weight bound, which ignores both terms. Serving every
    company can cost weight: a company whose only possible meetings are light ones
    takes a table a heavier meeting would have had.
    """
    import numpy as np

    idx = Indexed.of(problem)
    columns = _columns(idx)
    if not columns:
        return 0
    weights = np.array([float(problem.meetings[m].weight) for m, *_ in columns])
    value = _solve_given(
        idx, columns, _day_lp(idx, columns), time_limit, costs=weights, served=served,
        meetings=meetings,
    )  # fmt: skip
    return None if value is None else math.floor(value + 1e-7)


def meetings_bound_given(problem: Problem, *, served: int, time_limit: float = 60.0) -> int | None:
    """No schedule that serves at least ``served`` companies holds more meetings than this.

    Fairness comes first: once a schedule's companies served is proven best, the optimum
    serves as many, which can cost meetings (a company served only by a meeting that
    takes two participants' only free slot). The count LP with Σ y ≥ served.
    """
    import numpy as np

    idx = Indexed.of(problem)
    columns = _columns(idx)
    if not columns:
        return 0
    value = _solve_given(
        idx, columns, _day_lp(idx, columns), time_limit, costs=np.ones(len(columns)),
        served=served,
    )  # fmt: skip
    if value is None:
        return None
    return min(len(problem.meetings), math.floor(value + 1e-7))


def in_order(
    problem: Problem, bound: Bound, *, served: int, meetings: int, time_limit: float = 60.0
) -> Bound:
    """``bound`` with count and weight each given the terms before, for a schedule that
    leaves out only the proven fewest companies (serving ``served``) and holds
    ``meetings``: the optimum serves as many, which bounds its count
    (``meetings_bound_given``), and holds at least as many meetings, which bounds its
    weight (``weight_bound_given``). Where HiGHS fails, the plain bound stays."""
    count = meetings_bound_given(problem, served=served, time_limit=time_limit)
    weight = weight_bound_given(problem, meetings=meetings, served=served, time_limit=time_limit)
    return dataclasses.replace(
        bound,
        meetings=min(bound.meetings, count or bound.meetings),
        weight=min(bound.weight, weight or bound.weight),
    )


def fairness_bound(problem: Problem, *, time_limit: float = 60.0) -> int | None:
    """At most this many companies can all have a meeting (the coverage LP), or None."""
    import numpy as np

    idx = Indexed.of(problem)
    columns = _columns(idx)
    if not columns:
        return 0
    counted = {m.company_id() for m in problem.meetings if idx.feasible(m)}
    value = _solve_given(
        idx, columns, _day_lp(idx, columns), time_limit, costs=np.zeros(len(columns)),
        company_cost=1.0,
    )  # fmt: skip
    return None if value is None else min(len(counted), math.floor(value + 1e-7))
