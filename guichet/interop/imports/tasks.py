"""Background work of imports, run by the django-tasks database worker (`manage.py db_worker`)."""

from django_tasks import task

from . import runner


@task()
def import_check(job_id: int) -> str:
    """Check every row of a file just sent (imports.services.import_upload); the job's status."""
    return runner.check_execute(job_id=job_id).status


@task()
def import_run(job_id: int) -> str:
    """Write a checked and decided import, all or nothing (imports.services.import_start); the job's status."""
    return runner.run_execute(job_id=job_id).status
