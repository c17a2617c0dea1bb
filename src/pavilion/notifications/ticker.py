"""Queue the periodic jobs every few minutes from inside ``pavilion worker``.

Why here and not cron: a deployment already runs the worker (the scheduler and the
mail need it), so reminders and retries then need nothing else to be set up; the job
itself runs on the worker like any task. Several workers each queue it, which is
harmless: every job is idempotent. ``pavilion remind`` runs the jobs once, for cron or
by hand.
"""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections, connection

logger = logging.getLogger(__name__)


def _loop(interval: float, stop: threading.Event) -> None:
    from pavilion.notifications.tasks import run_periodic_jobs

    while not stop.is_set():
        try:
            close_old_connections()
            run_periodic_jobs.enqueue()
        except Exception:
            logger.exception("could not queue the periodic jobs; trying again later")
        finally:
            connection.close()
        stop.wait(interval)


def start(interval: float) -> threading.Event | None:
    """Start queueing the periodic jobs every ``interval`` seconds in a daemon thread;
    returns the event that stops it (None when ``interval`` is 0: turned off)."""
    if interval <= 0:
        return None
    stop = threading.Event()
    threading.Thread(
        target=_loop, args=(interval, stop), daemon=True, name="pavilion-ticker"
    ).start()
    return stop
