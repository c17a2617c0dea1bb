"""The scheduler core: valid solutions, a bound that holds, the CLI, and no Django."""

import itertools
import json
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.scheduling.generator import generate
from pavilion.scheduling import io
from pavilion.scheduling.bound import upper_bound
from pavilion.scheduling.cli import main
from pavilion.scheduling.model import BOOTH, TABLE, Meeting, Participant, Problem, Slot, Table
from pavilion.scheduling.solver import solve
from pavilion.scheduling.validate import violations


@st.composite
def problems(draw):
    n_slots = draw(st.integers(1, 4))
    days = draw(st.sampled_from([["2025-01-07"], ["2025-01-07", "2025-01-08"]]))
    slots = [Slot(id=f"s{i}", day=days[i % len(days)]) for i in range(n_slots)]
    ids = [s.id for s in slots]
    tables = [
        Table(id=f"t{i}", unavailable=frozenset(draw(st.sets(st.sampled_from(ids)))))
        for i in range(draw(st.integers(0, 2)))
    ]
    people = [
        Participant(
            id=f"x{i}",
            unavailable=frozenset(draw(st.sets(st.sampled_from(ids)))),
            max_per_day=draw(st.one_of(st.none(), st.integers(0, 2))),
            day_quota=tuple(
                sorted(draw(st.dictionaries(st.sampled_from(days), st.integers(0, 1))).items())
            ),
        )
        for i in range(draw(st.integers(2, 5)))
    ]
    pairs = draw(
        st.lists(st.sampled_from(list(itertools.combinations(range(len(people)), 2))), max_size=7)
    )
    meetings = [
        Meeting(
            id=f"m{k}",
            participants=(people[a].id, people[b].id),
            weight=draw(st.integers(1, 3)),
            places=draw(st.sampled_from([(TABLE,), (BOOTH,), (TABLE, BOOTH)])),
        )
        for k, (a, b) in enumerate(pairs)
    ]
    return Problem(slots=slots, tables=tables, participants=people, meetings=meetings)


def optimum(problem: Problem) -> int:
    """The most meetings any schedule can hold, by trying every choice (tiny problems only)."""
    options = [None]
    choices = []
    for m in problem.meetings:
        places = [(s.id, BOOTH) for s in problem.slots if BOOTH in m.places]
        places += [(s.id, t.id) for s in problem.slots for t in problem.tables if TABLE in m.places]
        choices.append(options + places)
    best = 0
    for combo in itertools.product(*choices):
        from pavilion.scheduling.model import Assignment, Solution

        chosen = [
            Assignment(m.id, c[0], c[1]) for m, c in zip(problem.meetings, combo, strict=True) if c
        ]
        if len(chosen) > best and not violations(problem, Solution(chosen)):
            best = len(chosen)
    return best


@settings(max_examples=60, deadline=None)
@given(problems())
def test_every_solution_is_valid_and_within_the_bound(problem):
    bound = upper_bound(problem)
    solution = solve(problem, hints=bound.values)
    assert violations(problem, solution) == []
    assert len(solution.assignments) <= bound.meetings
    assert solution.weight(problem) <= bound.weight
    placed = {a.meeting for a in solution.assignments}
    assert placed | set(solution.unscheduled) == {m.id for m in problem.meetings}


@settings(max_examples=25, deadline=None)
@given(problems().filter(lambda p: len(p.meetings) <= 4 and len(p.slots) <= 3))
def test_the_bound_is_never_below_the_true_optimum(problem):
    best = optimum(problem)
    assert upper_bound(problem).meetings >= best
    assert len(solve(problem).assignments) <= best


def test_a_generated_instance_is_solved_close_to_the_bound():
    problem = generate("small", seed=3)
    bound = upper_bound(problem)
    solution = solve(problem, hints=bound.values)
    assert violations(problem, solution) == []
    assert len(solution.assignments) >= 0.97 * bound.meetings
    assert solution.stats["companies_without_meetings"] == 0


