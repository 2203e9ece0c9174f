"""Persons through the API: search (minimal identity), open, register, update with If-Match, the household, the
disability record. Each view calls the registry's selectors and services with the client's account, which scope,
refuse and audit it as staff of its territory."""

import datetime
from typing import Any

from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from guichet.accounts.models import ApiPermission
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_search
from guichet.common.net import client_address
from guichet.interop.access import ClientAllows, api_audit
from guichet.registry import selectors, services
from guichet.registry.forms import PersonEditForm, RegistrationForm
from guichet.registry.models import Consent, Relationship, Sex
from guichet.territory.models import Commune

from .common import ETAG_HEADER, IF_MATCH, form_invalid, if_match_version, page_response, paginated_schema, problems
from .serializers import (
    DisabilitySerializer,
    HouseholdSerializer,
    PersonFoundSerializer,
    PersonSerializer,
    shown,
    shown_all,
)

TAGS = ["persons"]
SOCIAL_ID = OpenApiParameter("social_id", str, OpenApiParameter.PATH, description="The person's social ID.")


class PersonFields(serializers.Serializer):
    """A person's fields as the registration and edit forms take them (the forms check and normalise them)."""

    given_name_latin = serializers.CharField(max_length=80, required=False, allow_blank=True)
    family_name_latin = serializers.CharField(max_length=80, required=False, allow_blank=True)
    given_name_ar = serializers.CharField(max_length=80, required=False, allow_blank=True)
    family_name_ar = serializers.CharField(max_length=80, required=False, allow_blank=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    birth_date = serializers.DateField(required=False, allow_null=True)
    birth_year = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=9999, help_text="When the date is not known."
    )
    cnie = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True)
    idcs = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    commune = serializers.CharField(max_length=12, required=False, help_text="The commune's code.")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)


def _form_data(values: dict) -> dict:
    """Serializer values as the forms' posted data (the commune by its code → its primary key)."""
    data: dict[str, Any] = {name: ("" if value is None else value) for name, value in values.items()}
    for name in ("birth_date", "consent_given_on"):
        if isinstance(data.get(name), datetime.date):
            data[name] = data[name].isoformat()
    if "commune" in data:
        commune = Commune.objects.filter(code=data["commune"]).values_list("pk", flat=True).first()
        if commune is None:
            raise exceptions.ValidationError({"commune": [_("No commune has this code.")]})
        data["commune"] = commune
    return data


class PersonSearchApi(APIView):
    permission_classes = [IsAuthenticated, ClientAllows(ApiPermission.READ_PERSONS)]

    class InputSerializer(serializers.Serializer):
        q = serializers.CharField(max_length=200, help_text="Names (Latin or Arabic), social ID, CNIE, IDCS or phone.")
        page = serializers.IntegerField(min_value=1, max_value=100000, required=False, default=1)

    @extend_schema(
        tags=TAGS,
        operation_id="persons_search",
        parameters=[InputSerializer],
        responses={200: paginated_schema(PersonFoundSerializer, "PersonSearchPage"), **problems(400, 401, 403)},
        description="The national search of the staff pages, minimal identity only; the social ID only for the "
        "persons of the client's territory. Searching by an identifier is recorded for each person found.",
    )
    def get(self, request):
        query = self.InputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        text = query.validated_data["q"]
        results = selectors.person_search(viewer=request.user, text=text, page_number=query.validated_data["page"])
        if results.identifier_kinds:
            audit_search(
                actor=request.user,
                kinds=results.identifier_kinds,
                found=results.found_by_identifier,
                ip_address=client_address(request),
            )
        else:
            api_audit(request, action=AuditEntry.Action.SEARCH, object_type="registry.person")
        if results.too_many:
            raise exceptions.ValidationError(
                {
                    "q": [
                        _("More than %(limit)s persons match: add the family name, or search by an identifier.")
                        % {"limit": results.limit}
                    ]
                }
            )
        commune = "commune__name_ar" if get_language_bidi() else "commune__name_fr"
        rows = [
            {
                **row,
                "social_id": row["social_id"] if row["in_scope"] or results.own_only else None,
                "birth_year": row["birth_date"].year,
                "commune": row[commune],
            }
            for row in results.page.object_list
        ]
        return page_response(request, results.page, shown_all(PersonFoundSerializer, rows))


