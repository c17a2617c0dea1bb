"""The meeting scheduler: pure Python, no Django.

A :class:`~pavilion.scheduling.model.Problem` (slots, tables, participants
with availability and daily quotas, meetings to place) goes in; a
:class:`~pavilion.scheduling.model.Solution` (meeting → slot and table or
booth) comes out. :func:`~pavilion.scheduling.validate.violations` checks any
solution, ours or another tool's; :func:`~pavilion.scheduling.bound.upper_bound`
says how many meetings (and how much weight) *any* schedule could place, so a
schedule's quality is a ratio, not a guess. The JSON format is documented in
docs/scheduling-format.md.
"""

from pavilion.scheduling.model import (
    Assignment,
    Meeting,
    Participant,
    Problem,
    Slot,
    Solution,
    Table,
)

__all__ = ["Assignment", "Meeting", "Participant", "Problem", "Slot", "Solution", "Table"]
