"""Background work of identity resolution, run by the django-tasks database worker (`manage.py db_worker`)."""

from django_tasks import task

from . import batch


@task()
def match_run(run_id: int) -> str:
    """One batch run of the matching model, asked for by a steward (identity.runs.match_run_request); its status."""
    return batch.run_execute(run_id=run_id).status
