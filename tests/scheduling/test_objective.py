"""The lexicographic objective: fairness, meetings, weight, then spread; exact and proven."""

import pytest
from hypothesis import given, settings

from bench.scheduling.generator import generate
from pavilion.scheduling import solver as solver_module
from pavilion.scheduling.bound import (
    fairness_bound,
    meetings_bound_given,
    upper_bound,
    weight_bound_given,
)
from pavilion.scheduling.model import Meeting, Participant, Problem, Slot, Table
from pavilion.scheduling.solver import solve
from pavilion.scheduling.validate import violations
from tests.scheduling.exact import lexicographic_optimum, light_company_problem, problems

D1, D2 = "2025-01-07", "2025-01-08"


def key(problem, solution):
    stats = solution.stats
    return (
        stats["companies"] - stats["companies_without_meetings"],
        stats["scheduled"],
        stats["weight"],
    )


@settings(max_examples=40, deadline=None)
@given(problems(max_slots=4, max_people=5, max_meetings=6))
def test_small_problems_are_solved_to_the_brute_force_optimum_and_say_so(problem):
    bound = upper_bound(problem)
    solution = solve(problem, time_limit=20, bound=bound)
    assert violations(problem, solution) == []
    assert key(problem, solution) == lexicographic_optimum(problem)
    assert solution.stats["optimal"] is True


def test_fairness_comes_before_the_number_of_meetings():
    # One slot, two tables. {A-Q, B-P} serves both companies; {B-Q} alone or {A-Q} alone
    # would serve one: fairness first, then the count.
    slots = [Slot("s1", D1)]
    people = [Participant(x) for x in ("A", "B", "P", "Q")]
    meetings = [
        Meeting("A-Q", ("A", "Q"), company="A"),
        Meeting("B-P", ("B", "P"), company="B"),
        Meeting("B-Q", ("B", "Q"), company="B"),
    ]
    problem = Problem(slots, [Table("t1"), Table("t2")], people, meetings)
    solution = solve(problem, bound=upper_bound(problem))
    assert sorted(a.meeting for a in solution.assignments) == ["A-Q", "B-P"]
    assert solution.stats["companies_without_meetings"] == 0


def test_serving_every_company_can_cost_weight_and_the_bound_given_fairness_says_so():
    problem = light_company_problem()
    bound = upper_bound(problem)
    assert (bound.meetings, bound.weight) == (2, 4)
    assert weight_bound_given(problem, meetings=2) == 4
    assert weight_bound_given(problem, meetings=2, served=2) == 3
    solution = solve(problem, bound=bound)
    assert key(problem, solution) == (2, 2, 3)
    assert solution.stats["optimal"] is True


def test_serving_every_company_can_cost_meetings_and_the_bound_given_fairness_says_so():
    # P and Q are free only in s1. A's only request is a round table with both; in s1,
    # B-P and C-Q would make two meetings where A's makes one.
    slots = [Slot("s1", D1), Slot("s2", D1)]
    people = [Participant(x) for x in ("A", "B", "C", "R", "S")] + [
        Participant(x, unavailable=frozenset({"s2"})) for x in ("P", "Q")
    ]
    meetings = [
        Meeting("A-PQ", ("A", "P", "Q"), company="A"),
        Meeting("B-P", ("B", "P"), company="B"),
        Meeting("C-Q", ("C", "Q"), company="C"),
        Meeting("B-R", ("B", "R"), company="B"),
        Meeting("C-S", ("C", "S"), company="C"),
    ]
    problem = Problem(slots, [Table("t1"), Table("t2")], people, meetings)
    assert upper_bound(problem).meetings == 4
    assert meetings_bound_given(problem, served=2) == 4
    assert meetings_bound_given(problem, served=3) == 3
    solution = solve(problem, bound=upper_bound(problem))
    assert key(problem, solution) == (3, 3, 3)
    # Proven by the bounds given fairness, and reported against them.
    assert solution.stats["proof"] == "bound reached"
    assert (solution.stats["upper_bound"], solution.stats["upper_bound_weight"]) == (3, 3)


def test_the_fewest_companies_without_a_meeting_is_proven_and_reached():
    # Three companies want only P, who is free in two slots: one must go without.
    slots = [Slot("s1", D1), Slot("s2", D1), Slot("s3", D1)]
    people = [Participant(x) for x in ("A", "B", "C", "Q")] + [
        Participant("P", unavailable=frozenset({"s3"}))
    ]
    meetings = [Meeting(f"{c}-P", (c, "P"), company=c) for c in "ABC"]
    problem = Problem(slots, [Table("t1")], people, meetings)
    assert fairness_bound(problem) == 2
    bound = upper_bound(problem)
    assert bound.fewest_without == 1
    solution = solve(problem, bound=bound)
    assert solution.stats["companies_without_meetings"] == 1
    assert solution.stats["optimal"] is True


