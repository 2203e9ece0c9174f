"""Writes to the service catalogue: a service with its required documents and its eligibility rule.

The rule is checked with eligibility.validate_rule: a RuleError reaches the caller and nothing is written.
"""

import json
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record, changes_between
from guichet.common.exceptions import ValidationError
from guichet.common.versioning import version_unchanged

from .eligibility import validate_rule
from .models import Centre, Service, ServiceDocument
from .selectors import document_in_use, ensure_can_manage_network
from .services import compare_and_swap, values_of

SERVICE_FIELDS = (
    "code",
    "name_fr",
    "name_ar",
    "name_en",
    "description_fr",
    "description_ar",
    "description_en",
    "category",
    "centre_kinds",
    "due_working_days",
    "channel_window",
    "channel_online",
    "eligibility_rule",
    "is_active",
)
DOCUMENT_FIELDS = ("name_fr", "name_ar", "name_en", "required")


def _prepare(service: Service, data: dict[str, Any]) -> None:
    """Copy the edited fields onto the service, normalising the rule (RuleError) and the centre types."""
    for name in SERVICE_FIELDS:
        if name in data:
            setattr(service, name, data[name])
    service.eligibility_rule = validate_rule(service.eligibility_rule or {})
    kinds = list(dict.fromkeys(service.centre_kinds or []))
    if not kinds:
        raise ValidationError({"centre_kinds": _("Choose at least one type of centre that delivers the service.")})
    if any(kind not in Centre.Kind.values for kind in kinds):
        raise ValidationError({"centre_kinds": _("Choose types of centre from the list.")})
    service.centre_kinds = [kind for kind in Centre.Kind.values if kind in kinds]  # stable order
    if not (service.channel_window or service.channel_online):
        raise ValidationError({"channel_window": _("A service can be asked for at a window, online, or both.")})


def _audit_values(service: Service) -> dict[str, Any]:
    """The fields as the audit log compares them: JSON as canonical text (PostgreSQL reorders jsonb keys)."""
    values = values_of(service, SERVICE_FIELDS)
    for name in ("centre_kinds", "eligibility_rule"):
        values[name] = json.dumps(values[name], sort_keys=True, ensure_ascii=False)
    return values


def _documents_text(documents) -> str:
    """The list of documents as one line for the audit log: names in French, (optional) marked."""
    return "; ".join(
        document["name_fr"] + ("" if document["required"] else " (" + _("optional") + ")") for document in documents
    )


def _checked_documents(service: Service, documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    checked = []
    for position, document in enumerate(documents):
        row = {name: document.get(name, "") for name in DOCUMENT_FIELDS}
        row["required"] = bool(document.get("required", True))
        candidate = ServiceDocument(**row, position=position)
        candidate.full_clean(exclude=["service"])
        checked.append({**row, "pk": document.get("pk"), "position": position})
    return checked


def _write_documents(service: Service, documents: list[dict[str, Any]]) -> None:
    """Make the service's documents exactly `documents`, in that order; one still used by a request stays."""
    existing = {document.pk: document for document in service.documents.all()}
    kept = set()
    for row in documents:
        values = {name: row[name] for name in (*DOCUMENT_FIELDS, "position")}
        document = existing.get(row["pk"]) if row["pk"] else None
        if document is None:
            ServiceDocument.objects.create(service=service, **values)
        else:
            kept.add(document.pk)
            ServiceDocument.objects.filter(pk=document.pk).update(**values)
    for pk, document in existing.items():
        if pk in kept:
            continue
        refusal = ValidationError(
            _("The document “%(name)s” was received with requests and cannot be removed: mark it as optional instead.")
            % {"name": document.name}
        )
        if document_in_use(document):
            raise refusal
        try:
            with transaction.atomic():
                document.delete()
        except ProtectedError as error:
            raise refusal from error


@transaction.atomic
def service_create(
    *, actor, data: dict[str, Any], documents: list[dict[str, Any]], ip_address: str | None = None
) -> Service:
    """Add a service to the catalogue with its documents (a list of {name_fr, name_ar, name_en, required})."""
    ensure_can_manage_network(actor)
    service = Service()
    _prepare(service, data)
    service.full_clean()
    documents = _checked_documents(service, documents)
    try:
        with transaction.atomic():
            service.save()
    except IntegrityError as error:
        raise ValidationError({"code": _("This code was given to another service a moment ago.")}) from error
    _write_documents(service, [{**row, "pk": None} for row in documents])
    after = {**_audit_values(service), "documents": _documents_text(documents)}
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=service,
        changes=changes_between({}, after),
        ip_address=ip_address,
    )
    return service


@transaction.atomic
def service_update(
    *,
    actor,
    service: Service,
    expected_version: int,
    data: dict[str, Any],
    documents: list[dict[str, Any]] | None = None,
    ip_address: str | None = None,
) -> Service:
    """Save the edited service and, when given, its documents (existing ones carry their "pk"; those left out
    are removed), unless someone else saved the service since `expected_version` was read."""
    ensure_can_manage_network(actor)
    current_documents = [
        {**values_of(document, DOCUMENT_FIELDS), "pk": document.pk} for document in service.documents.all()
    ]
    before = {**_audit_values(service), "documents": _documents_text(current_documents)}
    _prepare(service, {name: value for name, value in data.items() if name != "code"})
    service.full_clean(exclude=["version", "code"])
    if documents is None:
        documents = current_documents
    own = {row["pk"] for row in current_documents}
    documents = [{**row, "pk": row.get("pk") if row.get("pk") in own else None} for row in documents]
    documents = _checked_documents(service, documents)
    after = {**_audit_values(service), "documents": _documents_text(documents)}
    changed = changes_between(before, after)
    same_order = [row["pk"] for row in documents] == [row["pk"] for row in current_documents]
    if not changed and same_order:
        version_unchanged(service, expected=expected_version)
        return service
    values = values_of(service, SERVICE_FIELDS)
    values.pop("code")  # the code is the service's address: it does not change
    compare_and_swap(service, expected_version=expected_version, values=values)
    _write_documents(service, documents)
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=service, changes=changed, ip_address=ip_address)
    return service
