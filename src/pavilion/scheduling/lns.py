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
from pavilion.scheduling.model import TABLE
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


@dataclass
class Model:
    """A neighbourhood's exact model, built from the state and then independent of it.

    The state is left as it was, so the model can be solved in another thread
    while the search builds the next one (``Search``): HiGHS releases the GIL.
    """

    neighbourhood: list[int]
    current: dict[int, int]  # meeting → slot, of the neighbourhood's placed meetings
    columns: list[tuple[int, int]]  # (meeting, slot) per binary variable
    people: frozenset[str]  # every participant the model may re-place
    # Free tables (slot → how many) the model may take: a model built while this
    # one is solved must leave them, so both results fit together.
    claimed: dict[int, int]
    lp: object = None  # highspy.HighsLp
    start: list[float] | None = None


@dataclass
class Result:
    found: dict[int, int] | None  # meeting → slot, None if HiGHS found no solution
    optimal: bool
    nodes: int = 0
    lp_iterations: int = 0


def build_mip(
    state: State,
    neighbourhood: list[int],
    *,
    counted: set[str],
    claimed: dict[int, int] | None = None,
) -> Model:
    """The time-indexed model of re-placing the neighbourhood in the room the rest leaves.

    ``claimed``: free tables another model being solved may take (slot → how
    many); this model leaves them. The objective is the lexicographic one as one
    sum (module docstring); the current placement is the start.
    """
    from pavilion.scheduling.bound import packing_lp

    meetings = state.meetings
    current = {m: state.placed[m][0] for m in neighbourhood if m in state.placed}
    own_tables: dict[int, int] = {}
    for m in current:
        if state.placed[m][1] == TABLE:
            own_tables[current[m]] = own_tables.get(current[m], 0) + 1
    claimed = claimed or {}
    mark = state.mark()
    for m in current:
        state.remove(m)
    idx = state.idx
    columns: list[tuple[int, int]] = []
    rows: dict = {}
    caps: list[float] = []
    entries: list[list[int]] = []  # column → rows
    tables: dict[int, int] = {}  # slot → tables the model may use there

    def row(key, cap):
        if key not in rows:
            rows[key] = len(caps)
            caps.append(float(cap))
        return rows[key]

    served = {meetings[m].company_id() for m in state.placed}
    for m in neighbourhood:
        for slot in bits(state.candidates(m)):
            if state.needs_table[m]:
                if slot not in tables:
                    free = state.capacity[slot] - state.tables_used[slot]
                    tables[slot] = max(0, free - claimed.get(slot, 0))
                if not tables[slot]:
                    continue  # every free table there is the other model's
            day = idx.day_of[slot]
            mine = [row(("meeting", m), 1)]
            for person in state.members[m]:
                mine.append(row(("slot", person, slot), 1))
                quota = idx.quota[(person, day)]
                if quota is not None:
                    left = quota - state.per_day.get((person, day), 0)
                    mine.append(row(("day", person, day), left))
            if state.needs_table[m]:
                mine.append(row(("tables", slot), tables[slot]))
            company = meetings[m].company_id()
            if company in counted and company not in served:
                mine.append(row(("company", company), 0))
            columns.append((m, slot))
            entries.append(mine)
    state.rollback(mark)
    people = frozenset(p for m in neighbourhood for p in state.members[m])
    model = Model(
        neighbourhood=list(neighbourhood),
        current=current,
        columns=columns,
        people=people,
        # The tables it may use beyond those its own meetings free.
        claimed={
            s: n - own_tables.get(s, 0) for s, n in tables.items() if n > own_tables.get(s, 0)
        },
    )
    if not columns:
        return model
    companies = sorted(k[1] for k in rows if k[0] == "company")
    placed_in = {m for m, _slot in columns}
    total_weight = sum(meetings[m].weight for m in placed_in)
    b = total_weight + 1
    a = b * (len(placed_in) + 1)
    starts, index, values, costs = [0], [], [], []
    company_rows = {rows[("company", c)] for c in companies}
    for (m, _slot), mine in zip(columns, entries, strict=True):
        index.extend(mine)
        # The company rows hold −1 for x: y[c] − Σ x ≤ 0.
        values.extend(-1.0 if r in company_rows else 1.0 for r in mine)
        starts.append(len(index))
        costs.append(float(b + meetings[m].weight))
    for company in companies:  # y[c] is 1 only if the company meets someone
        index.append(rows[("company", company)])
        values.append(1.0)
        starts.append(len(index))
        costs.append(float(a))
    model.lp = packing_lp(caps, starts, index, values, costs, integer=True)
    model.start = [1.0 if current.get(m) == slot else 0.0 for m, slot in columns]
    meeting_now = {meetings[m].company_id() for m in current}
    model.start += [1.0 if c in meeting_now else 0.0 for c in companies]
    return model


def run_mip(model: Model, *, seconds: float, nodes: int | None = None) -> Result:
    """Solve the model with HiGHS's MIP; reads and writes no state (safe in a thread)."""
    import highspy

    from pavilion.scheduling.bound import _silenced_stdout

    if model.lp is None:
        return Result(found=None, optimal=True)
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
    highs.passModel(model.lp)
    solution = highspy.HighsSolution()
    solution.col_value = model.start
    solution.value_valid = True
    highs.setSolution(solution)
    highs.run()  # releases the GIL
    info = highs.getInfo()
    found = None
    if info.primal_solution_status == 2:  # a feasible solution
        values = highs.getSolution().col_value
        found = {m: slot for (m, slot), v in zip(model.columns, values, strict=False) if v > 0.5}
    return Result(
        found=found,
        optimal=highs.getModelStatus() == highspy.HighsModelStatus.kOptimal,
        nodes=int(info.mip_node_count),
        lp_iterations=int(info.simplex_iteration_count),
    )


def objective_key(state: State, counted: set[str]) -> tuple[int, int, int]:
    """The schedule's first three terms: companies served (of ``counted``), meetings, weight."""
    meetings = state.meetings
    served = {meetings[m].company_id() for m in state.placed} & counted
    return len(served), len(state.placed), sum(meetings[m].weight for m in state.placed)


def apply(state: State, model: Model, result: Result, *, counted: set[str]) -> bool:
    """Re-place the neighbourhood as the result says if that is strictly better now.

    The state may have changed since the model was built (another model's
    result, on other participants and other tables); every placement is
    checked against it, and anything that no longer fits is not applied.
    """
    if result.found is None:
        return False
    if any(state.placed.get(m, (None,))[0] != slot for m, slot in model.current.items()):
        return False
    before = objective_key(state, counted)
    mark = state.mark()
    for m in model.current:
        state.remove(m)
    for m, slot in sorted(result.found.items()):
        if not state.candidates(m) >> slot & 1:
            state.rollback(mark)
            return False
        state.place(m, slot)
    if objective_key(state, counted) > before:
        state.journal.clear()
        return True
    state.rollback(mark)
    return False


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
    model = build_mip(state, neighbourhood, counted=counted)
    result = run_mip(model, seconds=seconds, nodes=nodes)
    improved = apply(state, model, result, counted=counted)
    return Outcome(improved, result.optimal, len(model.columns), result.nodes, result.lp_iterations)
