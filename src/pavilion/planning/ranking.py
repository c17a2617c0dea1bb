"""Ranking applications by their reviewers' weighted scores, and selection with capacity.

Pure Python (no Django): the services feed it plain numbers.

- A review's score is the weighted mean of its criteria, each normalised to
  its highest score, on a 0–100 scale: sum(w·s/max) / sum(w) × 100. A
  criterion a reviewer left empty is left out of that review's mean (and of
  its weights), so one gap does not count as a zero.
- An application's score is the mean of its reviews' scores; an application
  without any review is unscored and ranks after every scored one.
- Equal scores (to 2 decimals) share a rank ("1, 2, 2, 4").
- Selection takes the best ranks up to the capacity. When a group of equal
  scores straddles the cut, none of it is selected automatically: the group
  is returned as ``tied`` for the operator to decide, so seats are never
  handed out by an arbitrary order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class CriterionWeight:
    id: int
    weight: Decimal
    max_score: int


@dataclass
class Ranked:
    application_id: int
    score: Decimal | None  # None: no review yet
    reviews: int
    rank: int | None = None


@dataclass
class Selection:
    selected: list[int] = field(default_factory=list)
    tied: list[int] = field(default_factory=list)  # equal scores at the cut: the operator decides
    not_selected: list[int] = field(default_factory=list)
    seats_left: int = 0  # seats the tied group competes for


HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def review_score(criteria: list[CriterionWeight], values: dict[int, int]) -> Decimal | None:
    """One review's weighted score on 0–100, or None when it scores no criterion."""
    total_weight = Decimal(0)
    total = Decimal(0)
    for c in criteria:
        if c.id not in values or values[c.id] is None:
            continue
        value = Decimal(values[c.id])
        if value < 0 or value > c.max_score:
            raise ValueError(f"score {value} outside 0..{c.max_score} for criterion {c.id}")
        total += Decimal(c.weight) * value / c.max_score
        total_weight += Decimal(c.weight)
    if not total_weight:
        return None
    return (total / total_weight * HUNDRED).quantize(CENT)


def rank(criteria: list[CriterionWeight], reviews: dict[int, list[dict[int, int]]]) -> list[Ranked]:
    """Rank applications (id → list of reviews, each criterion id → score), best first."""
    ranked = []
    for application_id, app_reviews in reviews.items():
        scores = [s for s in (review_score(criteria, r) for r in app_reviews) if s is not None]
        mean = (sum(scores) / len(scores)).quantize(CENT) if scores else None
        ranked.append(Ranked(application_id, mean, len(scores)))
    # Scored first, best first; the id only makes the order of equals stable for display.
    ranked.sort(key=lambda r: (r.score is None, -(r.score or 0), r.application_id))
    previous, previous_rank = object(), 0
    for position, item in enumerate(ranked, start=1):
        if item.score is None:
            item.rank = None
            continue
        if item.score != previous:
            previous, previous_rank = item.score, position
        item.rank = previous_rank
    return ranked


def select(ranked: list[Ranked], capacity: int) -> Selection:
    """The applications that fit the capacity; a tie straddling the cut is left to decide."""
    if capacity < 0:
        raise ValueError("capacity must not be negative")
    result = Selection()
    groups: list[list[Ranked]] = []
    for item in ranked:
        if item.score is None:
            result.not_selected.append(item.application_id)
        elif groups and groups[-1][0].score == item.score:
            groups[-1].append(item)
        else:
            groups.append([item])
    seats = capacity
    for group in groups:
        ids = [r.application_id for r in group]
        if len(group) <= seats:
            result.selected.extend(ids)
            seats -= len(group)
        elif seats > 0:
            result.tied.extend(ids)
            result.seats_left = seats
            seats = 0
        else:
            result.not_selected.extend(ids)
    return result
