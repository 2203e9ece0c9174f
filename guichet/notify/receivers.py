"""notify's answers to what the apps below it announce (connected in NotifyConfig.ready)."""

from django.dispatch import receiver

from guichet.cases.signals import citizen_told

from .services import notify_request_event


@receiver(citizen_told, dispatch_uid="notify.citizen_told")
def queue_messages_for_request_event(sender, *, event, **kwargs) -> None:
    notify_request_event(event=event)
