from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    name = "guichet.associations"
    label = "associations"
