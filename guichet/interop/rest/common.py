"""What every endpoint of the REST API shares: pages of results, the version as an ETag / If-Match, the problem
responses of the schema, and a form's errors turned into the one error shape."""

import re
from typing import Any

from django import forms
from django.core.paginator import Page
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from guichet.interop.problems import PreconditionFailed, PreconditionRequired

PROBLEM = "application/problem+json"
MAX_PAGE_SIZE = 100


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details, as guichet.interop.problems writes them."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="The messages by field (translated in the language of Accept-Language).",
    )


def problems(*codes: int) -> dict:
    """The error responses of an operation, for extend_schema(responses=…): each a problem+json body. Every
    operation may answer 400 (a NUL character in the address or its query is refused before any view, by
    common.middleware.RefuseNulMiddleware) and 429; the others are named."""
    return {
        (code, PROBLEM): OpenApiResponse(ProblemSerializer, description=_PROBLEM_MEANINGS[code])
        for code in sorted({*codes, 400, 429})
    }


_PROBLEM_MEANINGS = {
    400: "The request has errors: `errors` names each field.",
    401: "No token, or a token unknown, revoked or expired.",
    403: "The client system may not do this, or the record is outside its territory.",
    404: "No such record, or no such page of results.",
    412: "The record changed since the version named in If-Match: nothing was written.",
    428: "If-Match is missing: send the ETag of the version read.",
    429: "Too many calls for this client: wait for Retry-After seconds.",
}

ETAG_HEADER = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200],
    description='The version of the record, e.g. "3": send it back in If-Match to change it.',
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description='The ETag of the version read, e.g. "3". Missing: 428; another version: 412, nothing written.',
)
PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="The page number (from 1)."),
    OpenApiParameter("page_size", int, description=f"Results per page (at most {MAX_PAGE_SIZE})."),
]


class ApiPagination(PageNumberPagination):
    """Every list: `count`, `next`, `previous`, `results`; the settings' PAGE_SIZE, `page_size` up to 100."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


def page_size_of(request, default: int) -> int:
    """The `page_size` asked for (capped), or `default`: for the selectors that paginate themselves."""
    return ApiPagination().get_page_size(request) if "page_size" in request.query_params else default


def page_response(request, page: Page, results: list[dict[str, Any]]) -> Response:
    """A page a selector made (a Django Page) in the shape of ApiPagination's."""
    paginator = ApiPagination()
    paginator.page = page
    paginator.request = request
    return paginator.get_paginated_response(results)


def paginated_schema(serializer_class: type[serializers.Serializer], name: str) -> type[serializers.Serializer]:
    """The schema of a page of `serializer_class` (for the views whose selector paginates itself)."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )


_VERSION = re.compile(r'^(?:W/)?"?(\d{1,9})"?$')


def with_etag(response: Response, version: int) -> Response:
    response["ETag"] = f'"{version}"'
    return response


def if_match_version(request) -> int:
    """The version named in If-Match: 428 when missing (or `*`, which would overwrite anyone), 412 when it cannot
    be any version."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        raise PreconditionRequired()
    match = _VERSION.match(header)
    if match is None:
        raise PreconditionFailed()
    return int(match.group(1))


def form_invalid(form: forms.BaseForm) -> exceptions.ValidationError:
    """The form's errors as the API's 400: by field, `detail` for the whole form, each message translated."""
    errors = {
        ("detail" if name == "__all__" else name): [str(m) for m in messages] for name, messages in form.errors.items()
    }
    return exceptions.ValidationError(errors)
