"""Background tasks: thin, fetch by id and call the service."""

from django_tasks import task

from pavilion.notifications import periodic, services


@task()
def send_outbox_message(message_id: int):
    services.deliver(message_id=message_id)


@task()
def run_periodic_jobs():
    """Reminders of tomorrow's meetings and due retries (see notifications.periodic)."""
    return periodic.run_all()
