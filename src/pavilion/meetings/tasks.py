"""Background tasks of meetings, by the path runs queued before they moved still name.

The task lives beside the service that queues it (:mod:`pavilion.meetings.scheduling`):
a service and its task in two files that import each other was an import circle.
"""

from pavilion.meetings.scheduling import schedule_edition

__all__ = ["schedule_edition"]