def test_meetings_spread_over_the_days_a_participant_is_free():
    slots = [Slot(f"{d}-{k}", d) for d in (D1, D2) for k in range(4)]
    people = [Participant(x) for x in ("P", "a", "b", "c", "d")]
    meetings = [Meeting(f"P-{x}", ("P", x), company=x) for x in "abcd"]
    solution = solve(Problem(slots, [Table("t1")], people, meetings))
    assert solution.stats["meetings_per_day"] == {D1: 2, D2: 2}
    assert solution.stats["idle_gaps"] == 0  # and next to each other within each day


def test_preferred_times_win_among_equal_schedules():
    slots = [Slot(f"{d}-{k}", d) for d in (D1, D2) for k in range(3)]
    wished = frozenset({f"{D2}-1", f"{D2}-2"})
    people = [Participant("P", preferred=wished), Participant("a"), Participant("b")]
    meetings = [Meeting("P-a", ("P", "a"), company="a"), Meeting("P-b", ("P", "b"), company="b")]
    solution = solve(Problem(slots, [Table("t1")], people, meetings))
    assert {a.slot for a in solution.assignments} == wished


@pytest.mark.parametrize("scale", ["small", "mid"])
def test_where_some_companies_must_go_without_the_proven_fewest_is_reached_and_proven(
    scale, monkeypatch
):
    # The bench's "scarce" family: a fifth of the companies want only the few most wanted
    # partners. With the exact shortcut off, only the bounds given fairness prove it.
    monkeypatch.setattr(solver_module.Search, "EXACT_VARIABLES", 0)
    problem = generate(scale, seed=1, family="scarce")
    fewest = upper_bound(problem).fewest_without
    assert fewest > 0
    bound = upper_bound(problem, fairness=False)
    solution = solve(problem, time_limit=60, bound=bound, iterations=40)
    assert violations(problem, solution) == []
    assert solution.stats["companies_without_meetings"] == fewest
    assert solution.stats["proof"] == "bound reached"
    served = solution.stats["companies"] - fewest
    assert solution.stats["scheduled"] == meetings_bound_given(problem, served=served)
    assert solution.stats["scheduled"] < bound.meetings  # fairness cost meetings


def test_the_neighbourhood_search_only_ever_improves_the_construction(monkeypatch):
    problem = generate("small", seed=2, family="fragmented")
    bound = upper_bound(problem)
    monkeypatch.setattr(solver_module.Search, "EXACT_VARIABLES", 0)  # no exact shortcut
    built = solve(problem, time_limit=60, bound=bound, iterations=0)
    searched = solve(problem, time_limit=60, bound=bound, iterations=10)
    assert violations(problem, searched) == []
    assert searched.stats["neighbourhoods"] == 10
    assert key(problem, searched) >= key(problem, built)
    assert key(problem, searched) <= (bound.companies, bound.meetings, bound.weight)


def test_the_search_is_deterministic_for_a_seed(monkeypatch):
    monkeypatch.setattr(solver_module.Search, "EXACT_VARIABLES", 0)
    problem = generate("small", seed=4, family="roundtable")
    bound = upper_bound(problem)
    first = solve(problem, time_limit=60, bound=bound, iterations=8, seed=3)
    second = solve(problem, time_limit=60, bound=bound, iterations=8, seed=3)
    assert first.assignments == second.assignments


@pytest.mark.parametrize("limit", [0, -1, float("nan"), float("inf")])
def test_solve_refuses_a_time_limit_that_is_not_a_positive_number(limit):
    with pytest.raises(ValueError, match="time_limit"):
        solve(generate("tiny", seed=1), time_limit=limit)


def test_the_spread_polish_only_ever_lowers_the_spread_and_keeps_the_schedule_s_terms():
    problem = generate("small", seed=5, family="base")
    state = solver_module.State(solver_module.Indexed.of(problem))
    for m in range(len(problem.meetings)):  # everything in its earliest slot: badly spread
        mask = state.candidates(m)
        if mask:
            state.place(m, (mask & -mask).bit_length() - 1)

    def spread():
        solution = solver_module._solution(problem, state.idx, state, 0.0)
        stats = solution.stats
        return (stats["scheduled"], stats["weight"]), (stats["day_balance"], stats["idle_gaps"])

    terms, before = spread()
    solver_module._spread(state, deadline=float("inf"))
    after_terms, after = spread()
    assert after_terms == terms
    assert after < before