def test_unscheduled_meetings_say_why():
    slots = [Slot("s1", "2025-01-07")]
    people = [
        Participant("a"),
        Participant("b", unavailable=frozenset({"s1"})),
        Participant("c"),
        Participant("d"),
    ]
    meetings = [
        Meeting("never", ("a", "b")),
        Meeting("first", ("a", "c"), weight=2),
        Meeting("table", ("c", "d")),
    ]
    problem = Problem(slots, [Table("t1")], people, meetings)
    solution = solve(problem)
    assert [a.meeting for a in solution.assignments] == ["first"]
    assert solution.unscheduled["never"] == "no common free slot"
    assert solution.unscheduled["table"] == "participants are busy in every common free slot"


def test_the_validator_catches_a_double_booking(tmp_path):
    problem = generate("tiny", seed=1)
    first, second = [
        m for m in problem.meetings if m.participants[0] == problem.meetings[0].participants[0]
    ][:2]
    bad = {
        "assignments": [
            {"meeting": first.id, "slot": problem.slots[0].id, "place": problem.tables[0].id},
            {"meeting": second.id, "slot": problem.slots[0].id, "place": problem.tables[1].id},
        ]
    }
    (tmp_path / "p.json").write_text(json.dumps(io.problem_to_dict(problem)))
    (tmp_path / "s.json").write_text(json.dumps(bad))
    assert main(["check", str(tmp_path / "p.json"), str(tmp_path / "s.json")]) == 1


def test_cli_round_trips_the_format(tmp_path, capsys):
    problem = generate("tiny", seed=2)
    path = tmp_path / "problem.json"
    io.write_json(path, io.problem_to_dict(problem))
    assert io.problem_to_dict(io.read_problem(path)) == io.problem_to_dict(problem)
    out = tmp_path / "solution.json"
    assert main(["solve", str(path), "-o", str(out), "--time-limit", "5"]) == 0
    assert main(["check", str(path), str(out)]) == 0
    text = capsys.readouterr().out
    assert "violations     0" in text and "upper bound" in text
    solution = io.read_solution(out)
    assert (
        io.solution_to_dict(io.solution_from_dict(io.solution_to_dict(solution)))["assignments"]
        == json.loads(out.read_text())["assignments"]
    )


def test_a_bad_file_names_the_place(tmp_path, capsys):
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps(
            {
                "slots": [{"id": "s1", "day": "2025-01-07"}],
                "meetings": [{"id": "m1", "participants": ["a", "b"]}],
            }
        )
    )
    assert main(["check", str(path), str(path)]) == 2
    assert "meetings[0].participants[0]: no participant 'a'" in capsys.readouterr().err


def test_the_core_imports_no_django():
    code = (
        "import sys, pavilion.scheduling, pavilion.scheduling.cli, pavilion.scheduling.bound, "
        "pavilion.scheduling.solver, pavilion.scheduling.validate, pavilion.scheduling.io; "
        "assert not [m for m in sys.modules if m.startswith('django')], 'django imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_tables_first_then_the_booth():
    slots = [Slot("s1", "2025-01-07")]
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


def test_day_quotas_round_trip_and_bind():
    slots = [Slot("s1", "d1"), Slot("s2", "d1"), Slot("s3", "d2")]
    people = [Participant("c1", day_quota=(("d1", 1),)), Participant("p1"), Participant("p2")]
    meetings = [Meeting("a", ("c1", "p1")), Meeting("b", ("c1", "p2"))]
    problem = Problem(slots, [Table("t1")], people, meetings)
    assert io.problem_to_dict(io.problem_from_dict(io.problem_to_dict(problem))) == (
        io.problem_to_dict(problem)
    )
    solution = solve(problem)
    days = sorted(problem.slots[problem.slot_index[a.slot]].day for a in solution.assignments)
    assert days == ["d1", "d2"]  # one on the first day, as its quota says; the other moves
    assert upper_bound(problem).meetings == 2
