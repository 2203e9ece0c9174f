from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "guichet.network"
    label = "network"
