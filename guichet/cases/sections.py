"""The cases' part of a person's file page: their requests and what they received (registry shows it)."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from . import selectors


def person_requests_section(*, request: HttpRequest, person) -> SafeString:
    """Sensitive services are listed only to those who may see them: the selectors scope by the viewer."""
    context = {
        "requests": selectors.person_requests(viewer=request.user, person=person),
        "received": selectors.beneficiary_services(person, viewer=request.user),
    }
    return render_to_string("cases/_partials/person_requests.html", context, request=request)
