from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "guichet.cases"
    label = "cases"

    def ready(self) -> None:
        from guichet.registry.lookups import search_lookup_register
        from guichet.registry.sections import person_section_register

        from .sections import person_requests_section, request_by_reference

        person_section_register(person_requests_section)
        search_lookup_register(request_by_reference)
