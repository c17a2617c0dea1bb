"""Exact re-solves of part of a schedule (large-neighbourhood search).

A neighbourhood is a set of meetings whose placement is re-decided: the
placed ones are taken out of the :class:`~pavilion.scheduling.state.State`,
everything else stays where it is, and the best placement of the
neighbourhood in the room the rest leaves (free slots of each participant,
what is left of each daily quota, free tables per slot) is found exactly.
The objective is the lexicographic one of docs/scheduling-format.md, as one
integer sum with weights large enough that a higher term always wins:

    A · companies that get their first meeting + B · meetings + weight

The current placement is the start (HiGHS) or hint (CP-SAT) and is always
feasible, so a re-solve never loses anything; it is kept only when strictly
better. With the whole problem as the neighbourhood this is the exact model,
and "optimal" is a proof.

``resolve_mip`` (HiGHS's MIP) is what the solver uses: the model's LP
relaxation is nearly integral, so branch-and-bound proves quickly; one
thread, a fixed seed and a node limit make it deterministic. ``resolve``
(OR-Tools CP-SAT, one worker, a deterministic-time limit) is the same model
for the benchmark's CP-SAT baseline and for comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

from pavilion.scheduling.index import bits
from pavilion.scheduling.state import State


@dataclass
class Outcome:
    improved: bool  # the neighbourhood was re-placed, strictly better
    optimal: bool  # CP-SAT proved the neighbourhood's placement optimal
    variables: int
    nodes: int = 0  # branch-and-bound nodes HiGHS explored (work, the same on any machine)
    lp_iterations: int = 0  # simplex iterations HiGHS did


def variables_of(state: State, meetings: list[int]) -> int:
    """How many (meeting, slot) variables a model of these meetings would have now."""
    return sum(state.possible[m].bit_count() for m in meetings)


def resolve(
    state: State,
    neighbourhood: list[int],
    *,
    counted: set[str],
    seconds: float,
    work: float | None = None,
    seed: int = 0,
    workers: int = 1,
) -> Outcome:
    """Re-place the meetings of the neighbourhood as well as possible; keep it if better.

    ``counted``: the companies fairness counts (those that could have a
    meeting at all). ``work``: CP-SAT's deterministic time limit; ``seconds``
    a wall-clock safety limit on top. ``workers`` > 1 is faster but not
    deterministic (the benchmark's CP-SAT baseline uses it).
    """
    from ortools.sat.python import cp_model

    meetings = state.meetings
    current = {m: state.placed[m][0] for m in neighbourhood if m in state.placed}
    mark = state.mark()
    for m in current:
        state.remove(m)
    idx = state.idx
    model = cp_model.CpModel()
    x: dict[tuple[int, int], object] = {}
    per_meeting: dict[int, list] = {}
    per_person_slot: dict[tuple[str, int], list] = {}
    per_person_day: dict[tuple[str, int], list] = {}
    per_slot_tables: dict[int, list] = {}
    for m in neighbourhood:
        for slot in bits(state.candidates(m)):
            var = model.new_bool_var("")
            x[(m, slot)] = var
            per_meeting.setdefault(m, []).append(var)
            day = idx.day_of[slot]
            for person in state.members[m]:
                per_person_slot.setdefault((person, slot), []).append(var)
                if idx.quota[(person, day)] is not None:
                    per_person_day.setdefault((person, day), []).append(var)
            if state.needs_table[m]:
                per_slot_tables.setdefault(slot, []).append(var)
    for variables in per_meeting.values():
        if len(variables) > 1:
            model.add_at_most_one(variables)
    for variables in per_person_slot.values():
        if len(variables) > 1:
            model.add_at_most_one(variables)
    for (person, day), variables in per_person_day.items():
        left = idx.quota[(person, day)] - state.per_day.get((person, day), 0)
        if len(variables) > left:
            model.add(sum(variables) <= left)
    for slot, variables in per_slot_tables.items():
        left = state.capacity[slot] - state.tables_used[slot]
        if len(variables) > left:
            model.add(sum(variables) <= left)
    # Companies with no meeting outside the neighbourhood: covering one is the first term.
    served = {meetings[m].company_id() for m in state.placed}
    uncovered: dict[str, list] = {}
    for m in per_meeting:
        company = meetings[m].company_id()
        if company in counted and company not in served:
            uncovered.setdefault(company, []).extend(per_meeting[m])
    total_weight = sum(meetings[m].weight for m in per_meeting)
    b = total_weight + 1
    a = b * (len(per_meeting) + 1)
    objective = []
    for variables in uncovered.values():
        y = model.new_bool_var("")
        model.add(sum(variables) >= y)
        objective.append(a * y)
    objective.extend((b + meetings[m].weight) * var for (m, _slot), var in x.items())
    model.maximize(sum(objective))

    def value(placement: dict[int, int]) -> int:
        companies = {meetings[m].company_id() for m in placement} & set(uncovered)
        return a * len(companies) + sum(b + meetings[m].weight for m in placement)

    for (m, slot), var in x.items():
        model.add_hint(var, current.get(m) == slot)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    if work is not None:
        solver.parameters.max_deterministic_time = work
    status = solver.solve(model)
    optimal = status == cp_model.OPTIMAL
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        found = {m: slot for (m, slot), var in x.items() if solver.boolean_value(var)}
        if value(found) > value(current):
            for m, slot in sorted(found.items()):
                state.place(m, slot)
            state.journal.clear()
            return Outcome(True, optimal, len(x))
    state.rollback(mark)
    return Outcome(False, optimal, len(x))


def resolve_mip(
    state: State,
    neighbourhood: list[int],
    *,
    counted: set[str],
    seconds: float,
    nodes: int | None = None,
) -> Outcome:
    """``resolve`` with HiGHS's MIP instead of CP-SAT: the same model and objective.

    The time-indexed model's LP relaxation is nearly integral on show-shaped
    problems, so branch-and-bound closes the gap where CP-SAT's search keeps
    looking; single-threaded, so deterministic unless the time limit cuts it.
    """
    import highspy
    import numpy as np

    from pavilion.scheduling.bound import _silenced_stdout

    meetings = state.meetings
    current = {m: state.placed[m][0] for m in neighbourhood if m in state.placed}
    mark = state.mark()
    for m in current:
        state.remove(m)
    idx = state.idx
    columns: list[tuple[int, int]] = []
    rows: dict = {}
    caps: list[float] = []
    entries: list[list[int]] = []  # column → rows

    def row(key, cap):
        if key not in rows:
            rows[key] = len(caps)
            caps.append(float(cap))
        return rows[key]

    served = {meetings[m].company_id() for m in state.placed}
    for m in neighbourhood:
        for slot in bits(state.candidates(m)):
            day = idx.day_of[slot]
            mine = [row(("meeting", m), 1)]
            for person in state.members[m]:
                mine.append(row(("slot", person, slot), 1))
                quota = idx.quota[(person, day)]
                if quota is not None:
                    left = quota - state.per_day.get((person, day), 0)
                    mine.append(row(("day", person, day), left))
            if state.needs_table[m]:
                mine.append(row(("tables", slot), state.capacity[slot] - state.tables_used[slot]))
            company = meetings[m].company_id()
            if company in counted and company not in served:
                mine.append(row(("company", company), 0))
            columns.append((m, slot))
            entries.append(mine)
    companies = sorted(k[1] for k in rows if k[0] == "company")
    if not columns:
        state.rollback(mark)
        return Outcome(False, True, 0)
    placed_in = {m for m, _slot in columns}
    total_weight = sum(meetings[m].weight for m in placed_in)
    b = total_weight + 1
    a = b * (len(placed_in) + 1)
    starts, index, values, costs = [0], [], [], []
    for (m, _slot), mine in zip(columns, entries, strict=True):
        index.extend(mine)
        values.extend([1.0] * len(mine))
        starts.append(len(index))
        costs.append(float(b + meetings[m].weight))
    for company in companies:  # y[c] − Σ x ≤ 0: y[c] is 1 only if the company meets someone
        index.append(rows[("company", company)])
        values.append(1.0)
        starts.append(len(index))
        costs.append(float(a))
    # The company rows hold −1 for x: rewrite the x entries of those rows.
    company_rows = {rows[("company", c)] for c in companies}
    for k in range(len(columns)):
        for j in range(starts[k], starts[k + 1]):
            if index[j] in company_rows:
                values[j] = -1.0
    n = len(costs)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(caps)
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.ones(n)
    lp.col_cost_ = np.array(costs)
    lp.row_lower_ = np.full(len(caps), -highspy.kHighsInf)
    lp.row_upper_ = np.array(caps)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(values)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    with _silenced_stdout():
        highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("parallel", "off")
    highs.setOptionValue("random_seed", 0)
    highs.setOptionValue("time_limit", max(0.05, seconds))
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", 0.5)
    # The model's LP is nearly integral and HiGHS proves at the root: its presolve,
    # symmetry detection and primal heuristics cost more than half the time of a
    # neighbourhood at show scale and found nothing the root LP did not.
    highs.setOptionValue("presolve", "off")
    highs.setOptionValue("mip_detect_symmetry", False)
    highs.setOptionValue("mip_heuristic_effort", 0.0)
    if nodes is not None:  # a limit in work, not seconds: the same result on any machine
        highs.setOptionValue("mip_max_nodes", nodes)
    highs.passModel(lp)
    start = [1.0 if current.get(m) == slot else 0.0 for m, slot in columns]
    start += [1.0 if any(meetings[m].company_id() == c for m in current) else 0.0
              for c in companies]  # fmt: skip
    solution = highspy.HighsSolution()
    solution.col_value = start
    solution.value_valid = True
    highs.setSolution(solution)
    highs.run()
    optimal = highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    info = highs.getInfo()
    work = {"nodes": int(info.mip_node_count), "lp_iterations": int(info.simplex_iteration_count)}
    values_found = highs.getSolution().col_value
    if highs.getInfo().primal_solution_status == 2:  # a feasible solution
        found = {m: slot for (m, slot), v in zip(columns, values_found, strict=False) if v > 0.5}
        gain = sum(b + meetings[m].weight for m in found) - sum(
            b + meetings[m].weight for m in current
        )
        lonely = set(companies)
        gain += a * (
            len({meetings[m].company_id() for m in found} & lonely)
            - len({meetings[m].company_id() for m in current} & lonely)
        )
        if gain > 0:
            for m, slot in sorted(found.items()):
                state.place(m, slot)
            state.journal.clear()
            return Outcome(True, optimal, len(columns), **work)
    state.rollback(mark)
    return Outcome(False, optimal, len(columns), **work)
