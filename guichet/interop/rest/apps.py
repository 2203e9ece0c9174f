"""The REST API (/api/v1/): persons, households, the catalogue, centres and windows, requests."""

from django.apps import AppConfig


class RestConfig(AppConfig):
    name = "guichet.interop.rest"
    label = "rest_api"
    verbose_name = "REST API"

    def ready(self) -> None:
        from . import schema  # noqa: F401 (registers the token's description in the OpenAPI schema)
