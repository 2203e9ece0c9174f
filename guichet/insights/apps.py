from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "guichet.insights"
    label = "insights"
