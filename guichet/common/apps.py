from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "guichet.common"
    label = "common"

    def ready(self) -> None:
        from . import lookups  # noqa: F401 -- registers the integer `in` lookup and `among`
