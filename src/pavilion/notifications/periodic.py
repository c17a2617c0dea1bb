"""Jobs that run every few minutes: each app registers its own from ``AppConfig.ready``
(the meetings app: reminders of tomorrow's meetings); the outbox's sweep of due
retries always runs.

How they run: ``pavilion worker`` queues :func:`pavilion.notifications.tasks.run_periodic_jobs`
every ``PAVILION_PERIODIC_SECONDS`` (default 300) beside the worker itself, so a
deployment that runs the worker needs nothing else; ``pavilion remind`` runs them once
(for cron, or to send now). Every job is idempotent, so several workers, or the worker
and cron together, never send twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

JOBS: dict[str, Callable[..., int]] = {}


def register(name: str, job: Callable[..., int]) -> None:
    """``job(now=None) -> int`` (how many things it did)."""
    JOBS[name] = job


def run_all(*, now=None) -> dict[str, int]:
    """Run every registered job, then send due retries. One failing job does not stop
    the others. Returns what each did."""
    from pavilion.notifications.services import retry_due

    done = {}
    for name, job in JOBS.items():
        try:
            done[name] = job(now=now)
        except Exception:
            logger.exception("periodic job %s failed", name)
            done[name] = -1
    done["retries"] = retry_due(now=now)
    return done
