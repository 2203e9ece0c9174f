"""The one shape of an API error: RFC 9457 problem details, each message translated (Accept-Language).

Our services' refusals map here as well: a ValidationError names its fields, a stale write is 412, NotAllowed
is 403. Kept apart from access.py, which DRF's settings import before its views module exists.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from guichet.common.exceptions import NotAllowed, StaleEdit

PROBLEM_TITLES = {
    status.HTTP_400_BAD_REQUEST: _("The request has errors."),
    status.HTTP_401_UNAUTHORIZED: _("Authentication is required."),
    status.HTTP_403_FORBIDDEN: _("Not allowed."),
    status.HTTP_404_NOT_FOUND: _("Not found."),
    status.HTTP_405_METHOD_NOT_ALLOWED: _("This method is not allowed here."),
    status.HTTP_406_NOT_ACCEPTABLE: _("This format cannot be returned."),
    status.HTTP_409_CONFLICT: _("Conflict."),
    status.HTTP_412_PRECONDITION_FAILED: _("The record changed since you read it."),
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: _("This content type is not accepted."),
    status.HTTP_428_PRECONDITION_REQUIRED: _("Send the version you read in an If-Match header."),
    status.HTTP_429_TOO_MANY_REQUESTS: _("Too many calls: wait before trying again."),
}


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = StaleEdit.message
    default_code = "stale"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = PROBLEM_TITLES[status.HTTP_428_PRECONDITION_REQUIRED]
    default_code = "if_match_required"


def _field_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            ("detail" if name == "__all__" else name): [str(message) for message in messages]
            for name, messages in error.message_dict.items()
        }
    return {"detail": [str(message) for message in error.messages]}


def problem_details(exc, context):
    """Every API error as RFC 9457 problem details: `type`, `title`, `status`, `detail`, and `errors` by field
    (each message translated in the language of Accept-Language). Our services' refusals map here too."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_field_errors(exc))
    elif isinstance(exc, StaleEdit):
        exc = PreconditionFailed()
    elif isinstance(exc, NotAllowed | PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": str(PROBLEM_TITLES.get(code, _("The request failed."))),
        "status": code,
    }
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        errors = data if isinstance(data, dict) else {"detail": data}
        body["detail"] = str(PROBLEM_TITLES[status.HTTP_400_BAD_REQUEST])
        body["errors"] = {name: _messages(value) for name, value in errors.items()}
    else:
        body["detail"] = str(data.get("detail", body["title"])) if isinstance(data, dict) else str(data)
    return Response(body, status=code, headers=dict(response.items()), content_type="application/problem+json")


def _messages(value) -> list[str]:
    if isinstance(value, list | tuple):
        return [text for item in value for text in _messages(item)]
    if isinstance(value, dict):
        return [f"{name}: {text}" for name, item in value.items() for text in _messages(item)]
    return [str(value)]
