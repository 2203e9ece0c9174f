from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "guichet.registry"
    label = "registry"