class PersonCreateApi(APIView):
    permission_classes = [IsAuthenticated, ClientAllows(ApiPermission.WRITE_PERSONS)]
    parser_classes = [JSONParser]

    @extend_schema_serializer(component_name="PersonCreate")
    class InputSerializer(PersonFields):
        sex = serializers.ChoiceField(choices=Sex.choices)
        commune = serializers.CharField(max_length=12, help_text="The commune's code.")
        head_social_id = serializers.CharField(
            max_length=20, required=False, allow_blank=True, help_text="To join a household: its head's social ID."
        )
        relationship = serializers.ChoiceField(choices=Relationship.choices, default=Relationship.HEAD)
        consent_given_on = serializers.DateField()
        consent_purposes = serializers.ListField(
            child=serializers.ChoiceField(choices=Consent.Purpose.choices), help_text="Must hold “registration”."
        )
        confirm_distinct = serializers.BooleanField(
            default=False, help_text="True once checked that none of the persons already registered is this one."
        )

    @extend_schema(
        tags=TAGS,
        operation_id="persons_create",
        request=InputSerializer,
        responses={201: PersonSerializer, **problems(400, 401, 403)},
        parameters=[ETAG_HEADER],
        description="Register a person with their consent, as at a window: the same checks and messages. Persons "
        "with the same details already registered are refused (counted, never named) unless confirm_distinct.",
    )
    def post(self, request):
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        confirmed = values.pop("confirm_distinct")
        form = RegistrationForm(data=_form_data(values))
        if not form.is_valid():
            raise form_invalid(form)
        data = form.person_data()
        if not confirmed:
            found = selectors.lookalikes_check(viewer=request.user, data=data)
            if found:
                count = len(found.known) + found.strangers
                raise exceptions.ValidationError(
                    {
                        "confirm_distinct": [
                            _(
                                "Persons with these details are already registered (%(count)s): search for them "
                                "first, or send confirm_distinct if none of them is this person."
                            )
                            % {"count": count}
                        ]
                    }
                )
        membership = form.household_membership
        person = services.person_register(
            actor=request.user,
            data=data,
            consent_given_on=form.cleaned_data["consent_given_on"],
            consent_purposes=form.cleaned_data["consent_purposes"],
            household_choice=services.HouseholdChoice(
                household=membership.household if membership else None,
                relationship=form.cleaned_data["relationship"],
            ),
            ip_address=client_address(request),
        )
        response = Response(shown(PersonSerializer, person), status=status.HTTP_201_CREATED)
        response["ETag"] = f'"{person.version}"'
        return response


class PersonDetailApi(APIView):
    permission_classes = [IsAuthenticated, ClientAllows(ApiPermission.READ_PERSONS)]

    @extend_schema(
        tags=TAGS,
        operation_id="persons_read",
        parameters=[SOCIAL_ID, ETAG_HEADER],
        responses={200: PersonSerializer, **problems(401, 403, 404)},
        description="A person's file in the client's territory (recorded in the audit log as an opening).",
    )
    def get(self, request, social_id: str):
        person = selectors.person_open(
            viewer=request.user, social_id=social_id, ip_address=client_address(request), related=selectors.FILE_ALONE
        )
        response = Response(shown(PersonSerializer, person))
        response["ETag"] = f'"{person.version}"'
        return response


