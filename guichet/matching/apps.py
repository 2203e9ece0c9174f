from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "guichet.matching"
    label = "matching"
