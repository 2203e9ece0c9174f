"""What the REST API returns, shared by its views: the fewest fields that serve another system (the inputs are
each view's own InputSerializer)."""

from collections.abc import Iterable
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from guichet.cases.models import Channel, Status
from guichet.network.models import Centre, Service, Window
from guichet.registry.models import DisabilityRecord, Relationship, Sex

# One serializer of each class per process, its fields made once. DRF copies every declared field (a deepcopy)
# for each serializer it makes: on a read of one person that copy cost more CPU than turning the person into JSON
# (0.39 of 0.56 ms under the profiler). The serializers below only read their instance (none reads its context or
# keeps state between two calls), so one made once serves every call of the process.
_SHOWN: dict[type[serializers.Serializer], serializers.Serializer] = {}


def shown(serializer_class: type[serializers.Serializer], instance: Any) -> dict[str, Any]:
    """What `serializer_class(instance).data` gives, by the serializer kept for the class."""
    serializer = _SHOWN.get(serializer_class)
    if serializer is None:
        serializer = _SHOWN[serializer_class] = serializer_class()
    return serializer.to_representation(instance)


def shown_all(serializer_class: type[serializers.Serializer], instances: Iterable[Any]) -> list[dict[str, Any]]:
    """What `serializer_class(instances, many=True).data` gives."""
    return [shown(serializer_class, instance) for instance in instances]


class PlaceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_fr = serializers.CharField()
    name_ar = serializers.CharField()


class PersonFoundSerializer(serializers.Serializer):
    """A search result: minimal identity, as on the staff search page; the social ID only where the client may
    open the file."""

    social_id = serializers.CharField(allow_null=True, help_text="Null outside the client's territory.")
    given_name_latin = serializers.CharField(allow_blank=True)
    family_name_latin = serializers.CharField(allow_blank=True)
    given_name_ar = serializers.CharField(allow_blank=True)
    family_name_ar = serializers.CharField(allow_blank=True)
    birth_year = serializers.IntegerField()
    commune = serializers.CharField(help_text="The commune's name in the language of Accept-Language.")
    in_scope = serializers.BooleanField(help_text="Whether the client may open the file.")


class PersonSerializer(serializers.Serializer):
    """A person's file (no disability detail: see /persons/<social_id>/disability/)."""

    social_id = serializers.CharField()
    version = serializers.IntegerField()
    given_name_latin = serializers.CharField(allow_blank=True)
    family_name_latin = serializers.CharField(allow_blank=True)
    given_name_ar = serializers.CharField(allow_blank=True)
    family_name_ar = serializers.CharField(allow_blank=True)
    sex = serializers.ChoiceField(choices=Sex.choices)
    birth_date = serializers.DateField()
    birth_date_approximate = serializers.BooleanField(help_text="Only the year of birth is known.")
    cnie = serializers.CharField(allow_null=True)
    idcs = serializers.CharField(allow_null=True)
    phone = serializers.CharField(allow_blank=True)
    commune = serializers.CharField(source="commune.code")
    province = serializers.CharField(source="commune.province.code")
    region = serializers.CharField(source="commune.province.region.code")
    address = serializers.CharField(allow_blank=True)
    merged_into = serializers.CharField(
        source="merged_into.social_id", allow_null=True, default=None, help_text="The file this one was merged into."
    )


class MemberSerializer(serializers.Serializer):
    social_id = serializers.CharField(source="person.social_id")
    given_name_latin = serializers.CharField(source="person.given_name_latin", allow_blank=True)
    family_name_latin = serializers.CharField(source="person.family_name_latin", allow_blank=True)
    given_name_ar = serializers.CharField(source="person.given_name_ar", allow_blank=True)
    family_name_ar = serializers.CharField(source="person.family_name_ar", allow_blank=True)
    birth_year = serializers.IntegerField(source="person.birth_year")
    relationship = serializers.ChoiceField(choices=Relationship.choices)


class HouseholdSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    commune = serializers.CharField(source="commune.code")
    members = MemberSerializer(many=True)


class DisabilitySerializer(serializers.Serializer):
    version = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=DisabilityRecord.Kind.choices)
    degree = serializers.ChoiceField(choices=DisabilityRecord.Degree.choices)
    card_number = serializers.CharField(allow_blank=True)


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name_fr = serializers.CharField()
    name_ar = serializers.CharField()
    name_en = serializers.CharField()
    required = serializers.BooleanField()


class ServiceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_fr = serializers.CharField()
    name_ar = serializers.CharField()
    name_en = serializers.CharField()
    description_fr = serializers.CharField(allow_blank=True)
    description_ar = serializers.CharField(allow_blank=True)
    description_en = serializers.CharField(allow_blank=True)
    category = serializers.ChoiceField(choices=Service.Category.choices)
    due_working_days = serializers.IntegerField()
    channel_window = serializers.BooleanField(help_text="Can be asked for at a window (and through this API).")
    channel_online = serializers.BooleanField()
    documents = DocumentSerializer(many=True)


class CentreSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_ar = serializers.CharField(allow_blank=True)
    kind = serializers.ChoiceField(choices=Centre.Kind.choices)
    commune = serializers.CharField(source="commune.code")
    province = serializers.CharField(source="province.code")
    region = serializers.CharField(source="region.code")
    address = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)


class CentreDetailSerializer(CentreSerializer):
    services = serializers.SerializerMethodField(help_text="The codes of the services the centre offers.")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_services(self, centre: Centre) -> list[str]:
        return sorted(service.code for service in centre.services.all())


class WindowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_ar = serializers.CharField(allow_blank=True)
    kind = serializers.ChoiceField(choices=Window.Kind.choices)
    status = serializers.ChoiceField(choices=Window.Status.choices)
    opening_hours = serializers.CharField(allow_blank=True)
    opened_on = serializers.DateField(allow_null=True)
    commune = serializers.CharField(source="commune.code")
    province = serializers.CharField(source="province.code")
    region = serializers.CharField(source="region.code")


class RequestSerializer(serializers.Serializer):
    reference = serializers.CharField()
    version = serializers.IntegerField()
    person = serializers.CharField(source="person.social_id")
    service = serializers.CharField(source="service.code")
    centre = serializers.CharField(source="centre.code")
    window = serializers.CharField(source="window.code", allow_null=True, default=None)
    channel = serializers.ChoiceField(choices=Channel.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    language = serializers.CharField()
    filed_at = serializers.DateTimeField()
    due_date = serializers.DateField()
    paused_since = serializers.DateField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_reason = serializers.CharField(allow_blank=True)
    delivered_on = serializers.DateField(allow_null=True)
    eligible = serializers.BooleanField(help_text="Whether the person met the service's rule when it was filed.")
    actions = serializers.ListField(
        child=serializers.CharField(), help_text="The status changes this client may make now (see the transition)."
    )


class QueueRowSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    due_date = serializers.DateField()
    overdue = serializers.BooleanField()
    paused_since = serializers.DateField(allow_null=True)
    person = serializers.CharField(source="person.social_id")
    service = serializers.CharField(source="service.code")
    centre = serializers.CharField(source="centre.code")
