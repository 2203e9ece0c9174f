from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "guichet.identity"
    label = "identity"
