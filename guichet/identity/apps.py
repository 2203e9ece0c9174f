from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "guichet.identity"
    label = "identity"

    def ready(self) -> None:
        from guichet.registry.sections import person_section_register

        from .sections import person_merges_section

        person_section_register(person_merges_section)
