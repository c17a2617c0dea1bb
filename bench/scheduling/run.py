"""Benchmark: our scheduler against a first-come-first-served greedy and OR-Tools CP-SAT.

    .venv/bin/python -m bench.scheduling.run --scales mid,medium,show --time-limit 60

Every instance family (generator.FAMILIES) at every scale; all solvers on the
same instance in one process, each validated rule by rule, and reported in
the objective's order (docs/scheduling-format.md): companies without a
meeting beside the proven fewest, meetings and weight as a ratio to the
optimum where one was proven in the run (CP-SAT's "optimal", or ours) and to
the bound elsewhere, meetings per day, idle gaps, seconds.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

from bench.scheduling.generator import FAMILIES, SCALES, generate
from bench.scheduling.proof import time_indexed_weight_bound
from pavilion.scheduling import lns
from pavilion.scheduling.bound import fairness_bound, in_order, upper_bound
from pavilion.scheduling.index import Indexed, bits
from pavilion.scheduling.model import BOOTH, Assignment, Solution
from pavilion.scheduling.solver import solve, summary
from pavilion.scheduling.state import State
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
    """The whole time-indexed model, with the same lexicographic objective, handed to
    CP-SAT (2 workers) with the same time limit. Returns (solution, proven optimal?)."""
    started = time.monotonic()
    idx = Indexed.of(problem)
    state = State(idx)
    useful = [m for m, meeting in enumerate(problem.meetings) if idx.feasible(meeting)]
    counted = {problem.meetings[m].company_id() for m in useful}
    outcome = lns.resolve(state, useful, counted=counted, seconds=time_limit, seed=1, workers=2)
    state.to_tables()
    assignments = []
    used = [0] * idx.n_slots
    for m, (slot, kind) in sorted(state.placed.items()):
        place = BOOTH
        if kind != BOOTH:
            place = idx.tables_open[slot][used[slot]]
            used[slot] += 1
        assignments.append(Assignment(problem.meetings[m].id, problem.slots[slot].id, place))
    note = "optimal" if outcome.optimal else f"{outcome.variables:,} variables, not proven"
    if not outcome.improved and not outcome.optimal:
        note = f"no solution in the time limit ({outcome.variables:,} variables)"
    if time.monotonic() - started > time_limit * 1.5:
        note += "; building the model overran the limit"
    return Solution(assignments), note


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


def _pct(value, reference) -> str:
    return f"{value / reference:.2%}" if reference else "-"


def run_instance(scale, family, seed, time_limit, solvers, out=print, prove=0.0):
    """Every solver on one instance; rows of figures in the objective's order.

    ``prove``: seconds for the time-indexed MIP's bound on weight (bench/scheduling/proof.py),
    computed after the timed runs where no optimum is proven; 0 to skip it.
    """
    t = time.monotonic()
    problem = generate(scale, seed, family)
    out(
        f"\n## {family} · {scale} · seed {seed}: {len(problem.meetings):,} requests, "
        f"{len(problem.participants):,} participants, {len(problem.slots)} slots, "
        f"{len(problem.tables)} tables (generated in {time.monotonic() - t:.1f} s)"
    )
    t, bound_cpu = time.monotonic(), time.process_time()
    bound = upper_bound(problem, time_limit=time_limit, fairness=False)
    bound_seconds = time.monotonic() - t
    bound_cpu = time.process_time() - bound_cpu
    out(
        f"bound: {bound.meetings:,} meetings, weight {bound.weight:,}, "
        f"{bound.counted} companies that could meet ({bound_seconds:.1f} s)"
    )
    results = {}
    for name in solvers:
        t = time.monotonic()
        cpu = time.process_time()
        if name == "pavilion":
            # The bound is part of our method (it guides the search and proves): its time counts.
            solution = solve(
                problem, time_limit=max(1.0, time_limit - bound_seconds), bound=bound, seed=seed
            )
            seconds = time.monotonic() - t + bound_seconds
            note = solution.stats["proof"]
        elif name == "fcfs-greedy":
            solution, note = first_come_first_served(problem, time_limit), ""
            seconds = time.monotonic() - t
        else:
            solution, note = cp_sat(problem, time_limit)
            seconds = time.monotonic() - t
        # CPU seconds of this process (both cores count): on a machine shared with other
        # work, what the run would take alone; the bound's CPU counts for ours.
        cpu = time.process_time() - cpu + (bound_cpu if name == "pavilion" else 0.0)
        bad = violations(problem, solution)
        seconds = f"{seconds:.1f} / {cpu:.1f}"
        results[name] = (solution, summary(problem, solution), seconds, note, bad)
    # The reference: a proven optimum where one solver proved it (CP-SAT's "optimal" or
    # ours), otherwise the bounds, each given the terms before it (below).
    optimum = None
    for name, (solution, stats, _s, note, bad) in results.items():
        proven = note == "optimal" or (name == "pavilion" and solution.stats.get("optimal"))
        if proven and not bad:
            optimum = (stats["companies_without_meetings"], stats["scheduled"], stats["weight"])
    # Fairness: 0 is proven once any schedule leaves nobody out; else the coverage LP
    # (ours computes it when it needs it; otherwise computed here, outside the timings).
    fewest = 0
    if all(r[1]["companies_without_meetings"] for r in results.values()):
        ours = results.get("pavilion")
        fewest = ours[0].stats.get("fewest_companies_without_meetings") if ours else None
        if fewest is None:
            fewest = bound.counted - (fairness_bound(problem) or 0)
    if optimum:
        reference = "optimum"
        _fewest, meetings_ref, weight_ref = optimum
    else:
        # The bounds in the objective's order (bound.in_order), given the best schedule
        # found that leaves out only the proven fewest companies. Serving every company
        # can cost meetings and weight, which the plain bounds ignore.
        reference = "bound"
        meetings_ref, weight_ref = bound.meetings, bound.weight
        fair = [r[1] for r in results.values()
                if not r[4] and r[1]["companies_without_meetings"] == fewest]  # fmt: skip
        if fair:
            served = max(s["companies"] - s["companies_without_meetings"] for s in fair)
            best = max(s["scheduled"] for s in fair)
            given = in_order(problem, bound, served=served, meetings=best)
            meetings_ref, weight_ref = given.meetings, given.weight
            if prove > 0:
                t = time.monotonic()
                proven, status = time_indexed_weight_bound(
                    problem, meetings=best, served=served, seconds=prove
                )
                out(
                    f"time-indexed MIP: weight ≤ {proven} with ≥ {best:,} meetings and "
                    f"≥ {served:,} companies served (HiGHS: {status}, "
                    f"{time.monotonic() - t:.0f} s)"
                )
                if proven is not None and proven < weight_ref:
                    reference, weight_ref = "bound (weight: the time-indexed MIP's)", proven
    rows = []
    for name, (_solution, stats, seconds, note, bad) in results.items():
        per_day = "/".join(str(n) for n in stats["meetings_per_day"].values())
        rows.append(
            (
                family,
                scale,
                name,
                f"{stats['companies_without_meetings']} ({fewest})",
                f"{stats['scheduled']:,}",
                _pct(stats["scheduled"], meetings_ref),
                f"{stats['weight']:,}",
                _pct(stats["weight"], weight_ref),
                per_day,
                f"{stats['idle_gaps']:,}",
                seconds,
                f"{len(bad)} VIOLATIONS" if bad else (note or "valid"),
            )
        )
    out(f"reference: {reference} — {meetings_ref:,} meetings, weight {weight_ref:,}")
    return rows


HEADER = (
    "family",
    "scale",
    "solver",
    "no meeting (fewest)",
    "meetings",
    "of ref",
    "weight",
    "of ref",
    "per day",
    "idle gaps",
    "s wall / CPU",
    "note",
)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="mid,medium,show", help=f"of {', '.join(SCALES)}")
    parser.add_argument("--families", default=",".join(FAMILIES), help=", ".join(FAMILIES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument(
        "--prove",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="where no optimum is proven, bound weight by the time-indexed MIP "
        "(bench/scheduling/proof.py) for up to SECONDS, outside the timings (default: off)",
    )
    parser.add_argument(
        "--solvers",
        default="pavilion,fcfs-greedy,cp-sat",
        help="comma-separated subset to run (default: all three)",
    )
    args = parser.parse_args(argv)
    print(_environment())
    rows = []
    for scale in args.scales.split(","):
        for family in args.families.split(","):
            found = run_instance(
                scale,
                family,
                args.seed,
                args.time_limit,
                args.solvers.split(","),
                prove=args.prove,
            )
            for row in found:  # as they come, so a long run shows its progress
                print("  ".join(str(v) for v in row))
            rows += found
            sys.stdout.flush()
    print()
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "---|" * len(HEADER))
    for row in rows:
        print("| " + " | ".join(str(v) for v in row) + " |")


if __name__ == "__main__":
    main()
