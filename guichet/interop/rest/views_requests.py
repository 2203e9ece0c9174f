"""Requests through the API: file one for a person, read one, list a centre's queue, change a status through the
transitions of the pages (If-Match). The cases app's selectors and services scope, refuse and audit the client's
account as staff of its territory."""

import uuid

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from guichet.accounts.models import ApiPermission
from guichet.audit.models import AuditEntry
from guichet.cases import permissions, selectors, services
from guichet.cases.models import Request, Status
from guichet.cases.transitions import TRANSITIONS
from guichet.common.checkdigit import parse_social_id
from guichet.common.net import client_address
from guichet.interop.access import ClientAllows, api_audit
from guichet.network.models import Centre, Service, ServiceDocument
from guichet.registry.models import Person

from .common import (
    ETAG_HEADER,
    IF_MATCH,
    PAGE_PARAMETERS,
    if_match_version,
    page_response,
    page_size_of,
    paginated_schema,
    problems,
)
from .serializers import QueueRowSerializer, RequestSerializer, shown, shown_all

TAGS = ["requests"]
REFERENCE = OpenApiParameter("reference", str, OpenApiParameter.PATH, description="The request's reference.")
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description="A UUID of the client's choosing: sending the same request again with it files nothing twice.",
)


def request_response(viewer, request: Request, *, code: int = status.HTTP_200_OK) -> Response:
    """The request as the API shows it, its ETag, and the status changes this client may make now."""
    actions = sorted(action for action in permissions.allowed_actions(viewer, request) if action in TRANSITIONS)
    setattr(request, "actions", actions)  # noqa: B010 (not a field of the model: read by the serializer)
    response = Response(shown(RequestSerializer, request), status=code)
    response["ETag"] = f'"{request.version}"'
    return response


class RequestFileApi(APIView):
    permission_classes = [IsAuthenticated, ClientAllows(ApiPermission.FILE_REQUESTS)]
    parser_classes = [JSONParser]

    @extend_schema_serializer(component_name="RequestFile")
    class InputSerializer(serializers.Serializer):
        person = serializers.CharField(max_length=20, help_text="The person's social ID.")
        service = serializers.CharField(max_length=40, help_text="The service's code (see /api/v1/services/).")
        language = serializers.ChoiceField(choices=["fr", "ar", "en"], help_text="The citizen's language.")
        documents = serializers.ListField(
            child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
            required=False,
            default=list,
            help_text="The service's documents received (their ids).",
        )
        justification = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)
        duplicate_reason = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)
        missing_documents_reason = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)

    @extend_schema(
        tags=TAGS,
        operation_id="requests_file",
        request=InputSerializer,
        parameters=[IDEMPOTENCY_KEY, ETAG_HEADER],
        responses={201: RequestSerializer, **problems(400, 401, 403)},
        description="File a request for a person of the client's territory, routed to the competent centre, with "
        "the checks of the window: a justification when the service's rule excludes the person, a reason for a "
        "second open request for the same service, a reason for each required document missing.",
    )
    def post(self, request):
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = payload.validated_data
        token = _idempotency_key(request)
        person = Person.objects.filter(social_id=parse_social_id(values["person"]) or "").first()
        service = Service.objects.filter(code=values["service"]).first()
        errors = {}
        if person is None:
            errors["person"] = [_("No person has this social ID. Check the digits.")]
        if service is None:
            errors["service"] = [_("No service has this code.")]
        documents = list(ServiceDocument.objects.filter(pk__in=values["documents"]))
        if len(documents) != len(set(values["documents"])):
            errors["documents"] = [_("Tick only documents of the service chosen.")]
        if errors:
            raise exceptions.ValidationError(errors)
        filed = services.request_file(
            actor=request.user,
            person=person,
            service=service,
            language=values["language"],
            justification=values["justification"],
            documents=documents,
            duplicate_reason=values["duplicate_reason"],
            missing_documents_reason=values["missing_documents_reason"],
            token=token,
            ip_address=client_address(request),
        )
        return request_response(request.user, filed, code=status.HTTP_201_CREATED)


