from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "guichet.notify"
    label = "notify"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 -- listens to the cases app's signals
