from django.apps import AppConfig


class RestConfig(AppConfig):
    name = "guichet.interop.rest"
    label = "rest_api"
    verbose_name = "REST API"
