from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "guichet.training"
    label = "training"
