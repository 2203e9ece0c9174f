"""Every write to the registry: register, edit, household links, consent, disability record."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from guichet.accounts import permissions as roles
from guichet.accounts.models import User
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record, changes_between
from guichet.common.checkdigit import new_social_id
from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.common.versioning import version_new, version_swap, version_unchanged
from guichet.matching.normalize import (
    name_keys,
    name_spellings,
    normalize_arabic,
    normalize_latin,
    normalize_name,
    spelling_neighbours,
)

from .models import (
    Consent,
    DisabilityRecord,
    Household,
    Membership,
    NameSpellingForm,
    Person,
    PersonNameKey,
    PersonNamePair,
    Relationship,
)
from .name_index import name_index_rows

# The fields of a person that staff edit; everything else is derived or system-kept.
PERSON_FIELDS = (
    "given_name_latin",
    "family_name_latin",
    "given_name_ar",
    "family_name_ar",
    "sex",
    "birth_date",
    "birth_date_approximate",
    "cnie",
    "idcs",
    "phone",
    "commune",
    "address",
)


@dataclass(frozen=True)
class HouseholdChoice:
    """Where a newly registered person lives: a new household they head, or someone else's."""

    household: Household | None = None
    relationship: str = Relationship.HEAD


def _person_names(person: Person) -> str:
    return " ".join([person.given_name_latin, person.family_name_latin, person.given_name_ar, person.family_name_ar])


def person_name_keys(person: Person) -> list[str]:
    return name_keys(_person_names(person))


def name_spelling_forms(spellings: list[tuple[str, str]], model=NameSpellingForm) -> list[NameSpellingForm]:
    """The dictionary rows of these (spelling, key) pairs: each spelling and its one-letter deletions."""
    rows = []
    for spelling, key in spellings:
        spelling = spelling[:80]
        rows += [model(form=form, spelling=spelling, key=key[:40]) for form in spelling_neighbours(spelling)]
    return rows


def person_name_sort(person: Person) -> str:
    latin = normalize_latin(f"{person.family_name_latin} {person.given_name_latin}")
    return (latin or normalize_arabic(f"{person.family_name_ar} {person.given_name_ar}"))[:200]


def person_name_words(person: Person) -> str:
    words = normalize_name(
        f"{person.given_name_latin} {person.family_name_latin} {person.given_name_ar} {person.family_name_ar}"
    ).split()
    return f" {' '.join(words)} "[:400]


def person_derive(person: Person) -> None:
    """Keep the copies in step: territory of the commune, sortable name; blanks as NULL for unique ids.

    Every write of a person calls it before saving (the services, the demo seeding, the test factory)."""
    province = person.commune.province
    person.province_id = province.pk
    person.region_id = province.region_id
    person.name_sort = person_name_sort(person)
    person.name_words = person_name_words(person)
    person.cnie = person.cnie or None
    person.idcs = person.idcs or None


def person_name_keys_write(person: Person) -> None:
    """Replace the saved person's name keys (what the duplicate search matches on) with those of their names now.

    Their spellings join the dictionary of the search's slip tolerance; a spelling nobody has any more stays
    there, harmless (it leads to a key, and the key to the persons who have it)."""
    spellings = name_spellings(_person_names(person))
    PersonNameKey.objects.filter(person=person).delete()
    PersonNamePair.objects.filter(person=person).delete()
    keys, pairs = name_index_rows(person.pk, (key for _, key in spellings))
    PersonNameKey.objects.bulk_create(keys)
    PersonNamePair.objects.bulk_create(pairs)
    NameSpellingForm.objects.bulk_create(name_spelling_forms(spellings), ignore_conflicts=True)


def name_dictionary_refresh(*, models=None) -> int:
    """Add every spelling of the registry's names to the search's dictionary (after a bulk load); returns its size.

    Read from the distinct values of the four name columns: a few scans, whatever the number of persons."""
    person_model, form_model = models or (Person, NameSpellingForm)
    spellings: dict[tuple[str, str], None] = {}
    for column in ("given_name_latin", "family_name_latin", "given_name_ar", "family_name_ar"):
        for value in person_model.objects.order_by().values_list(column, flat=True).distinct().iterator():
            spellings.update(dict.fromkeys(name_spellings(value)))
    form_model.objects.bulk_create(
        name_spelling_forms(list(spellings), form_model), batch_size=5000, ignore_conflicts=True
    )
    return len(spellings)


def name_keys_rebuild(*, batch_size: int = 2000, progress=None, models=None) -> int:
    """Recompute every person's name keys and the spelling dictionary (after the key rules change).

    Persons are read by primary-key ranges and written in bulk, one transaction per batch, so that a
    registry of 600,000 persons is rebuilt in minutes and stays searchable meanwhile. Returns the count.
    `models` (Person, PersonNameKey, NameSpellingForm, PersonNamePair) lets a data migration pass its historical
    models."""
    person_model, key_model, form_model, *later = models or (Person, PersonNameKey, NameSpellingForm, PersonNamePair)
    pair_model = later[0] if later else None  # the pairs came after the keys' first rebuild (migration 0003)
    done, last_pk = 0, 0
    names = ("pk", "given_name_latin", "family_name_latin", "given_name_ar", "family_name_ar")
    while True:
        batch = list(person_model.objects.filter(pk__gt=last_pk).order_by("pk").values_list(*names)[:batch_size])
        if not batch:
            break
        keys, pairs = [], []
        for pk, *parts in batch:
            found = name_index_rows(pk, name_keys(" ".join(parts)), key_model=key_model, pair_model=pair_model)
            keys += found[0]
            pairs += found[1]
        batch_persons = {"person_id__gt": last_pk, "person_id__lte": batch[-1][0]}
        with transaction.atomic():
            key_model.objects.filter(**batch_persons).delete()
            key_model.objects.bulk_create(keys, batch_size=5000)
            if pair_model is not None:
                pair_model.objects.filter(**batch_persons).delete()
                pair_model.objects.bulk_create(pairs, batch_size=5000)
        done += len(batch)
        last_pk = batch[-1][0]
        if progress is not None:
            progress(done)
    with transaction.atomic():
        form_model.objects.all().delete()
        name_dictionary_refresh(models=(person_model, form_model))
    return done


