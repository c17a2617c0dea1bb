"""JSON files of problems and solutions (docs/scheduling-format.md).

Reading checks the shape and the references and raises FormatError naming
the JSON path of the first problem found ("meetings[3].participants[1]: no
participant 'p-9'"), so a file from another tool can be fixed quickly.
"""

from __future__ import annotations

import json
from pathlib import Path

from pavilion.scheduling.model import (
    BOOTH,
    TABLE,
    Assignment,
    Meeting,
    Participant,
    Problem,
    Slot,
    Solution,
    Table,
)

PROBLEM_FORMAT = "pavilion-schedule-problem/1"
SOLUTION_FORMAT = "pavilion-schedule-solution/1"


class FormatError(ValueError):
    pass


def _list(data, key, where=""):
    value = data.get(key, [])
    if not isinstance(value, list):
        raise FormatError(f"{where}{key}: must be a list")
    return value


def _objects(data, key):
    """The items of a list of JSON objects, with their path for error messages."""
    for i, item in enumerate(_list(data, key)):
        if not isinstance(item, dict):
            raise FormatError(f"{key}[{i}]: must be an object")
        yield i, item


def _strings(item, key, where) -> list[str]:
    values = _list(item, key, where + ".")
    for j, value in enumerate(values):
        if not isinstance(value, str):
            raise FormatError(f"{where}.{key}[{j}]: must be a string")
    return values


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _str(item, key, where, *, required=True, default=""):
    value = item.get(key, default)
    if required and (not isinstance(value, str) or not value):
        raise FormatError(f"{where}.{key}: must be a non-empty string")
    if not isinstance(value, str):
        raise FormatError(f"{where}.{key}: must be a string")
    return value


def _unique(items, where):
    seen = set()
    for i, item in enumerate(items):
        if item.id in seen:
            raise FormatError(f"{where}[{i}].id: {item.id!r} appears twice")
        seen.add(item.id)


def problem_from_dict(data: dict) -> Problem:
    if not isinstance(data, dict):
        raise FormatError("the file must hold a JSON object")
    if data.get("format", PROBLEM_FORMAT) != PROBLEM_FORMAT:
        raise FormatError(f"format: expected {PROBLEM_FORMAT!r}")
    slots = []
    for i, item in _objects(data, "slots"):
        where = f"slots[{i}]"
        slots.append(
            Slot(
                id=_str(item, "id", where),
                day=_str(item, "day", where),
                start=_str(item, "start", where, required=False),
                end=_str(item, "end", where, required=False),
            )
        )
    _unique(slots, "slots")
    slot_ids = {s.id for s in slots}

    def _slot_list(item, key, where):
        refs = _strings(item, key, where)
        for j, ref in enumerate(refs):
            if ref not in slot_ids:
                raise FormatError(f"{where}.{key}[{j}]: no slot {ref!r}")
        return frozenset(refs)

    def slot_refs(item, where):
        return _slot_list(item, "unavailable", where)

    tables = []
    for i, item in _objects(data, "tables"):
        where = f"tables[{i}]"
        tables.append(
            Table(
                id=_str(item, "id", where),
                room=_str(item, "room", where, required=False),
                unavailable=slot_refs(item, where),
            )
        )
    _unique(tables, "tables")
    if BOOTH in {t.id for t in tables}:
        raise FormatError(f"tables: {BOOTH!r} is reserved for meetings at a booth")
    participants = []
    for i, item in _objects(data, "participants"):
        where = f"participants[{i}]"
        quota = item.get("max_per_day")
        if quota is not None and (not _whole(quota) or quota < 0):
            raise FormatError(f"{where}.max_per_day: must be a whole number ≥ 0 or null")
        day_quota = item.get("day_quota") or {}
        days = {s.day for s in slots}
        if not isinstance(day_quota, dict):
            raise FormatError(f"{where}.day_quota: must be an object of day → number")
        for day, n in day_quota.items():
            if day not in days or not _whole(n) or n < 0:
                raise FormatError(f"{where}.day_quota.{day}: a show day and a number ≥ 0")
        participants.append(
            Participant(
                id=_str(item, "id", where),
                kind=_str(item, "kind", where, required=False, default="company"),
                unavailable=slot_refs(item, where),
                max_per_day=quota,
                day_quota=tuple(sorted(day_quota.items())),
                preferred=_slot_list(item, "preferred", where),
            )
        )
    _unique(participants, "participants")
    people = {p.id for p in participants}
    meetings = []
    for i, item in _objects(data, "meetings"):
        where = f"meetings[{i}]"
        members = _strings(item, "participants", where)
        if len(members) < 2 or len(set(members)) != len(members):
            raise FormatError(f"{where}.participants: two or more different participants")
        for j, ref in enumerate(members):
            if ref not in people:
                raise FormatError(f"{where}.participants[{j}]: no participant {ref!r}")
        if "places" in item and item["places"] == []:
            raise FormatError(f"{where}.places: give {TABLE!r} and/or {BOOTH!r}, or leave it out")
        places = tuple(_strings(item, "places", where) or [TABLE])
        if not set(places) <= {TABLE, BOOTH}:
            raise FormatError(f"{where}.places: use {TABLE!r} and/or {BOOTH!r}")
        weight = item.get("weight", 1)
        if not _whole(weight) or weight < 1:
            raise FormatError(f"{where}.weight: must be a whole number ≥ 1")
        company = item.get("company")
        if company is not None and company not in members:
            raise FormatError(f"{where}.company: must be one of the participants")
        meetings.append(
            Meeting(
                id=_str(item, "id", where),
                participants=tuple(members),
                weight=weight,
                places=places,
                company=company,
            )
        )
    _unique(meetings, "meetings")
    return Problem(slots=slots, tables=tables, participants=participants, meetings=meetings)


