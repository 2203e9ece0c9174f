"""Imports through the API, for a client system given the import permission: send a file, follow its check, read
the problems and the flagged rows, decide them, start the import. The same services as the pages, with the
client's account: rows outside its territory are bad rows, and it sees only its own imports."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from guichet.accounts.models import ApiPermission
from guichet.accounts.scopes import scope_of
from guichet.common.net import client_address
from guichet.interop.access import ClientAllows
from guichet.interop.rest.common import PAGE_PARAMETERS, page_response, page_size_of, paginated_schema, problems

from . import selectors, services
from .messages import reason_text
from .models import ImportDuplicate, ImportJob

TAGS = ["imports"]
ALLOWED = [IsAuthenticated, ClientAllows(ApiPermission.IMPORT_PERSONS)]


class ImportSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    file = serializers.CharField(source="original_name")
    status = serializers.ChoiceField(choices=ImportJob.Status.choices)
    progress = serializers.IntegerField(help_text="Percent of the check, or of the import, done.")
    rows_total = serializers.IntegerField()
    rows_bad = serializers.IntegerField()
    rows_skipped = serializers.IntegerField(help_text="Rows imported before (by any import): left out.")
    persons_created = serializers.IntegerField()
    persons_linked = serializers.IntegerField(help_text="Rows that are persons already registered: nothing created.")
    households_created = serializers.IntegerField()
    sent_at = serializers.DateTimeField(source="created_at")
    finished_at = serializers.DateTimeField(allow_null=True)


@extend_schema_serializer(component_name="ImportProblem")
class ProblemSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="The line of the file (the header is 1); 0 for the whole file.")
    column = serializers.CharField()
    code = serializers.CharField()
    reason = serializers.CharField(help_text="In the language of Accept-Language.")


class DuplicateSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    social_id = serializers.CharField(
        allow_null=True, help_text="The registered person it may be (null outside the client's territory)."
    )
    other_line = serializers.IntegerField(allow_null=True, help_text="Or the earlier line of the file it may be.")
    probability = serializers.FloatField(allow_null=True, help_text="The model's; null: found by the exact rule.")
    certain = serializers.BooleanField(help_text="The same CNIE or IDCS: it can only be linked.")
    decision = serializers.CharField(help_text="“link”, “create”, or empty while undecided.")


def _job(request, pk: int) -> ImportJob:
    return selectors.import_get(viewer=request.user, pk=pk)


def _shown(job: ImportJob) -> dict:
    return ImportSerializer(job).data


class ImportCreateApi(APIView):
    permission_classes = ALLOWED
    parser_classes = [MultiPartParser]

    @extend_schema_serializer(component_name="ImportUpload")
    class InputSerializer(serializers.Serializer):
        file = serializers.FileField(help_text="CSV (UTF-8) or XLSX, the first line naming the columns.")

    @extend_schema(
        tags=TAGS,
        operation_id="imports_create",
        request={"multipart/form-data": InputSerializer},
        responses={202: ImportSerializer, **problems(400, 401, 403)},
        description="Send a file of persons: it is checked whole by the worker before anything is written (follow "
        "it at the address in Location). The same file imported already is refused.",
    )
    def post(self, request):
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        job = services.import_upload(
            actor=request.user, upload=payload.validated_data["file"], ip_address=client_address(request)
        )
        response = Response(_shown(job), status=status.HTTP_202_ACCEPTED)
        response["Location"] = reverse("imports_api:detail", kwargs={"pk": job.pk})
        return response


class ImportDetailApi(APIView):
    permission_classes = ALLOWED

    @extend_schema(
        tags=TAGS, operation_id="imports_detail", responses={200: ImportSerializer, **problems(401, 403, 404)}
    )
    def get(self, request, pk: int):
        return Response(_shown(_job(request, pk)))


class ImportProblemsApi(APIView):
    permission_classes = ALLOWED

    @extend_schema(
        tags=TAGS,
        operation_id="imports_problems",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated_schema(ProblemSerializer, "ImportProblemPage"), **problems(401, 403, 404)},
        description="Why rows cannot be imported: line, column and reason, in the order of the file.",
    )
    def get(self, request, pk: int):
        job = _job(request, pk)
        page = selectors.problem_page(
            job=job, page_number=request.query_params.get("page", 1), per_page=page_size_of(request, 50)
        )
        rows = [
            {"line": p.line, "column": p.column, "code": p.code, "reason": reason_text(p.code, p.params)}
            for p in page.object_list
        ]
        return page_response(request, page, rows)


class ImportDuplicatesApi(APIView):
    permission_classes = ALLOWED

    @extend_schema(
        tags=TAGS,
        operation_id="imports_duplicates",
        parameters=PAGE_PARAMETERS,
        responses={200: paginated_schema(DuplicateSerializer, "ImportDuplicatePage"), **problems(401, 403, 404)},
        description="The rows that may be persons already known, to decide before the import starts.",
    )
    def get(self, request, pk: int):
        job = _job(request, pk)
        page = selectors.duplicate_page(
            job=job, page_number=request.query_params.get("page", 1), per_page=page_size_of(request, 50)
        )
        scope = scope_of(request.user)
        rows = [
            {
                "line": d.line,
                # The social ID of a person of the client's territory only (the search's rule): outside it, the
                # row is said to be someone registered, never who.
                "social_id": d.person.social_id
                if d.person is not None
                and scope.contains(region_id=d.person.region_id, province_id=d.person.province_id)
                else None,
                "other_line": d.other_line,
                "probability": d.probability,
                "certain": d.certain,
                "decision": d.decision,
            }
            for d in page.object_list
        ]
        return page_response(request, page, rows)


class ImportDecideApi(APIView):
    permission_classes = ALLOWED
    parser_classes = [JSONParser]

    @extend_schema_serializer(component_name="ImportDecisions")
    class InputSerializer(serializers.Serializer):
        class Decision(serializers.Serializer):
            line = serializers.IntegerField(min_value=1)
            decision = serializers.ChoiceField(choices=ImportDuplicate.Decision.choices)

        decisions = serializers.ListField(child=Decision(), max_length=10_000)

    @extend_schema(
        tags=TAGS,
        operation_id="imports_decide",
        request=InputSerializer,
        responses={200: ImportSerializer, **problems(400, 401, 403, 404)},
        description="Decide flagged rows: “link” (the row is the person found: nothing created) or “create”.",
    )
    def post(self, request, pk: int):
        job = _job(request, pk)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        decisions = {item["line"]: item["decision"] for item in payload.validated_data["decisions"]}
        services.import_decide(actor=request.user, job=job, decisions=decisions, ip_address=client_address(request))
        return Response(_shown(_job(request, pk)))


class ImportStartApi(APIView):
    permission_classes = ALLOWED

    @extend_schema(
        tags=TAGS,
        operation_id="imports_start",
        request=None,
        responses={202: ImportSerializer, **problems(400, 401, 403, 404)},
        description="Start a checked import whose flagged rows are all decided: the worker writes every row, or none.",
    )
    def post(self, request, pk: int):
        job = services.import_start(actor=request.user, job=_job(request, pk), ip_address=client_address(request))
        return Response(_shown(job), status=status.HTTP_202_ACCEPTED)
