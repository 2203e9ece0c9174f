"""Background work of the DCI API, run by the django-tasks database worker (`manage.py db_worker`)."""

from django_tasks import task

from . import delivery


@task()
def deliver_callback(callback_id: int) -> str:
    """One delivery attempt of one callback; a failure re-enqueues it after its back-off."""
    return delivery.deliver(callback_id=callback_id)


@task()
def sweep() -> dict[str, int]:
    """Notify subscribers of new registrations, and re-enqueue callbacks whose task was lost."""
    return {"notify": delivery.registrations_sweep(), "requeued": delivery.callbacks_sweep()}
