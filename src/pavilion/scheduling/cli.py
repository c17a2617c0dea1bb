"""``pavilion schedule solve|check``: the scheduler for organisers using other tools too.

    pavilion schedule solve PROBLEM.json -o SOLUTION.json [--time-limit S] [--seed N]
    pavilion schedule check PROBLEM.json SOLUTION.json

``check`` prints every violation, the number scheduled, the upper bound and
the ratio, and exits 1 if there is any violation (2 if a file is unreadable).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time

from pavilion.scheduling import io
from pavilion.scheduling.bound import in_order, upper_bound
from pavilion.scheduling.solver import solve, summary
from pavilion.scheduling.validate import violations


def _ratio(value, bound) -> str:
    return f"{value / bound:.2%}" if bound else "n/a"


def _report(problem, solution, bound, out):
    """The figures in the objective's order (docs/scheduling-format.md), each beside its bound."""
    stats = summary(problem, solution)
    print(
        f"1. fairness    {stats['companies_without_meetings']} of {stats['companies']} companies "
        f"without a meeting (no schedule has fewer than {bound.fewest_without})",
        file=out,
    )
    print(f"2. scheduled   {stats['scheduled']} of {stats['requested']} requested", file=out)
    print(f"upper bound    {bound.meetings} meetings, weight {bound.weight}", file=out)
    print(f"ratio          {_ratio(stats['scheduled'], bound.meetings)} of the bound", file=out)
    print(
        f"3. weight      {stats['weight']} ({_ratio(stats['weight'], bound.weight)} of the bound)",
        file=out,
    )
    per_day = ", ".join(f"{day} {n}" for day, n in stats["meetings_per_day"].items())
    print(f"4. spread      per day: {per_day}", file=out)
    print(f"idle gaps      {stats['idle_gaps']} slots", file=out)


def cmd_solve(args) -> int:
    started = time.monotonic()
    problem = io.read_problem(args.problem)
    # The coverage LP (fairness) runs inside the search, only if a company is left out.
    bound = upper_bound(problem, time_limit=args.time_limit, fairness=False)
    # The time limit covers the whole run; the bound's LP also guides the solver.
    left = max(1.0, args.time_limit - (time.monotonic() - started))
    solution = solve(problem, time_limit=left, bound=bound, seed=args.seed)
    fewest = solution.stats.get("fewest_companies_without_meetings", 0)
    bound = dataclasses.replace(
        bound,
        companies=bound.counted - fewest,
        meetings=solution.stats.get("upper_bound", bound.meetings),
        weight=solution.stats.get("upper_bound_weight", bound.weight),
    )
    solution.stats.update(
        upper_bound=bound.meetings,
        upper_bound_weight=bound.weight,
        fewest_companies_without_meetings=fewest,
    )
    io.write_json(args.output, io.solution_to_dict(solution))
    _report(problem, solution, bound, sys.stdout)
    verdict = "optimal" if solution.stats["optimal"] else "not proven optimal"
    print(f"result         {verdict} ({solution.stats['proof']})")
    print(f"written        {args.output}")
    return 0


def _bound_in_order(problem, solution, time_limit, *, valid: bool):
    """The bounds, each given the terms before it, where the solution leaves out only the
    proven fewest companies: the optimum then serves as many, which bounds its count,
    and holds at least as many meetings as the solution, which bounds its weight."""
    bound = upper_bound(problem, time_limit=time_limit)
    stats = summary(problem, solution)
    served = stats["companies"] - stats["companies_without_meetings"]
    if not valid or served < bound.companies:
        return bound
    return in_order(
        problem, bound, served=served, meetings=stats["scheduled"], time_limit=time_limit
    )


def cmd_check(args) -> int:
    problem = io.read_problem(args.problem)
    solution = io.read_solution(args.solution)
    found = violations(problem, solution)
    for line in found:
        print(f"violation: {line}")
    bound = _bound_in_order(problem, solution, args.time_limit, valid=not found)
    _report(problem, solution, bound, sys.stdout)
    print(f"violations     {len(found)}")
    return 1 if found else 0


def _seconds(text: str) -> float:
    """A time limit: a positive, finite number of seconds (0, negative or NaN are refused)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not (0 < value < float("inf")):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pavilion schedule", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("solve", help="schedule the meetings of a problem file")
    s.add_argument("problem")
    s.add_argument("-o", "--output", required=True)
    s.add_argument("--time-limit", type=_seconds, default=60.0, help="seconds (default 60)")
    s.add_argument("--seed", type=int, default=0, help="the search's seed (default 0)")
    s.set_defaults(func=cmd_solve)
    c = sub.add_parser("check", help="validate a solution against its problem")
    c.add_argument("problem")
    c.add_argument("solution")
    c.add_argument("--time-limit", type=_seconds, default=60.0, help="for the bound (default 60)")
    c.set_defaults(func=cmd_check)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (io.FormatError, OSError) as exc:
        print(f"pavilion schedule: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
