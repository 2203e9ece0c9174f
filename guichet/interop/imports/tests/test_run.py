"""The import runs in the worker, all or nothing, writes what registration writes, and never twice."""

import datetime

import pytest
from django.utils import timezone, translation

from guichet.accounts.api_clients import api_client_create
from guichet.accounts.models import ApiPermission
from guichet.audit.models import AuditEntry
from guichet.common.checkdigit import is_valid_social_id
from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.interop.imports import services
from guichet.interop.imports.models import ImportDuplicate, ImportedRow, ImportJob
from guichet.matching.normalize import name_spellings
from guichet.registry.models import Consent, Household, Membership, NameSpellingForm, Person, PersonNameKey
from guichet.registry.services import PERSON_FIELDS, HouseholdChoice, name_spelling_forms, person_register
from guichet.registry.tests.name_index_checks import assert_pairs_follow_keys

from .files import HEADER, checked, csv_bytes, imported, person_row, upload

FAMILY = [
    person_row(
        given_name_latin="Omar",
        given_name_ar="عمر",
        sex="M",
        birth_date="1975-02-03",
        cnie="BK100",
        household="H1",
        relationship="head",
    ),
    person_row(
        given_name_latin="Sara",
        given_name_ar="سارة",
        birth_date="2012-09-30",
        phone="",
        household="H1",
        relationship="child",
        consent_purposes="registration",
    ),
    person_row(birth_date="1978-11-21", cnie="BK101", household="H1", relationship="spouse"),
    person_row(
        given_name_latin="Hassan",
        family_name_latin="Alami",
        given_name_ar="حسن",
        family_name_ar="العلمي",
        sex="M",
        birth_date="",
        birth_year="1960",
        idcs="1234509876",
        commune="C-AGDAL",
        phone="+33612345678",
    ),
]
HEADER_WITH_YEAR = [*HEADER, "birth_year"]


@pytest.mark.django_db(transaction=True)
def test_the_worker_checks_then_imports_every_household(personas):
    steward = personas["steward"]
    job = checked(steward, csv_bytes(FAMILY, header=HEADER_WITH_YEAR), worker=True)
    assert job.status == ImportJob.Status.READY and job.rows_total == 4 and not job.duplicates.exists()
    assert not Person.objects.exists()  # checked, nothing written

    job = imported(steward, job, worker=True)

    assert job.status == ImportJob.Status.DONE and job.progress == 100
    assert (job.persons_created, job.households_created, job.persons_linked) == (4, 2, 0)
    omar = Person.objects.get(cnie="BK100")
    members = {
        m.person.given_name_latin: m.relationship
        for m in Membership.objects.filter(household=omar.memberships.get().household)
    }
    assert members == {"Omar": "head", "Sara": "child", "Amina": "spouse"}
    hassan = Person.objects.get(idcs="1234509876")
    assert hassan.birth_date == datetime.date(1960, 1, 1) and hassan.birth_date_approximate
    assert hassan.province.code == "MA-RAB" and hassan.phone == "+33612345678"
    assert sorted(Consent.objects.filter(person__given_name_latin="Sara").values_list("purpose", flat=True)) == [
        "registration"
    ]
    assert AuditEntry.objects.filter(object_type="registry.person", action="create", actor=steward).count() == 4
    assert (
        AuditEntry.objects.filter(object_type="imports.importjob", object_id=str(job.pk)).count() == 3
    )  # sent, started, done
    assert ImportedRow.objects.filter(job=job).count() == 4


