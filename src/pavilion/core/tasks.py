"""Background tasks: thin, fetch by id and call the service."""

from django_tasks import task

from pavilion.core.import_runs import execute_import
from pavilion.core.models import ImportRun


@task()
def run_import(run_id: int):
    execute_import(ImportRun.objects.select_related("actor").get(pk=run_id))
