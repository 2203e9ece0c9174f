from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "guichet.interop.imports"
    label = "imports"
    verbose_name = "Bulk imports"
