"""Background tasks of core, by the path runs queued before they moved still name.

The task lives beside the service that queues it (:mod:`pavilion.core.import_runs`):
a service and its task in two files that import each other was an import circle.
"""

from pavilion.core.import_runs import run_import

__all__ = ["run_import"]