def _unique_social_id() -> str:
    while True:
        candidate = new_social_id()
        if not Person.objects.filter(social_id=candidate).exists():
            return candidate


@transaction.atomic
def person_register(
    *,
    actor: User,
    data: dict[str, Any],
    consent_given_on: datetime.date,
    consent_purposes: list[str],
    household_choice: HouseholdChoice | None = None,
    ip_address: str | None = None,
) -> Person:
    """Register a person with their consent and household link; one transaction, audited. The system actor
    registers too (the demo's persons registered a second time), never a web request."""
    if not (roles.can_register_persons(actor) or roles.is_system_actor(actor)):
        raise NotAllowed
    if Consent.Purpose.REGISTRATION not in consent_purposes:
        raise ValidationError({"consent_purposes": _("The person's consent to registration is required.")})
    person = Person(**{name: data.get(name) for name in PERSON_FIELDS if name in data})
    person.social_id = _unique_social_id()
    person.created_by = actor
    person_derive(person)
    person.full_clean()
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as error:  # lost a race on CNIE / IDCS uniqueness with another agent
        raise ValidationError(_("A person with this CNIE or IDCS was registered a moment ago.")) from error
    person_name_keys_write(person)

    choice = household_choice or HouseholdChoice()
    household = choice.household
    relationship = choice.relationship
    if household is None:
        household = Household.objects.create(commune=person.commune, address=person.address)
        relationship = Relationship.HEAD
    Membership.objects.create(household=household, person=person, relationship=relationship)
    for purpose in consent_purposes:
        Consent.objects.create(person=person, purpose=purpose, given_on=consent_given_on, recorded_by=actor)

    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=person,
        person=person,
        changes=changes_between({}, {name: getattr(person, name) for name in PERSON_FIELDS}),
        ip_address=ip_address,
    )
    return person


@transaction.atomic
def person_update(
    *, actor: User, person: Person, expected_version: int, data: dict[str, Any], ip_address: str | None = None
) -> Person:
    """Save the edited fields, unless someone else saved the person since `expected_version` was read."""
    if not roles.can_edit_person(actor, person):
        raise NotAllowed
    before = {name: getattr(person, name) for name in PERSON_FIELDS}
    for name in PERSON_FIELDS:
        if name in data:
            setattr(person, name, data[name])
    person_derive(person)
    person.full_clean(exclude=["social_id"])
    values = {name: getattr(person, name) for name in PERSON_FIELDS}
    changed = changes_between(before, values)
    if not changed:
        version_unchanged(person, expected=expected_version)
        return person
    derived = {
        "province_id": person.province_id,
        "region_id": person.region_id,
        "name_sort": person.name_sort,
        "name_words": person.name_words,
    }
    try:
        with transaction.atomic():
            version_swap(person, expected=expected_version, values={**values, **derived})
    except IntegrityError as error:
        raise ValidationError(_("A person with this CNIE or IDCS was registered a moment ago.")) from error
    person_name_keys_write(person)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=person,
        person=person,
        changes=changed,
        ip_address=ip_address,
    )
    return person


@transaction.atomic
def disability_record_save(
    *,
    actor: User,
    person: Person,
    expected_version: int | None,
    data: dict[str, Any],
    ip_address: str | None = None,
) -> DisabilityRecord:
    """Create or edit the person's disability record (sensitive); refused to roles that may not see it."""
    if not roles.can_write_disability(actor, person):
        raise NotAllowed
    fields = ("kind", "degree", "card_number", "notes")
    record = DisabilityRecord.objects.filter(person=person).first()
    if record is None:
        version_new(expected_version)
        record = DisabilityRecord(person=person, **{name: data.get(name, "") for name in fields})
        record.full_clean()
        record.save()
        action, changed = AuditEntry.Action.CREATE, {name: ["", "…"] for name in fields if data.get(name)}
    else:
        before = {name: getattr(record, name) for name in fields}
        for name in fields:
            setattr(record, name, data.get(name, ""))
        record.full_clean()
        version_swap(record, expected=expected_version, values={name: getattr(record, name) for name in fields})
        # Sensitive values are not copied into the audit log: only which fields changed.
        after = {name: getattr(record, name) for name in fields}
        action = AuditEntry.Action.UPDATE
        changed = {name: ["…", "…"] for name in changes_between(before, after)}
    audit_record(actor=actor, action=action, obj=record, person=person, changes=changed, ip_address=ip_address)
    return record
