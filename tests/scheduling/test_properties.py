"""Properties: every solution passes the validator, and bound ≥ optimum ≥ solver."""

from hypothesis import given, settings

from pavilion.scheduling.bound import upper_bound
from pavilion.scheduling.solver import solve
from pavilion.scheduling.validate import violations
from tests.scheduling.exact import optimum, problems


@settings(max_examples=80, deadline=None)
@given(problems())
def test_every_solution_is_valid_and_within_the_bound(problem):
    bound = upper_bound(problem)
    solution = solve(problem, hints=bound.values, days=bound.days)
    assert violations(problem, solution) == []
    assert len(solution.assignments) <= bound.meetings
    assert solution.weight(problem) <= bound.weight
    placed = {a.meeting for a in solution.assignments}
    assert placed.isdisjoint(solution.unscheduled)
    assert placed | set(solution.unscheduled) == {m.id for m in problem.meetings}


@settings(max_examples=60, deadline=None)
@given(problems(max_slots=6, max_people=6, max_meetings=9))
def test_the_bound_is_never_below_the_true_optimum(problem):
    bound = upper_bound(problem)
    best_count = optimum(problem)
    best_weight = optimum(problem, weighted=True)
    assert bound.meetings >= best_count
    assert bound.weight >= best_weight
    solution = solve(problem, hints=bound.values, days=bound.days)
    assert len(solution.assignments) <= best_count
    assert solution.weight(problem) <= best_weight


@settings(max_examples=30, deadline=None)
@given(problems())
def test_the_solver_is_deterministic(problem):
    first, second = solve(problem), solve(problem)
    assert first.assignments == second.assignments
    assert first.unscheduled == second.unscheduled