def problem_to_dict(problem: Problem) -> dict:
    return {
        "format": PROBLEM_FORMAT,
        "slots": [
            {"id": s.id, "day": s.day, "start": s.start, "end": s.end} for s in problem.slots
        ],
        "tables": [
            {"id": t.id, "room": t.room, "unavailable": sorted(t.unavailable)}
            for t in problem.tables
        ],
        "participants": [
            {
                "id": p.id,
                "kind": p.kind,
                "unavailable": sorted(p.unavailable),
                "max_per_day": p.max_per_day,
                **({"day_quota": dict(p.day_quota)} if p.day_quota else {}),
                **({"preferred": sorted(p.preferred)} if p.preferred else {}),
            }
            for p in problem.participants
        ],
        "meetings": [
            {
                "id": m.id,
                "participants": list(m.participants),
                "weight": m.weight,
                "places": list(m.places),
                **({"company": m.company} if m.company else {}),
            }
            for m in problem.meetings
        ],
    }


def solution_from_dict(data: dict) -> Solution:
    if not isinstance(data, dict):
        raise FormatError("the file must hold a JSON object")
    assignments = []
    for i, item in _objects(data, "assignments"):
        where = f"assignments[{i}]"
        assignments.append(
            Assignment(
                meeting=_str(item, "meeting", where),
                slot=_str(item, "slot", where),
                place=_str(item, "place", where),
            )
        )
    unscheduled = {
        _str(item, "meeting", f"unscheduled[{i}]"): item.get("reason", "")
        for i, item in _objects(data, "unscheduled")
    }
    return Solution(assignments=assignments, unscheduled=unscheduled, stats=data.get("stats", {}))


def solution_to_dict(solution: Solution) -> dict:
    return {
        "format": SOLUTION_FORMAT,
        "assignments": [
            {"meeting": a.meeting, "slot": a.slot, "place": a.place} for a in solution.assignments
        ],
        "unscheduled": [
            {"meeting": m, "reason": reason} for m, reason in sorted(solution.unscheduled.items())
        ],
        "stats": solution.stats,
    }


def load_json(path: str | Path) -> dict:
    try:
        # utf-8-sig: files saved by Windows tools often start with a byte-order mark.
        return json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise FormatError(f"{path}: not JSON ({exc.msg} at line {exc.lineno})") from exc
    except UnicodeDecodeError as exc:
        raise FormatError(f"{path}: not UTF-8 text") from exc


def read_problem(path: str | Path) -> Problem:
    return problem_from_dict(load_json(path))


def read_solution(path: str | Path) -> Solution:
    return solution_from_dict(load_json(path))


def write_json(path: str | Path, data: dict):
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