def _idempotency_key(request) -> uuid.UUID | None:
    text = request.headers.get("Idempotency-Key", "").strip()
    if not text:
        return None
    try:
        return uuid.UUID(text)
    except ValueError as error:
        raise exceptions.ValidationError({"Idempotency-Key": [_("Send a UUID, or nothing.")]}) from error


class RequestDetailApi(APIView):
    permission_classes = [IsAuthenticated, ClientAllows(ApiPermission.READ_REQUESTS)]

    @extend_schema(
        tags=TAGS,
        operation_id="requests_read",
        parameters=[REFERENCE, ETAG_HEADER],
        responses={200: RequestSerializer, **problems(401, 403, 404)},
        description="A request handled by a centre of the client's territory (recorded in the audit log).",
    )
    def get(self, request, reference: str):
        found = selectors.request_open(viewer=request.user, reference=reference, ip_address=client_address(request))
        return request_response(request.user, found)


class RequestTransitionApi(APIView):
    permission_classes = [IsAuthenticated, ClientAllows(ApiPermission.UPDATE_REQUESTS)]
    parser_classes = [JSONParser]

    @extend_schema_serializer(component_name="RequestTransition")
    class InputSerializer(serializers.Serializer):
        action = serializers.ChoiceField(choices=list(TRANSITIONS), help_text="One of the request's `actions`.")
        note = serializers.CharField(
            max_length=4000,
            required=False,
            default="",
            allow_blank=True,
            help_text="The reason, required to ask for information, reject, withdraw or decline.",
        )

    @extend_schema(
        tags=TAGS,
        operation_id="requests_transition",
        request=InputSerializer,
        parameters=[REFERENCE, IF_MATCH, ETAG_HEADER],
        responses={200: RequestSerializer, **problems(400, 401, 403, 404, 412, 428)},
        description="Change the status along one of the transitions of the pages, with the same reasons "
        "required, if nobody changed the request since the version named in If-Match (412 otherwise: nothing is "
        "written). Needs read_requests as well.",
    )
    def post(self, request, reference: str):
        expected = if_match_version(request)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        found = selectors.request_get(viewer=request.user, reference=reference)
        changed = services.request_transition(
            actor=request.user,
            request=found,
            action=payload.validated_data["action"],
            expected_version=expected,
            note=payload.validated_data["note"],
            ip_address=client_address(request),
        )
        return request_response(request.user, changed)


class CentreQueueApi(APIView):
    permission_classes = [IsAuthenticated, ClientAllows(ApiPermission.READ_REQUESTS)]

    class InputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(
            choices=["open", "all", *Status.values], default="open", help_text="“open” (the default), “all”, or one."
        )
        overdue = serializers.BooleanField(default=False, help_text="Only the requests past their due date.")
        page = serializers.IntegerField(min_value=1, max_value=100000, default=1)

    @extend_schema(
        tags=TAGS,
        operation_id="centres_queue",
        parameters=[
            OpenApiParameter("code", str, OpenApiParameter.PATH, description="The centre's code."),
            InputSerializer,
            PAGE_PARAMETERS[1],
        ],
        responses={200: paginated_schema(QueueRowSerializer, "QueuePage"), **problems(400, 401, 403, 404)},
        description="The work queue of a centre of the client's territory, earliest due first (empty for a centre "
        "outside it).",
    )
    def get(self, request, code: str):
        query = self.InputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        centre = get_object_or_404(Centre, code=code)
        filters = selectors.QueueFilters(
            status=query.validated_data["status"], overdue=query.validated_data["overdue"], centre_id=centre.pk
        )
        page = selectors.work_queue(
            viewer=request.user,
            filters=filters,
            page_number=query.validated_data["page"],
            page_size=page_size_of(request, selectors.QUEUE_PAGE_SIZE),
        )
        api_audit(request, action=AuditEntry.Action.SEARCH, obj=centre)
        return page_response(request, page, shown_all(QueueRowSerializer, page.object_list))
