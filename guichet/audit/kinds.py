"""What the audit log calls each kind of record: its name, how to say "of the record", and how to show one.

The records live in apps above audit, so they are reached through Django's app registry by their label
(`cases.request`), never imported: audit stays below them in the layers.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from guichet.common.checkdigit import parse_damm_number, parse_social_id


def _person(person: Any) -> str:
    return person.full_name if person is not None else ""


def _person_and_id(person: Any) -> str:
    return f"{person.full_name} ({person.social_id_display})"


def _user(user: Any) -> str:
    return user.get_full_name() or user.username


def _reference_display(text: str) -> str:
    """A request reference as the request shows it ("45891 74533"), from the request model's own property."""
    model = model_of("cases.request")
    return model(reference=text).reference_display if model is not None else text  # type: ignore[attr-defined]


def _files(fingerprints: str) -> str:
    count = len([part for part in fingerprints.split(",") if part.strip()])
    return ngettext("%(count)s file", "%(count)s files", count) % {"count": count}


def _find_request(text: str) -> Q | None:
    reference = parse_damm_number(text, 10)
    return Q(reference=reference) if reference else None


def _find_person(text: str) -> Q | None:
    social_id = parse_social_id(text)
    return Q(social_id=social_id) if social_id else None


def _find_user(text: str) -> Q | None:
    return Q(username__iexact=text) if text else None


@dataclass(frozen=True)
class Kind:
    noun: Promise  # "request": the record type in the filter
    of: Promise  # "of the request %(name)s": the object of a sentence
    label: Callable[[Any], str] = str  # how one record is shown
    related: tuple[str, ...] = ()  # select_related for `label`
    find: Callable[[str], Q | None] | None = None  # a record from what a reader types (a reference, an ID)
    references: dict[str, str] = field(default_factory=dict)  # keys of `changes` naming another record: its type
    values: dict[str, Callable[[str], str]] = field(default_factory=dict)  # how a key's value is shown
    columns: tuple[str, ...] = ()  # what `label` reads, when the record has many more (its other columns not read)


KINDS: dict[str, Kind] = {
    "cases.request": Kind(
        pgettext_lazy("audit record type", "request"),
        _("of the request %(name)s"),
        lambda request: request.reference_display,
        find=_find_request,
        columns=("reference",),
        values={
            "reference": _reference_display,
            "referral": _reference_display,
            "comment": lambda event_id: str(pgettext("audit comment", "added")),  # the text is on the timeline
            "attachments": _files,  # their fingerprints, one per file
        },
    ),
    "cases.attachment": Kind(
        pgettext_lazy("audit record type", "attached document"), _("of the attached document %(name)s")
    ),
    "registry.person": Kind(
        pgettext_lazy("audit record type", "person"),
        _("of the person %(name)s"),
        _person_and_id,
        find=_find_person,
        columns=("social_id", "given_name_latin", "family_name_latin", "given_name_ar", "family_name_ar"),
    ),
    "registry.disabilityrecord": Kind(
        pgettext_lazy("audit record type", "disability record"),
        _("of the disability record of %(name)s"),
        lambda record: _person(record.person),
        ("person",),
    ),
    "registry.consent": Kind(
        pgettext_lazy("audit record type", "consent"),
        _("of the consent of %(name)s"),
        lambda consent: _person(consent.person),
        ("person",),
    ),
    "registry.household": Kind(pgettext_lazy("audit record type", "household"), _("of the household %(name)s")),
    "accounts.user": Kind(
        pgettext_lazy("audit record type", "staff member"), _("of the staff member %(name)s"), _user, find=_find_user
    ),
    "network.centre": Kind(pgettext_lazy("audit record type", "centre"), _("of the centre %(name)s")),
    "network.window": Kind(pgettext_lazy("audit record type", "window"), _("of the window %(name)s")),
    "network.service": Kind(pgettext_lazy("audit record type", "service"), _("of the service %(name)s")),
    "network.holiday": Kind(pgettext_lazy("audit record type", "holiday"), _("of the holiday %(name)s")),
    "notify.messagetemplate": Kind(
        pgettext_lazy("audit record type", "message template"), _("of the message template %(name)s")
    ),
    "training.course": Kind(pgettext_lazy("audit record type", "course"), _("of the course %(name)s")),
    "training.module": Kind(pgettext_lazy("audit record type", "module"), _("of the module %(name)s")),
    "training.cohort": Kind(pgettext_lazy("audit record type", "cohort"), _("of the cohort %(name)s")),
    "training.session": Kind(
        pgettext_lazy("audit record type", "session"),
        _("of the session of the cohort %(name)s"),
        lambda session: str(session.cohort),
        ("cohort",),
    ),
    "training.enrollment": Kind(
        pgettext_lazy("audit record type", "enrolment"),
        _("of the enrolment of %(name)s"),
        lambda enrollment: _person(enrollment.person),
        ("person",),
    ),
    "training.progress": Kind(
        pgettext_lazy("audit record type", "progress"),
        _("of the progress of %(name)s"),
        lambda progress: _person(progress.enrollment.person),
        ("enrollment__person",),
    ),
    "training.certificate": Kind(
        pgettext_lazy("audit record type", "certificate"),
        _("of the certificate of %(name)s"),
        lambda certificate: _person(certificate.enrollment.person),
        ("enrollment__person",),
        values={"certificate": lambda how: str(CERTIFICATE_READINGS.get(how, how))},
    ),
    "identity.pairdecision": Kind(
        pgettext_lazy("audit record type", "decision on a pair of files"),
        _("of the decision on the files %(name)s"),
        lambda pair: f"{_person_and_id(pair.person_a)} – {_person_and_id(pair.person_b)}",
        ("person_a", "person_b"),
    ),
    "identity.merge": Kind(
        pgettext_lazy("audit record type", "merge of person files"),
        _("of the merge %(name)s"),
        lambda merge: f"{_person_and_id(merge.absorbed)} → {_person_and_id(merge.survivor)}",
        ("absorbed", "survivor"),
    ),
    "associations.association": Kind(
        pgettext_lazy("audit record type", "association"), _("of the association %(name)s")
    ),
    "associations.schoolingapplication": Kind(
        pgettext_lazy("audit record type", "schooling application"),
        _("of the schooling application %(name)s"),
        related=("association",),
        references={"children": "registry.person"},
    ),
    "associations.supportedchild": Kind(
        pgettext_lazy("audit record type", "child listed on an application"),
        _("of the listing of the child %(name)s"),
        lambda child: _person(child.person),
        ("person",),
    ),
    "associations.termreport": Kind(
        pgettext_lazy("audit record type", "term report"),
        _("of the term report of %(name)s"),
        lambda report: _person(report.child.person),
        ("child__person",),
    ),
    # A download of a dashboard's table (CSV or XLSX): no record, the table's name as object_id.
    "insights.export": Kind(
        pgettext_lazy("audit record type", "dashboard export"), _("of the dashboard export %(name)s")
    ),
}

