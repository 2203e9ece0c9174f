"""The cases' parts of the registry's pages: a person's requests and what they received on their file, and a
request's reference typed in the person search."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from . import permissions, selectors
from .models import Request
from .references import parse_reference


def person_requests_section(*, request: HttpRequest, person) -> SafeString:
    """Sensitive services are listed only to those who may see them: the selectors scope by the viewer."""
    context = {
        "requests": selectors.person_requests(viewer=request.user, person=person),
        "received": selectors.beneficiary_services(person, viewer=request.user),
    }
    return render_to_string("cases/_partials/person_requests.html", context, request=request)


def request_by_reference(*, viewer, text: str) -> str | None:
    """The request page of the reference typed, only if the viewer may open that request."""
    reference = parse_reference(text)
    if reference is None:
        return None
    request = Request.objects.filter(reference=reference).first()
    if request is None or not permissions.can_view(viewer, request):
        return None
    return reverse("cases:detail", args=[request.reference])
