"""The identity part of a person's file page: the merges the file took part in, for those who merge files."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from guichet.accounts import permissions as roles

from .selectors import merges_of


def person_merges_section(*, request: HttpRequest, person) -> SafeString:
    if not roles.can_merge_persons(request.user, person):
        return mark_safe("")
    merges = merges_of(person)
    if not merges:
        return mark_safe("")
    return render_to_string("identity/_partials/person_merges.html", {"merges": merges, "person": person}, request)
