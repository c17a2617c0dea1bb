"""Check any solution against its problem: every rule, every violation listed."""

from __future__ import annotations

from collections import Counter, defaultdict

from pavilion.scheduling.model import BOOTH, TABLE, Problem, Solution


def violations(problem: Problem, solution: Solution) -> list[str]:
    """Human-readable violations; an empty list means the schedule is valid."""
    found = []
    placed = Counter(a.meeting for a in solution.assignments)
    for meeting, n in sorted(placed.items()):
        if n > 1:
            found.append(f"meeting {meeting} is placed {n} times")
    busy = defaultdict(list)  # (participant, slot) → meetings
    tables = defaultdict(list)  # (table, slot) → meetings
    per_day = Counter()  # (participant, day) → meetings
    for a in solution.assignments:
        meeting = problem.meeting_by_id.get(a.meeting)
        if meeting is None:
            found.append(f"meeting {a.meeting}: not in the problem")
            continue
        if a.slot not in problem.slot_index:
            found.append(f"meeting {a.meeting}: no slot {a.slot}")
            continue
        day = problem.slots[problem.slot_index[a.slot]].day
        if a.place == BOOTH:
            if BOOTH not in meeting.places:
                found.append(f"meeting {a.meeting}: may not be held at a booth")
        else:
            table = problem.table_by_id.get(a.place)
            if table is None:
                found.append(f"meeting {a.meeting}: no table {a.place}")
            elif TABLE not in meeting.places:
                found.append(f"meeting {a.meeting}: must be held at the booth")
            elif a.slot in table.unavailable:
                found.append(f"meeting {a.meeting}: table {a.place} is closed at {a.slot}")
            else:
                tables[(a.place, a.slot)].append(a.meeting)
        for person in meeting.participants:
            participant = problem.participant_by_id.get(person)
            if participant is None:
                found.append(f"meeting {a.meeting}: no participant {person}")
                continue
            if a.slot in participant.unavailable:
                found.append(f"meeting {a.meeting}: {person} is unavailable at {a.slot}")
            busy[(person, a.slot)].append(a.meeting)
            per_day[(person, day)] += 1
    for (person, slot), meetings in sorted(busy.items()):
        if len(meetings) > 1:
            found.append(f"{person} is double-booked at {slot}: {', '.join(sorted(meetings))}")
    for (table, slot), meetings in sorted(tables.items()):
        if len(meetings) > 1:
            found.append(f"table {table} is used twice at {slot}: {', '.join(sorted(meetings))}")
    for (person, day), n in sorted(per_day.items()):
        quota = problem.participant_by_id[person].quota_on(day)
        if quota is not None and n > quota:
            found.append(f"{person} has {n} meetings on {day}, more than the quota of {quota}")
    return found
