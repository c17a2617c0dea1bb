"""The scheduling problem and its solution, as plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass, field

BOOTH = "booth"  # the place of a meeting held at the company's booth (no table used)
TABLE = "table"


@dataclass(frozen=True)
class Slot:
    id: str
    day: str  # ISO date in the show's time zone; quotas count per day
    start: str = ""  # ISO date-time with offset, for people and calendars
    end: str = ""


@dataclass(frozen=True)
class Table:
    id: str
    room: str = ""
    unavailable: frozenset[str] = frozenset()  # slot ids


@dataclass(frozen=True)
class Participant:
    id: str
    kind: str = "company"  # company | partner (informative; fairness counts companies)
    unavailable: frozenset[str] = frozenset()  # slot ids (other duties, the pitching stage…)
    max_per_day: int | None = None  # meeting quota per show day
    day_quota: tuple[tuple[str, int], ...] = ()  # tighter quotas on given days (day, n)
    preferred: frozenset[str] = frozenset()  # slot ids they would rather meet in (a wish)

    def quota_on(self, day: str) -> int | None:
        """The quota that day: the daily one, or a tighter one given for that day."""
        quotas = [n for d, n in self.day_quota if d == day]
        if self.max_per_day is not None:
            quotas.append(self.max_per_day)
        return min(quotas) if quotas else None


@dataclass(frozen=True)
class Meeting:
    id: str
    participants: tuple[str, ...]  # usually (company, partner); all must attend
    weight: int = 1  # e.g. 2 for mutual interest
    places: tuple[str, ...] = (TABLE,)  # TABLE and/or BOOTH
    company: str | None = None  # whose booth, and who counts for fairness

    def company_id(self) -> str:
        return self.company or self.participants[0]


@dataclass
class Problem:
    slots: list[Slot]
    tables: list[Table]
    participants: list[Participant]
    meetings: list[Meeting]

    def __post_init__(self):
        self.slot_index = {s.id: i for i, s in enumerate(self.slots)}
        self.participant_by_id = {p.id: p for p in self.participants}
        self.meeting_by_id = {m.id: m for m in self.meetings}
        self.table_by_id = {t.id: t for t in self.tables}
        days = sorted({s.day for s in self.slots})
        self.days = days
        self.slot_day = [days.index(s.day) for s in self.slots]


@dataclass(frozen=True)
class Assignment:
    meeting: str
    slot: str
    place: str  # a table id, or BOOTH


@dataclass
class Solution:
    assignments: list[Assignment]
    unscheduled: dict[str, str] = field(default_factory=dict)  # meeting id → reason
    stats: dict = field(default_factory=dict)

    def weight(self, problem: Problem) -> int:
        return sum(problem.meeting_by_id[a.meeting].weight for a in self.assignments)
