from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "guichet.notify"
    label = "notify"
