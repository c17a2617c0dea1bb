"""Benchmark: our scheduler against a first-come-first-served greedy and OR-Tools CP-SAT.

    .venv/bin/python -m bench.scheduling.run --scale show --time-limit 60 --seed 1

All run on the same generated instance in one process; each is validated and
reported against the same upper bound (scheduled, weight, ratio to the bound,
seconds, the fewest meetings any company with a feasible request got).
CP-SAT is optional (pip install '.[bench]').
"""

from __future__ import annotations

import argparse
import os
import platform
import time

from bench.scheduling.generator import SCALES, generate
from pavilion.scheduling.bound import upper_bound
from pavilion.scheduling.index import Indexed, bits
from pavilion.scheduling.model import BOOTH, Assignment, Solution
from pavilion.scheduling.solver import solve, summary
from pavilion.scheduling.validate import violations


def first_come_first_served(problem, time_limit):
    """Requests in the order they came, each in the first slot and table still free."""
    idx = Indexed.of(problem)
    busy, per_day, used = {}, {}, [0] * idx.n_slots
    assignments = []
    for meeting in problem.meetings:
        mask = idx.common(meeting) & idx.places_mask(meeting)
        for person in meeting.participants:
            mask &= ~busy.get(person, 0)
        for slot in bits(mask):
            day = idx.day_of[slot]
            if any(
                idx.quota[(p, day)] is not None and per_day.get((p, day), 0) >= idx.quota[(p, day)]
                for p in meeting.participants
            ):
                continue
            booth = BOOTH in meeting.places
            if not booth and used[slot] >= len(idx.tables_open[slot]):
                continue
            place = BOOTH if booth else idx.tables_open[slot][used[slot]]
            if not booth:
                used[slot] += 1
            for person in meeting.participants:
                busy[person] = busy.get(person, 0) | 1 << slot
                per_day[(person, day)] = per_day.get((person, day), 0) + 1
            assignments.append(Assignment(meeting.id, problem.slots[slot].id, place))
            break
    return Solution(assignments)


def cp_sat(problem, time_limit):
    """The whole time-indexed model handed to CP-SAT with the same time limit."""
    try:
        from ortools.sat.python import cp_model
    except ImportError:
        return None, "ortools not installed"
    started = time.monotonic()
    idx = Indexed.of(problem)
    model = cp_model.CpModel()
    x = {}
    by_person_slot, by_slot_table, by_person_day = {}, {}, {}
    for m, meeting in enumerate(problem.meetings):
        mask = idx.common(meeting) & idx.places_mask(meeting)
        for slot in bits(mask):
            var = model.new_bool_var(f"x{m}_{slot}")
            x[(m, slot)] = var
            for person in meeting.participants:
                by_person_slot.setdefault((person, slot), []).append(var)
                by_person_day.setdefault((person, idx.day_of[slot]), []).append(var)
            if BOOTH not in meeting.places:
                by_slot_table.setdefault(slot, []).append(var)
        if time.monotonic() - started > time_limit:
            return Solution([]), "the model could not even be built within the time limit"
    per_meeting = {}
    for (m, _slot), var in x.items():
        per_meeting.setdefault(m, []).append(var)
    for variables in per_meeting.values():
        model.add_at_most_one(variables)
    for variables in by_person_slot.values():
        model.add_at_most_one(variables)
    for slot, variables in by_slot_table.items():
        model.add(sum(variables) <= len(idx.tables_open[slot]))
    for (person, day), variables in by_person_day.items():
        if idx.quota[(person, day)] is not None:
            model.add(sum(variables) <= idx.quota[(person, day)])
    model.maximize(sum(problem.meetings[m].weight * var for (m, _s), var in x.items()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(1.0, time_limit - (time.monotonic() - started))
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Solution([]), "no solution within the time limit"
    used = [0] * idx.n_slots
    assignments = []
    for (m, slot), var in x.items():
        if solver.value(var):
            meeting = problem.meetings[m]
            if BOOTH in meeting.places:
                place = BOOTH
            else:
                place = idx.tables_open[slot][used[slot]]
                used[slot] += 1
            assignments.append(Assignment(meeting.id, problem.slots[slot].id, place))
    return Solution(assignments), ""


def _environment() -> str:
    """What the figures were measured on, to copy into docs/performance.md."""
    from importlib.metadata import PackageNotFoundError, version

    versions = []
    for package in ("highspy", "ortools"):
        try:
            versions.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            versions.append(f"{package} missing")
    return (
        f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        + ", ".join(versions)
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=list(SCALES), default="medium")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument(
        "--solvers",
        default="pavilion,fcfs-greedy,cp-sat",
        help="comma-separated subset to run (default: all three)",
    )
    args = parser.parse_args(argv)
    print(_environment())
    t = time.monotonic()
    problem = generate(args.scale, args.seed)
    print(
        f"instance {args.scale} seed {args.seed}: {len(problem.meetings)} requests, "
        f"{len(problem.participants)} participants, {len(problem.slots)} slots, "
        f"{len(problem.tables)} tables (generated in {time.monotonic() - t:.1f} s)"
    )
    t = time.monotonic()
    bound = upper_bound(problem, time_limit=args.time_limit)
    bound_seconds = time.monotonic() - t
    print(f"upper bound: {bound.meetings} meetings, weight {bound.weight} ({bound_seconds:.1f} s)")
    rows = []

    def ours(problem, limit):
        # The bound is part of our method (its LP values guide the greedy): its time counts.
        solution = solve(
            problem,
            time_limit=max(1.0, limit - bound_seconds),
            hints=bound.values,
            days=bound.days,
        )
        return solution, ""

    for name, run in [
        ("pavilion", ours),
        ("fcfs-greedy", first_come_first_served),
        ("cp-sat", cp_sat),
    ]:
        if name not in args.solvers.split(","):
            continue
        t = time.monotonic()
        result = run(problem, args.time_limit)
        seconds = time.monotonic() - t + (bound_seconds if name == "pavilion" else 0.0)
        solution, note = result if isinstance(result, tuple) else (result, "")
        if solution is None:
            rows.append((name, "-", "-", "-", "-", "-", "-", "-", note))
            continue
        bad = violations(problem, solution)
        stats = summary(problem, solution)
        rows.append(
            (
                name,
                stats["scheduled"],
                stats["weight"],
                f"{stats['scheduled'] / bound.meetings:.2%}" if bound.meetings else "-",
                f"{stats['weight'] / bound.weight:.2%}" if bound.weight else "-",
                f"{seconds:.1f}",
                f"{stats['min_meetings_per_company']} / {stats['companies_without_meetings']}",
                stats["idle_gaps"],
                note or (f"{len(bad)} VIOLATIONS" if bad else "valid"),
            )
        )
    header = (
        "solver",
        "scheduled",
        "weight",
        "of bound",
        "weight of bound",
        "seconds",
        "min/co · zero",
        "idle gaps",
        "note",
    )
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
