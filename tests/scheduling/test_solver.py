"""The solver's choices: reasons, booths, quotas, fairness, gaps, and a generated instance."""

from bench.scheduling.generator import generate
from pavilion.scheduling.bound import upper_bound
from pavilion.scheduling.model import BOOTH, TABLE, Meeting, Participant, Problem, Slot, Table
from pavilion.scheduling.solver import solve
from pavilion.scheduling.validate import violations

DAY = "2025-01-07"


def test_unscheduled_meetings_say_why():
    slots = [Slot("s1", DAY)]
    people = [
        Participant("a"),
        Participant("b", unavailable=frozenset({"s1"})),
        Participant("c"),
        Participant("d"),
        Participant("e", max_per_day=0),
    ]
    meetings = [
        Meeting("never", ("a", "b")),
        Meeting("first", ("a", "c"), weight=2),
        Meeting("table", ("c", "d")),
        Meeting("quota", ("d", "e")),
    ]
    solution = solve(Problem(slots, [Table("t1")], people, meetings))
    assert [a.meeting for a in solution.assignments] == ["first"]
    assert solution.unscheduled == {
        "never": "no common free slot",
        "table": "participants are busy in every common free slot",
        "quota": "daily quota reached",
    }


def test_no_table_free_is_a_reason_too():
    slots = [Slot("s1", DAY)]
    people = [Participant(x) for x in ("a", "b", "c", "d")]
    meetings = [Meeting("ab", ("a", "b"), weight=2), Meeting("cd", ("c", "d"))]
    solution = solve(Problem(slots, [Table("t1")], people, meetings))
    assert solution.unscheduled == {"cd": "no table free in the common free slots"}


def test_tables_first_then_the_booth():
    slots = [Slot("s1", DAY)]
    people = [Participant(x) for x in ("c1", "p1", "c2", "p2")]
    meetings = [
        Meeting("flexible", ("c1", "p1"), places=(TABLE, BOOTH)),
        Meeting("needs-table", ("c2", "p2"), places=(TABLE,)),
    ]
    one_table = solve(Problem(slots, [Table("t1")], people, meetings))
    places = {a.meeting: a.place for a in one_table.assignments}
    assert places == {"needs-table": "t1", "flexible": BOOTH}  # both held: the booth takes one
    two_tables = solve(Problem(slots, [Table("t1"), Table("t2")], people, meetings))
    assert all(a.place != BOOTH for a in two_tables.assignments)  # the space is used first


def test_day_quotas_bind():
    slots = [Slot("s1", "d1"), Slot("s2", "d1"), Slot("s3", "d2")]
    people = [Participant("c1", day_quota=(("d1", 1),)), Participant("p1"), Participant("p2")]
    meetings = [Meeting("a", ("c1", "p1")), Meeting("b", ("c1", "p2"))]
    problem = Problem(slots, [Table("t1")], people, meetings)
    solution = solve(problem)
    days = sorted(problem.slots[problem.slot_index[a.slot]].day for a in solution.assignments)
    assert days == ["d1", "d2"]  # one on the first day, as its quota says; the other moves
    assert upper_bound(problem).meetings == 2


def test_every_company_gets_a_meeting_before_any_gets_two():
    # The partner is free once. Weight alone would give it to A (and A its second meeting
    # too), leaving B with nothing; fairness gives it to B, at no cost in meetings.
    slots = [Slot("s1", DAY), Slot("s2", DAY)]
    people = [
        Participant("A"),
        Participant("B"),
        Participant("P", unavailable=frozenset({"s2"})),
        Participant("Q"),
    ]
    meetings = [
        Meeting("A-P", ("A", "P"), weight=3, company="A"),
        Meeting("A-Q", ("A", "Q"), company="A"),
        Meeting("B-P", ("B", "P"), company="B"),
    ]
    problem = Problem(slots, [Table("t1"), Table("t2")], people, meetings)
    bound = upper_bound(problem)
    solution = solve(problem, hints=bound.values, days=bound.days)
    assert sorted(a.meeting for a in solution.assignments) == ["A-Q", "B-P"]
    assert solution.stats["companies_without_meetings"] == 0


def test_a_participants_meetings_are_next_to_each_other():
    slots = [Slot(f"s{i}", DAY) for i in range(6)]
    people = [Participant(x) for x in ("P", "a", "b", "c")]
    meetings = [Meeting(f"P-{x}", ("P", x)) for x in ("a", "b", "c")]
    solution = solve(Problem(slots, [Table("t1")], people, meetings))
    assert len(solution.assignments) == 3
    assert solution.stats["idle_gaps"] == 0


def test_a_generated_instance_is_solved_close_to_the_bound():
    problem = generate("small", seed=3)
    bound = upper_bound(problem)
    solution = solve(problem, hints=bound.values, days=bound.days)
    assert violations(problem, solution) == []
    assert len(solution.assignments) >= 0.99 * bound.meetings
    assert solution.stats["companies_without_meetings"] == 0


def test_a_bound_cut_short_by_the_time_limit_is_weak_but_still_true():
    problem = generate("small", seed=3)
    rushed = upper_bound(problem, time_limit=1e-6)
    solution = solve(problem, hints=rushed.values, days=rushed.days)
    assert violations(problem, solution) == []
    assert rushed.meetings >= upper_bound(problem).meetings >= len(solution.assignments)


def test_without_the_lp_the_bound_is_still_below_the_number_of_requests():
    # Companies hold one meeting per free slot: with more requests than that, the bound
    # the solver falls back on when the LPs run out of time says so (it used to be simply
    # the number of requests).
    problem = generate("small", seed=3)
    rushed = upper_bound(problem, time_limit=1e-6)
    assert rushed.values == {}  # no LP finished
    assert upper_bound(problem).meetings <= rushed.meetings < len(problem.meetings)
    assert rushed.weight < sum(m.weight for m in problem.meetings)


def test_the_count_bound_is_the_plain_count_lp_rounded_down():
    # The count LP is solved with costs 1 + ε·weight (guiding by weight too); the bound it
    # reports is for costs 1 and must not exceed the plain LP's value rounded down.
    import math

    import numpy as np

    from pavilion.scheduling import bound as b
    from pavilion.scheduling.index import Indexed

    problem = generate("small", seed=3, family="weighted")
    idx = Indexed.of(problem)
    columns = b._columns(idx)
    lp, *_ = b._day_lp(idx, columns)
    lp.col_cost_ = np.ones(len(columns))
    highs = b._prepare_solver(lp, 60)
    highs.run()
    plain = math.floor(highs.getInfo().objective_function_value + 1e-7)
    assert upper_bound(problem).meetings == plain
