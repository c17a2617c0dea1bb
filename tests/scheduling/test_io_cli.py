"""The JSON format and `pavilion schedule solve|check`, and a core without Django."""

import json
import subprocess
import sys

import pytest

from bench.scheduling.generator import generate
from pavilion.scheduling import io
from pavilion.scheduling.cli import main
from tests.scheduling.exact import light_company_problem


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
    written = json.loads(out.read_text())
    assert written["format"] == io.SOLUTION_FORMAT
    assert io.solution_to_dict(io.read_solution(out))["assignments"] == written["assignments"]
    scheduled = {a["meeting"] for a in written["assignments"]}
    unscheduled = {u["meeting"] for u in written["unscheduled"]}
    assert scheduled | unscheduled == {m.id for m in problem.meetings}
    assert all(u["reason"] for u in written["unscheduled"])


def test_day_quotas_round_trip():
    data = {
        "slots": [{"id": "s1", "day": "d1"}, {"id": "s2", "day": "d2"}],
        "participants": [{"id": "a", "day_quota": {"d1": 1}}, {"id": "b", "max_per_day": 2}],
        "meetings": [{"id": "m", "participants": ["a", "b"], "places": ["booth"]}],
    }
    problem = io.problem_from_dict(data)
    assert io.problem_to_dict(io.problem_from_dict(io.problem_to_dict(problem))) == (
        io.problem_to_dict(problem)
    )


def test_check_catches_a_hand_made_double_booking(tmp_path, capsys):
    problem = generate("tiny", seed=1)
    person = problem.meetings[0].participants[0]
    first, second = [m for m in problem.meetings if person in m.participants][:2]
    slot = problem.slots[0].id
    bad = {
        "assignments": [
            {"meeting": first.id, "slot": slot, "place": problem.tables[0].id},
            {"meeting": second.id, "slot": slot, "place": problem.tables[1].id},
        ]
    }
    (tmp_path / "p.json").write_text(json.dumps(io.problem_to_dict(problem)))
    (tmp_path / "s.json").write_text(json.dumps(bad))
    assert main(["check", str(tmp_path / "p.json"), str(tmp_path / "s.json")]) == 1
    out = capsys.readouterr().out
    assert f"violation: {person} is double-booked at {slot}" in out


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"slots": [{"id": "s1", "day": "d"}],
             "meetings": [{"id": "m", "participants": ["a", "b"]}]},
            "meetings[0].participants[0]: no participant 'a'",
        ),
        ({"slots": ["s1"]}, "slots[0]: must be an object"),
        ({"slots": [{"id": "s1"}]}, "slots[0].day: must be a non-empty string"),
        (
            {"slots": [{"id": "s1", "day": "d"}], "tables": [{"id": "t", "unavailable": ["s9"]}]},
            "tables[0].unavailable[0]: no slot 's9'",
        ),
        (
            {"participants": [{"id": "a"}, {"id": "b"}],
             "meetings": [{"id": "m", "participants": ["a", "b"], "weight": True}]},
            "meetings[0].weight: must be a whole number ≥ 1",
        ),
        ({"participants": [{"id": "a", "unavailable": [["s1"]]}]},
         "participants[0].unavailable[0]: must be a string"),
    ],
)  # fmt: skip
def test_a_bad_file_names_the_place(tmp_path, capsys, data, message):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    assert main(["check", str(path), str(path)]) == 2
    assert message in capsys.readouterr().err


def test_not_json_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "p.json"
    path.write_text("{nope")
    assert main(["solve", str(path), "-o", str(tmp_path / "s.json")]) == 2
    assert "not JSON" in capsys.readouterr().err


def test_the_core_imports_no_django():
    code = (
        "import sys, pavilion.scheduling, pavilion.scheduling.cli, pavilion.scheduling.bound, "
        "pavilion.scheduling.solver, pavilion.scheduling.validate, pavilion.scheduling.io, "
        "pavilion.scheduling.state, pavilion.scheduling.stats, pavilion.scheduling.index; "
        "bad = [m for m in sys.modules if m.startswith(('django', 'ortools'))]; "
        "assert not bad, bad"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_cli_runs_as_a_module(tmp_path):
    path = tmp_path / "problem.json"
    io.write_json(path, io.problem_to_dict(generate("tiny", seed=4)))
    out = tmp_path / "solution.json"
    command = [sys.executable, "-m", "pavilion.scheduling.cli", "solve", str(path), "-o", str(out)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "scheduled" in result.stdout and out.exists()


def test_the_weight_is_measured_against_the_bound_given_fairness(tmp_path, capsys):
    # The most weight (4) leaves company A out; serving both allows 3, and the optimal
    # schedule is reported as 100 % of that, by `solve` and by `check`.
    problem = light_company_problem()
    path, out = tmp_path / "problem.json", tmp_path / "solution.json"
    io.write_json(path, io.problem_to_dict(problem))
    assert main(["solve", str(path), "-o", str(out), "--time-limit", "5"]) == 0
    solved = capsys.readouterr().out
    assert "3. weight      3 (100.00% of the bound)" in solved
    assert json.loads(out.read_text())["stats"]["upper_bound_weight"] == 3
    assert main(["check", str(path), str(out)]) == 0
    assert "3. weight      3 (100.00% of the bound)" in capsys.readouterr().out
    # A schedule that leaves A out is measured against the plain bounds.
    unfair = {"assignments": [{"meeting": "B-Q", "slot": "s1", "place": "t1"}]}
    out.write_text(json.dumps(unfair))
    assert main(["check", str(path), str(out)]) == 0
    assert "3. weight      2 (50.00% of the bound)" in capsys.readouterr().out
