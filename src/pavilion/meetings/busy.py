"""Times a company is busy elsewhere at the show (on the pitching stage…).

Booking a meeting refuses such a time and the scheduler treats it as
unavailable. The apps that keep such times sit above meetings (the stage
imports the meetings' models), so they register a source here from their
``AppConfig.ready()`` and meetings asks without importing them.
"""

from __future__ import annotations

from collections.abc import Callable

#: name → (edition) → a QuerySet of records with ``company_id``, ``start`` and ``end``.
_SOURCES: dict[str, Callable] = {}


def register(name: str, source: Callable) -> None:
    _SOURCES[name] = source


def busy_times(edition):
    """Every registered busy time of the edition, as (company id, start, end)."""
    for source in _SOURCES.values():
        yield from source(edition).values_list("company_id", "start", "end")


def company_busy(edition, *, company, start, end) -> bool:
    """Whether the company is busy elsewhere at some moment between start and end."""
    return any(
        source(edition).filter(company=company, start__lt=end, end__gt=start).exists()
        for source in _SOURCES.values()
    )
