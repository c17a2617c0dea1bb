"""Input care: byte-order marks, time limits, repeated meetings, quota-0 partners, places."""

import json

import pytest

from bench.scheduling.generator import generate
from pavilion.scheduling import io
from pavilion.scheduling.cli import main
from pavilion.scheduling.model import Assignment, Meeting, Participant, Problem, Slot, Solution
from pavilion.scheduling.stats import summary
from pavilion.scheduling.validate import violations

DAY = "2025-01-07"


def test_a_utf8_byte_order_mark_is_accepted(tmp_path, capsys):
    problem = generate("tiny", seed=1)
    path = tmp_path / "problem.json"
    text = json.dumps(io.problem_to_dict(problem), ensure_ascii=False)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert io.problem_to_dict(io.read_problem(path)) == io.problem_to_dict(problem)
    out = tmp_path / "solution.json"
    assert main(["solve", str(path), "-o", str(out), "--time-limit", "5"]) == 0
    solution = out.read_bytes()
    out.write_bytes(b"\xef\xbb\xbf" + solution)
    assert main(["check", str(path), str(out)]) == 0


@pytest.mark.parametrize("limit", ["0", "-5", "nan", "inf", "soon"])
def test_a_time_limit_that_is_not_a_positive_number_is_refused(tmp_path, capsys, limit):
    path = tmp_path / "problem.json"
    io.write_json(path, io.problem_to_dict(generate("tiny", seed=1)))
    solve = ["solve", str(path), "-o", str(tmp_path / "s.json")]
    check = ["check", str(path), str(path)]
    for command in (solve, check):
        with pytest.raises(SystemExit) as exit_:
            main([*command, f"--time-limit={limit}"])
        assert exit_.value.code == 2
        assert "--time-limit" in capsys.readouterr().err
    assert not (tmp_path / "s.json").exists()


def test_a_meeting_placed_twice_is_a_violation_and_counted_once(tmp_path, capsys):
    slots = [Slot("s1", DAY), Slot("s2", DAY)]
    people = [Participant("c"), Participant("p"), Participant("q")]
    meetings = [Meeting("m1", ("c", "p")), Meeting("m2", ("c", "q"))]
    problem = Problem(slots, [], people, meetings)
    twice = Solution([Assignment("m1", "s1", "booth"), Assignment("m1", "s2", "booth")])
    assert "meeting m1 is placed 2 times" in violations(problem, twice)
    assert summary(problem, twice)["scheduled"] == 1
    problem_path, solution_path = tmp_path / "p.json", tmp_path / "s.json"
    data = io.problem_to_dict(problem)
    for item in data["meetings"]:
        item["places"] = ["booth"]
    io.write_json(problem_path, data)
    io.write_json(solution_path, io.solution_to_dict(twice))
    assert main(["check", str(problem_path), str(solution_path)]) == 1
    text = capsys.readouterr().out
    assert "violation: meeting m1 is placed 2 times" in text
    assert "2. scheduled   1 of 2 requested" in text
    assert "200" not in text


def test_a_company_whose_only_partner_has_quota_zero_is_not_counted():
    slots = [Slot("s1", DAY)]
    people = [
        Participant("A"),
        Participant("B"),
        Participant("P", max_per_day=0),
        Participant("Q"),
    ]
    meetings = [
        Meeting("A-P", ("A", "P"), places=("booth",), company="A"),
        Meeting("B-Q", ("B", "Q"), places=("booth",), company="B"),
    ]
    problem = Problem(slots, [], people, meetings)
    nothing = summary(problem, Solution([]))
    assert (nothing["companies"], nothing["companies_without_meetings"]) == (1, 1)
    served = summary(problem, Solution([Assignment("B-Q", "s1", "booth")]))
    assert served["companies_without_meetings"] == 0
    from pavilion.scheduling.bound import upper_bound

    assert upper_bound(problem).counted == 1


def test_an_empty_list_of_places_is_refused_with_its_path():
    data = {
        "slots": [{"id": "s1", "day": DAY}],
        "participants": [{"id": "a"}, {"id": "b"}],
        "meetings": [{"id": "m", "participants": ["a", "b"], "places": []}],
    }
    with pytest.raises(io.FormatError, match=r"meetings\[0\]\.places"):
        io.problem_from_dict(data)
    del data["meetings"][0]["places"]  # left out: a table
    assert io.problem_from_dict(data).meetings[0].places == ("table",)
