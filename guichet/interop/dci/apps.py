from django.apps import AppConfig


class DciConfig(AppConfig):
    name = "guichet.interop.dci"
    label = "dci"
    verbose_name = "DCI Social Registry API"