@pytest.mark.django_db
def test_an_imported_person_is_exactly_what_registration_writes(personas, territory):
    steward = personas["steward"]
    data = {
        "given_name_latin": "Amina",
        "family_name_latin": "Tazi",
        "given_name_ar": "أمينة",
        "family_name_ar": "التازي",
        "sex": "F",
        "birth_date": datetime.date(1990, 5, 17),
        "birth_date_approximate": False,
        "cnie": "BK555",
        "idcs": None,
        "phone": "+212612345678",
        "commune": territory["anfa"],
        "address": "12 rue des Oudayas",
    }
    registered = person_register(
        actor=steward,
        data=data,
        consent_given_on=datetime.date(2026, 1, 10),
        consent_purposes=["registration", "sharing"],
        household_choice=HouseholdChoice(),
    )
    Person.objects.filter(pk=registered.pk).update(cnie="ZZ1")  # free the CNIE for the imported twin
    NameSpellingForm.objects.all().delete()  # the import writes the spellings of its names again
    job = checked(steward, csv_bytes([person_row(cnie="BK555")]))
    assert job.duplicates.get().person == registered  # the same details: the steward says it is another person
    services.import_decide(actor=steward, job=job, decisions={2: "create"})
    job = imported(steward, job)
    assert job.status == ImportJob.Status.DONE
    imported_person = Person.objects.get(cnie="BK555")
    registered.refresh_from_db()

    derived = ("province_id", "region_id", "name_sort", "name_words", "created_by_id", "merged_into_id", "version")
    for name in [*PERSON_FIELDS, *derived]:
        if name != "cnie":
            assert getattr(imported_person, name) == getattr(registered, name), name
    assert is_valid_social_id(imported_person.social_id) and imported_person.social_id != registered.social_id

    def keys(person):
        return sorted(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))

    def consents(person):
        return sorted(person.consents.values_list("purpose", "given_on", "recorded_by", "withdrawn_on"))

    def membership(person):
        m = person.memberships.get()
        return m.relationship, m.ended_on, m.household.commune_id, m.household.address

    assert keys(imported_person) == keys(registered) != []
    assert assert_pairs_follow_keys() == 2  # each of them: amn tz (both scripts give the same keys)
    assert consents(imported_person) == consents(registered)
    assert membership(imported_person) == membership(registered)
    spellings = {form.spelling for form in name_spelling_forms(name_spellings("Amina Tazi أمينة التازي"))}
    assert set(NameSpellingForm.objects.values_list("spelling", flat=True)) == spellings

    def audit(person):
        entry = AuditEntry.objects.get(object_type="registry.person", object_id=str(person.pk))
        changes = {k: v for k, v in entry.changes.items() if k != "cnie"}
        return entry.action, entry.actor_id, entry.person_id == person.pk, entry.scope_region_id, changes

    assert audit(imported_person) == audit(registered)


@pytest.mark.django_db
def test_the_same_file_twice_creates_nothing_the_second_time(personas):
    steward = personas["steward"]
    content = csv_bytes(FAMILY[:3])
    first = imported(steward, checked(steward, content))
    assert first.persons_created == 3

    with translation.override("en"), pytest.raises(ValidationError, match=f"already imported \\(import #{first.pk}\\)"):
        services.import_upload(actor=steward, upload=upload(content))

    resaved = csv_bytes(FAMILY[:3], delimiter=";")  # the same rows saved again: another file, the same persons
    second = checked(steward, resaved)
    assert second.status == ImportJob.Status.READY and second.rows_skipped == 3
    second = imported(steward, second)
    assert second.status == ImportJob.Status.DONE and second.persons_created == 0
    assert Person.objects.count() == 3 and Household.objects.count() == 1


@pytest.mark.django_db
def test_a_row_with_a_registered_cnie_is_that_person_and_the_household_joins_theirs(personas, people):
    steward = personas["steward"]
    head = person_row(
        given_name_latin="Mohamed",
        family_name_latin="El Idrissi",
        given_name_ar="محمد",
        family_name_ar="الإدريسي",
        sex="M",
        cnie="BE123456",
        household="X",
        relationship="head",
    )
    child = person_row(
        given_name_latin="Yasmine", given_name_ar="ياسمين", birth_date="2015-04-04", household="X", relationship="child"
    )
    job = checked(steward, csv_bytes([head, child]))

    duplicate = job.duplicates.get()
    assert (duplicate.line, duplicate.person, duplicate.certain, duplicate.decision) == (
        2,
        people["casa"],
        True,
        "link",
    )
    with pytest.raises(ValidationError):
        services.import_decide(actor=steward, job=job, decisions={2: "create"})

    job = imported(steward, job)

    assert (job.persons_created, job.persons_linked, job.households_created) == (1, 1, 0)
    yasmine = Person.objects.get(given_name_latin="Yasmine")
    assert yasmine.memberships.get().household == people["casa"].memberships.get().household
    assert ImportedRow.objects.get(job=job, person=people["casa"])


@pytest.mark.django_db
def test_the_steward_decides_rows_that_may_be_registered_persons(personas, people):
    steward = personas["steward"]
    fatima = people["settat"]  # Fatima Bennani, born 1985-03-14, no CNIE
    same = person_row(
        given_name_latin="Fatima",
        family_name_latin="Bennani",
        given_name_ar="فاطمة",
        family_name_ar="بناني",
        birth_date="14/03/1985",
        commune="C-SETTAT",
    )
    other = dict(same, given_name_latin="Fatema", phone="0661234567", address="Douar")
    twin = dict(same, given_name_latin="Fatima", address="2e ligne")  # the same person again, in the file
    job = checked(steward, csv_bytes([same, other, twin]))

    flagged = {d.line: (d.person_id, d.other_line, d.certain) for d in job.duplicates.all()}
    # Fatema spells the same name keys: an earlier row of the file is named first.
    assert flagged == {2: (fatima.pk, None, False), 3: (None, 2, False), 4: (None, 2, False)}
    with translation.override("en"), pytest.raises(ValidationError, match="Decide the 3 flagged rows first"):
        services.import_start(actor=steward, job=job)

    services.import_decide(actor=steward, job=job, decisions={2: "link", 3: "create", 4: "link"})
    job = imported(steward, job)

    assert (job.persons_created, job.persons_linked) == (1, 2)
    assert Person.objects.filter(family_name_latin="Bennani").count() == 2
    decided = AuditEntry.objects.get(object_type="imports.importjob", object_id=str(job.pk), changes__has_key="line 3")
    assert decided.changes["line 3"] == [None, "create"]


