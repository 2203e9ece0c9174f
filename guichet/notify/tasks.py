"""Background work of the outbox, run by the django-tasks database worker (`manage.py db_worker`)."""

from django_tasks import task

from . import services


@task()
def deliver_message(message_id: int) -> str:
    """One delivery attempt of one outbox message; a failure re-enqueues it after its back-off."""
    return services.outbox_deliver(message_id=message_id)


@task()
def sweep_outbox() -> int:
    """Re-enqueue the messages whose delivery was lost or whose worker died; how many."""
    return services.outbox_sweep()
