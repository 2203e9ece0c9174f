"""Sections that apps above the registry add to a person's file page (each registers in its AppConfig.ready)."""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

# A section renders itself for the person and the viewer of the page (request.user), scoping its own reads.
PersonSection = Callable[..., SafeString]

_person_sections: list[PersonSection] = []


def person_section_register(section: PersonSection) -> None:
    if section not in _person_sections:
        _person_sections.append(section)


def person_sections(*, request: HttpRequest, person) -> list[SafeString]:
    return [section(request=request, person=person) for section in _person_sections]
