"""Background work of the dashboards, run by the django-tasks database worker (`manage.py db_worker`)."""

from django_tasks import task

from . import refresh


@task()
def refresh_run(refresh_id: int) -> str:
    """One refresh of the roll-up tables, asked for by an administrator or the schedule; its status at the end."""
    return refresh.refresh_execute(refresh_id=refresh_id).status
