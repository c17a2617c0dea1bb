"""Background tasks: thin, fetch by id and call the service."""

from django_tasks import task

from pavilion.meetings.models import ScheduleRun
from pavilion.meetings.scheduling import execute_run


@task()
def schedule_edition(run_id: int, time_limit: float = 30.0):
    execute_run(ScheduleRun.objects.select_related("edition").get(pk=run_id), time_limit=time_limit)