class PersonUpdateApi(APIView):
    permission_classes = [IsAuthenticated, ClientAllows(ApiPermission.WRITE_PERSONS)]
    parser_classes = [JSONParser]

    @extend_schema_serializer(component_name="PersonUpdate")
    class InputSerializer(PersonFields):
        pass

    @extend_schema(
        tags=TAGS,
        operation_id="persons_update",
        request=InputSerializer,
        parameters=[SOCIAL_ID, IF_MATCH, ETAG_HEADER],
        responses={200: PersonSerializer, **problems(400, 401, 403, 404, 412, 428)},
        description="Change the fields sent, as the edit page does, if nobody changed the file since the version "
        "named in If-Match (412 otherwise: nothing is written).",
    )
    def patch(self, request, social_id: str):
        expected = if_match_version(request)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        person = selectors.person_get_for_edit(viewer=request.user, social_id=social_id)
        data = {**_current(person), **_form_data(dict(payload.validated_data)), "version": expected}
        if "birth_date" in payload.validated_data:
            data["birth_year"] = ""
        elif "birth_year" in payload.validated_data:
            data["birth_date"] = ""
        form = PersonEditForm(data=data, instance=person)
        if not form.is_valid():
            raise form_invalid(form)
        version = person.version
        person = services.person_update(
            actor=request.user,
            person=person,
            expected_version=expected,
            data=form.person_data(),
            ip_address=client_address(request),
        )
        if person.version == version:  # nothing changed: no update entry was written, the reading is recorded
            api_audit(request, action=AuditEntry.Action.VIEW, obj=person, person=person)
        response = Response(shown(PersonSerializer, person))
        response["ETag"] = f'"{person.version}"'
        return response


def _current(person) -> dict:
    """The file as the edit form shows it: what is not sent stays as it is."""
    names = ("given_name_latin", "family_name_latin", "given_name_ar", "family_name_ar", "sex", "phone", "address")
    data = {name: getattr(person, name) for name in names}
    data["cnie"] = person.cnie or ""
    data["idcs"] = person.idcs or ""
    data["commune"] = person.commune_id
    if person.birth_date_approximate:
        data.update(birth_date="", birth_year=person.birth_date.year)
    else:
        data.update(birth_date=person.birth_date.isoformat(), birth_year="")
    return data


class PersonHouseholdApi(APIView):
    permission_classes = [IsAuthenticated, ClientAllows(ApiPermission.READ_PERSONS)]

    @extend_schema(
        tags=TAGS,
        operation_id="persons_household",
        parameters=[SOCIAL_ID],
        responses={200: HouseholdSerializer, **problems(401, 403, 404)},
        description="The person's current household and its members (minimal identity), head first.",
    )
    def get(self, request, social_id: str):
        person = selectors.person_open(viewer=request.user, social_id=social_id, ip_address=client_address(request))
        members = selectors.household_members(person=person)
        if not members:
            raise exceptions.NotFound(_("This person belongs to no household."))
        household = members[0].household
        return Response(
            shown(HouseholdSerializer, {"id": household.pk, "commune": household.commune, "members": members})
        )


class PersonDisabilityApi(APIView):
    permission_classes = [IsAuthenticated, ClientAllows(ApiPermission.SEE_DISABILITY)]

    @extend_schema(
        tags=TAGS,
        operation_id="persons_disability",
        parameters=[SOCIAL_ID],
        responses={200: DisabilitySerializer, **problems(401, 403, 404)},
        description="The person's disability record: only for a client given see_disability (and read_persons), "
        "recorded in the audit log as a reading of sensitive data. The notes are never sent.",
    )
    def get(self, request, social_id: str):
        person = selectors.person_get(viewer=request.user, social_id=social_id)
        record = selectors.disability_record_get(viewer=request.user, person=person, ip_address=client_address(request))
        if record is None:
            api_audit(request, action=AuditEntry.Action.VIEW, obj=person, person=person)
            raise exceptions.NotFound(_("This person has no disability record."))
        return Response(shown(DisabilitySerializer, record))
