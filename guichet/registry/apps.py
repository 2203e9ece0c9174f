from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "guichet.registry"
    label = "registry"

    def ready(self) -> None:
        from . import places  # noqa: F401  (connects the receivers)
