"""The public part of the API: the service catalogue, the centres and the windows. Anyone may read them (no
token needed, the anonymous rate applies); a client that sends its token is counted, and recorded, as itself."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from guichet.audit.models import AuditEntry
from guichet.interop.access import api_audit, client_of
from guichet.network.models import Centre, Window

from . import selectors
from .common import PAGE_PARAMETERS, ApiPagination, paginated_schema, problems
from .serializers import (
    CentreDetailSerializer,
    CentreSerializer,
    ServiceSerializer,
    WindowSerializer,
    shown,
    shown_all,
)

TAGS = ["network"]
CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="The code.")


def _recorded(request, *, object_type: str, object_id: str = "") -> None:
    """A client that sent its token leaves its trace, as for every call it makes."""
    if client_of(request) is not None:
        action = AuditEntry.Action.VIEW if object_id else AuditEntry.Action.SEARCH
        api_audit(request, action=action, object_type=object_type, object_id=object_id)


def _page(request, view, queryset, serializer_class) -> Response:
    paginator = ApiPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(shown_all(serializer_class, page))


class ServiceListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        operation_id="services_list",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated_schema(ServiceSerializer, "ServicePage"), **problems(401, 404)},
        description="The service catalogue: the services offered, their documents and due times.",
    )
    def get(self, request):
        _recorded(request, object_type="network.service")
        return _page(request, self, selectors.service_catalogue(), ServiceSerializer)


class ServiceDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        operation_id="services_read",
        parameters=[CODE],
        responses={200: ServiceSerializer, **problems(401, 404)},
    )
    def get(self, request, code: str):
        service = get_object_or_404(selectors.service_catalogue(), code=code)
        _recorded(request, object_type="network.service", object_id=str(service.pk))
        return Response(shown(ServiceSerializer, service))


class CentreListApi(APIView):
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=Centre.Kind.choices, required=False, help_text="The type of centre.")
        region = serializers.CharField(max_length=12, required=False, help_text="A region's code, e.g. MA-06.")
        province = serializers.CharField(max_length=12, required=False, help_text="A province's code.")

    @extend_schema(
        tags=TAGS,
        operation_id="centres_list",
        parameters=[InputSerializer, *PAGE_PARAMETERS],
        responses={200: paginated_schema(CentreSerializer, "CentrePage"), **problems(400, 401, 404)},
        description="The active centres, by code.",
    )
    def get(self, request):
        query = self.InputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        _recorded(request, object_type="network.centre")
        return _page(request, self, selectors.centre_directory(**query.validated_data), CentreSerializer)


class CentreDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        operation_id="centres_read",
        parameters=[CODE],
        responses={200: CentreDetailSerializer, **problems(401, 404)},
        description="An active centre and the services it offers (their codes).",
    )
    def get(self, request, code: str):
        centre = get_object_or_404(selectors.centre_directory().prefetch_related("services"), code=code)
        _recorded(request, object_type="network.centre", object_id=str(centre.pk))
        return Response(shown(CentreDetailSerializer, centre))


class WindowListApi(APIView):
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=Window.Status.choices, required=False)
        kind = serializers.ChoiceField(choices=Window.Kind.choices, required=False, help_text="Fixed or mobile.")
        region = serializers.CharField(max_length=12, required=False, help_text="A region's code, e.g. MA-06.")

    @extend_schema(
        tags=TAGS,
        operation_id="windows_list",
        parameters=[InputSerializer, *PAGE_PARAMETERS],
        responses={200: paginated_schema(WindowSerializer, "WindowPage"), **problems(400, 401, 404)},
        description="The windows, planned, open or closed, by code.",
    )
    def get(self, request):
        query = self.InputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        _recorded(request, object_type="network.window")
        return _page(request, self, selectors.window_directory(**query.validated_data), WindowSerializer)


class WindowDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        operation_id="windows_read",
        parameters=[CODE],
        responses={200: WindowSerializer, **problems(401, 404)},
    )
    def get(self, request, code: str):
        window = get_object_or_404(selectors.window_directory(), code=code)
        _recorded(request, object_type="network.window", object_id=str(window.pk))
        return Response(shown(WindowSerializer, window))