@pytest.mark.django_db
def test_nothing_is_written_when_a_row_became_bad_before_the_run(personas, territory):
    admin = personas["admin"]
    client, _ = api_client_create(
        actor=admin,
        name="CNSS",
        contact="it@cnss.example",
        permissions=[ApiPermission.IMPORT_PERSONS],
        expires_at=timezone.now() + datetime.timedelta(days=30),
        province=territory["casablanca"],
    )
    rows = [person_row(cnie="BK1"), person_row(given_name_latin="Sara", cnie="BK2")]
    job = checked(client.user, csv_bytes(rows))
    assert job.status == ImportJob.Status.READY
    client.user.province = territory["rabat"]  # the client's territory changed between the check and the run
    client.user.save()

    job = imported(client.user, job)

    assert job.status == ImportJob.Status.INVALID
    assert list(job.problems.values_list("line", "column", "code")) == [
        (2, "commune", "outside_scope"),
        (3, "commune", "outside_scope"),
    ]
    assert not Person.objects.exists() and not ImportedRow.objects.exists()


@pytest.mark.django_db
def test_a_client_system_imports_only_persons_of_its_territory(personas, territory):
    client, _ = api_client_create(
        actor=personas["admin"],
        name="Province Settat",
        contact="x@y.example",
        permissions=[ApiPermission.IMPORT_PERSONS],
        expires_at=timezone.now() + datetime.timedelta(days=30),
        province=territory["settat"],
    )
    job = checked(client.user, csv_bytes([person_row(commune="C-SETTAT", cnie="BK1"), person_row(cnie="BK2")]))

    assert list(job.problems.values_list("line", "column", "code")) == [(3, "commune", "outside_scope")]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["agent", "centre", "supervisor_national", "coordinator", "programme_officer"])
def test_only_stewards_administrators_and_allowed_clients_import(personas, persona):
    with pytest.raises(NotAllowed):
        services.import_upload(actor=personas[persona], upload=upload(csv_bytes([person_row()])))
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_neither_csv_nor_xlsx_is_refused_before_anything_is_kept(personas, settings):
    from django.core.exceptions import ValidationError as FieldError

    with translation.override("en"), pytest.raises(FieldError, match="neither a CSV file nor an XLSX workbook"):
        services.import_upload(actor=personas["steward"], upload=upload(b"%PDF-1.4 persons", "persons.csv"))
    assert not ImportJob.objects.exists()
    assert (
        not list((settings.DATA_DIR / "imports").glob("**/*.*")) if (settings.DATA_DIR / "imports").exists() else True
    )


@pytest.mark.django_db
def test_an_in_file_duplicate_decided_the_same_person_is_created_once(personas):
    steward = personas["steward"]
    job = checked(steward, csv_bytes([person_row(), person_row(address="bis")]))
    assert list(job.duplicates.values_list("line", "other_line")) == [(3, 2)]
    services.import_decide(actor=steward, job=job, decisions={3: ImportDuplicate.Decision.LINK})

    job = imported(steward, job)

    assert job.persons_created == 1 and Person.objects.count() == 1


@pytest.mark.django_db
def test_a_file_left_checking_by_a_stopped_worker_can_be_sent_again(personas):
    steward = personas["steward"]
    content = csv_bytes([person_row()])
    stuck = services.import_upload(actor=steward, upload=upload(content))  # no worker ran: still being checked
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match=f"already being imported \\(import #{stuck.pk}\\)"),
    ):
        services.import_upload(actor=steward, upload=upload(content))
    ImportJob.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - services.ABANDONED_AFTER * 2)

    again = services.import_upload(actor=steward, upload=upload(content))

    stuck.refresh_from_db()
    assert stuck.status == ImportJob.Status.FAILED and stuck.problems.get().code == "abandoned"
    assert again.status == ImportJob.Status.CHECKING


@pytest.mark.django_db
def test_a_checked_import_never_started_does_not_hold_its_file(personas):
    steward = personas["steward"]
    content = csv_bytes([person_row()])
    first = checked(steward, content)
    assert first.status == ImportJob.Status.READY

    second = checked(steward, content)

    assert second.status == ImportJob.Status.READY
    assert imported(steward, second).persons_created == 1
    assert imported(steward, first).persons_created == 0  # its rows were imported by the second