# The record type of a dashboard export (guichet/insights/exports.py), which no model stands for.
INSIGHTS_EXPORT = "insights.export"
# The record type of a backup made or restored (manage.py backup, restore): the archive, by its file's name.
BACKUP = "backup"

# Keys of `changes` that are not fields of the record: what each one is called.
PSEUDO_FIELDS: dict[str, Promise] = {
    "amount": _("amount"),
    "attachments": _("attached documents"),
    "children": _("children"),
    "cnie": _("CNIE"),
    "comment": _("comment"),
    "idcs": _("IDCS"),
    "kind": _("type"),
    "phone": _("phone"),
    "receipt": _("receipt"),
    "referral": _("referral"),
    "social_id": _("social ID"),
    "certificate": _("how it was read"),  # a certificate's reading (training): on the verification page, as a PDF
}
CERTIFICATE_READINGS: dict[str, Promise] = {"verification": _("on the verification page"), "pdf": _("as a PDF")}

# The record type of the disability record as audit_record writes it (app_label.model_name).
DISABILITY_OBJECT_TYPE = "registry.disabilityrecord"

GENERIC_OF = _("of the record “%(type)s” %(name)s")


def model_of(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def noun_of(object_type: str) -> str:
    """The record type as a reader calls it: ours, else the model's name, else the raw label."""
    kind = KINDS.get(object_type)
    if kind is not None:
        return str(kind.noun)
    model = model_of(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


def label_of(obj: models.Model) -> str:
    kind = KINDS.get(obj._meta.label_lower)
    if kind is not None and kind.label is not str:
        return kind.label(obj)
    if type(obj).__str__ is not models.Model.__str__:  # the record says how it reads ("Guichet Anfa")
        return str(obj)
    person = getattr(obj, "person", None)
    return _person(person) if person is not None else f"#{obj.pk}"


def type_choices() -> list[tuple[str, str]]:
    """The record types a reader can filter on, in the reader's alphabetical order."""
    return sorted(((label, str(kind.noun)) for label, kind in KINDS.items()), key=lambda choice: choice[1])
