from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "guichet.network"
    label = "network"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
