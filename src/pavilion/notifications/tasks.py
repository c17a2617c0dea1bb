"""Background tasks: thin, fetch by id and call the service."""

from django_tasks import task

from pavilion.notifications import periodic
from pavilion.notifications.services import send_outbox_message

# The message task lives beside the service that queues it (a service and its
# task importing each other was an import circle); named here too for the
# messages queued by its old path.
__all__ = ["run_periodic_jobs", "send_outbox_message"]


@task()
def run_periodic_jobs():
    """Reminders of tomorrow's meetings and due retries (see notifications.periodic)."""
    return periodic.run_all()
