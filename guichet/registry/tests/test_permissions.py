"""The permission matrix: every role against persons inside and outside its territory, and against every write."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

# Who may open the full file of the person living in: Casablanca, Settat (same region), Rabat.
FILE_ACCESS = {
    "admin": (True, True, True),
    "steward": (True, True, True),
    "agent": (True, False, False),
    "agent_rabat": (False, False, True),
    "centre": (True, False, False),
    "incubator": (True, False, False),
    "centre_rabat": (False, False, True),
    "supervisor_region": (True, True, False),
    "supervisor_province": (False, True, False),
    "supervisor_national": (True, True, True),
    "coordinator": (True, True, False),
    "facilitator": (False, False, False),
    "programme_officer": (False, False, True),
    "association_manager": (False, False, False),
}
PLACES = ("casa", "settat", "rabat")


@pytest.mark.parametrize("role", FILE_ACCESS)
@pytest.mark.parametrize("place", range(3))
def test_opening_a_file_follows_the_territory(client, personas, people, role, place):
    client.force_login(personas[role])
    person = people[PLACES[place]]
    response = client.get(reverse("registry:detail", args=[person.social_id]))
    expected = FILE_ACCESS[role][place]
    assert response.status_code == (200 if expected else 403)
    html = response.content.decode()
    if expected:
        assert person.social_id_display in html
    else:
        assert person.given_name_latin not in html


# Who may change a file: the roles that register persons at the registry, in their territory. Supervisors read
# only; coordinators, officers, facilitators and association managers never edit a file.
EDITORS = ("admin", "steward", "agent", "agent_rabat", "centre", "incubator", "centre_rabat")


@pytest.mark.parametrize("role", FILE_ACCESS)
@pytest.mark.parametrize("place", range(3))
def test_editing_a_file_follows_the_role_and_the_territory(client, personas, people, role, place):
    client.force_login(personas[role])
    person = people[PLACES[place]]
    allowed = role in EDITORS and FILE_ACCESS[role][place]
    response = client.get(reverse("registry:edit", args=[person.social_id]))
    assert response.status_code == (200 if allowed else 403)


@pytest.mark.parametrize("role", FILE_ACCESS)
def test_search_is_national_for_every_role(client, personas, people, role):
    client.force_login(personas[role])
    html = client.get(reverse("registry:search"), {"q": "Youssef Alaoui"}).content.decode()
    assert "Youssef" in html


# Who sees disability details: disability-centre staff, stewards and administrators — in their territory.
DISABILITY_ACCESS = {
    "admin": True,
    "steward": True,
    "centre": True,
    "agent": False,
    "incubator": False,
    "supervisor_region": False,
    "supervisor_national": False,
    "coordinator": False,
}


@pytest.mark.parametrize(("role", "allowed"), DISABILITY_ACCESS.items())
def test_disability_details_only_for_roles_that_need_them(client, personas, people, role, allowed):
    from guichet.registry.services import disability_record_save

    person = people["casa"]
    disability_record_save(
        actor=personas["admin"],
        person=person,
        expected_version=None,
        data={"kind": "visual", "degree": "severe", "card_number": "HC-778899", "notes": ""},
    )
    client.force_login(personas[role])
    html = client.get(reverse("registry:detail", args=[person.social_id])).content.decode()
    assert ("HC-778899" in html) is allowed
    response = client.get(reverse("registry:disability", args=[person.social_id]))
    assert response.status_code == (200 if allowed else 403)


def test_disability_centre_staff_outside_the_territory_cannot_edit(client, personas, people):
    client.force_login(personas["centre_rabat"])
    response = client.post(
        reverse("registry:disability", args=[people["casa"].social_id]),
        {"kind": "motor", "degree": "light", "card_number": "", "notes": "", "version": 0},
    )
    assert response.status_code == 403
    from guichet.registry.models import DisabilityRecord

    assert not DisabilityRecord.objects.filter(person=people["casa"]).exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("agent", True),
        ("centre", True),
        ("steward", True),
        ("admin", True),
        ("supervisor_region", False),
        ("supervisor_national", False),
        ("coordinator", True),
        ("association_manager", True),
        ("facilitator", False),
        ("programme_officer", False),
    ],
)
def test_who_may_register(client, personas, role, allowed):
    client.force_login(personas[role])
    assert client.get(reverse("registry:create")).status_code == (200 if allowed else 403)


# --- writes: every role × every write, on objects of Casablanca; a refused write changes nothing ---------------

# The roles allowed each write; every other role is refused (403, or 404 where the object is not even visible).
WRITERS = {
    "person_edit": {"admin", "steward", "agent", "centre", "incubator"},
    "registration": {"admin", "steward", "agent", "agent_rabat", "centre", "incubator", "centre_rabat", "coordinator"}
    | {"association_manager"},
    "request_filing": {"agent"},
    "request_action": {"centre"},
    "referral": {"centre"},
    "disability_write": {"admin", "steward", "centre"},
    "enrolment": {"admin", "coordinator"},
    "child_add": {"association_manager"},
    "staff_admin": {"admin"},
    "network_admin": {"admin"},
    "message_template": {"admin"},
    "pair_decision": {"admin", "steward"},
    "person_merge": {"admin", "steward"},
    "person_unmerge": {"admin", "steward"},
    "client_register": {"admin"},
    "client_edit": {"admin"},
    "client_revoke": {"admin"},
    "client_renew": {"admin"},
}


@pytest.fixture
def world(personas, people, territory):
    """One object of each kind in Casablanca: a request at the disability centre, a cohort, a draft application."""
    from guichet.associations.tests.factories import AssociationFactory, SchoolingApplicationFactory
    from guichet.cases.tests.factories import RequestFactory
    from guichet.network.eligibility import EMPTY_RULE
    from guichet.network.models import Centre, Service
    from guichet.network.tests.factories import ServiceFactory
    from guichet.training.tests.factories import CohortFactory, CourseFactory

    card = ServiceFactory(code="card", channel_window=True)
    project = ServiceFactory(code="project", category=Service.Category.ECONOMIC, centre_kinds=[Centre.Kind.INCUBATOR])
    personas["centre"].centre.services.add(card)
    personas["incubator"].centre.services.add(project)
    request = RequestFactory(
        person=people["casa"],
        service=card,
        centre=personas["centre"].centre,
        window=personas["agent"].window,
        filed_by=personas["agent"],
    )
    coordinator = personas["coordinator"]
    course = CourseFactory(
        title_fr="Couture", title_ar="خياطة", title_en="Sewing", eligibility_rule=EMPTY_RULE, created_by=coordinator
    )
    cohort = CohortFactory(
        course=course,
        communes=[territory["anfa"]],
        facilitator=personas["facilitator"],
        starts_on=datetime.date(2026, 3, 2),
        ends_on=datetime.date(2026, 6, 30),
        capacity=20,
    )
    association = AssociationFactory(province=territory["casablanca"], manager=personas["association_manager"])
    application = SchoolingApplicationFactory(association=association, school_year="2026-2027")
    return {"request": request, "project": project, "cohort": cohort, "application": application}


def _person_state(person):
    from guichet.registry.models import Person

    return Person.objects.filter(pk=person.pk).values("address", "phone", "version").get()


def _write(name, personas, people, world, territory):
    """(method, url, data, state) of a write: `state()` reads what the write would change."""
    from guichet.accounts.models import User
    from guichet.associations.models import SupportedChild
    from guichet.cases.models import Referral, Request
    from guichet.network.models import Centre
    from guichet.notify.models import MessageTemplate
    from guichet.registry.models import DisabilityRecord, Person
    from guichet.training.models import Enrollment

    casa, request = people["casa"], world["request"]
    born = {"birth_date": "2016-03-02", "birth_year": "", "sex": "F", "commune": territory["anfa"].pk}
    new_person = {
        "given_name_latin": "Samira",
        "family_name_latin": "Matrix",
        "given_name_ar": "",
        "family_name_ar": "",
    }
    writes = {
        "person_edit": (
            reverse("registry:edit", args=[casa.social_id]),
            {**_edit_form(casa), "address": "1 rue de la Matrice", "version": casa.version},
            lambda: _person_state(casa),
        ),
        "registration": (
            reverse("registry:create"),
            {
                **new_person,
                **born,
                "cnie": "",
                "idcs": "",
                "phone": "",
                "address": "",
                "head_social_id": "",
                "relationship": "head",
                "consent_given_on": "2026-03-02",
                "consent_purposes": ["registration"],
            },
            lambda: Person.objects.count(),
        ),
        "request_filing": (
            reverse("cases:file", args=[casa.social_id]),
            {"service": "card", "language": "fr", "duplicate_reason": "Une seconde carte."},  # one is open
            lambda: Request.objects.count(),
        ),
        "request_action": (
            reverse("cases:detail", args=[request.reference]),
            {"action": "transition", "transition": "approve", "version": request.version, "note": "Complet."},
            lambda: Request.objects.filter(pk=request.pk).values("status", "version").get(),
        ),
        "referral": (
            reverse("cases:refer", args=[request.reference]),
            {
                "service": world["project"].pk,
                "centre": personas["incubator"].centre_id,
                "reason": "Projet",
                "version": request.version,
            },
            lambda: (Referral.objects.count(), Request.objects.count()),
        ),
        "disability_write": (
            reverse("registry:disability", args=[casa.social_id]),
            {"kind": "motor", "degree": "light", "card_number": "", "notes": "", "version": 0},
            lambda: DisabilityRecord.objects.count(),
        ),
        "enrolment": (
            reverse("training:enrol_person", args=[world["cohort"].pk, people["settat"].social_id]),
            {"language": "fr"},
            lambda: Enrollment.objects.count(),
        ),
        "child_add": (
            reverse("associations:child_add", args=[world["application"].pk]),
            {
                **new_person,
                **born,
                "consent": "on",
                "kind": "motor",
                "degree": "light",
                "card_number": "",
                "school": "École Anfa",
                "support_kind": "equipment",
                "amount_requested": "900",
            },
            lambda: (SupportedChild.objects.count(), Person.objects.count(), DisabilityRecord.objects.count()),
        ),
        "staff_admin": (
            reverse("accounts:staff_create"),
            {
                "username": "matrix",
                "password": "a-long-enough-pass",
                "first_name": "M",
                "last_name": "X",
                "email": "",
                "role": "agent",
                "window": personas["agent"].window_id,
                "is_active": "on",
            },
            lambda: User.objects.count(),
        ),
        "network_admin": (
            reverse("network:centre_create"),
            {
                "kind": "incubator",
                "code": "inc-matrix",
                "name": "Incubateur Matrice",
                "name_ar": "حاضنة",
                "commune": territory["anfa"].pk,
                "address": "",
                "phone": "",
                "email": "",
                "is_active": "on",
            },
            lambda: Centre.objects.count(),
        ),
        "message_template": (
            reverse("notify:template_edit", args=["approved", "fr", "sms"]),
            {"subject": "", "body": "Acceptée {reference}."},
            lambda: list(
                MessageTemplate.objects.filter(trigger="approved", language="fr").values_list("body", flat=True)
            ),
        ),
    }
    if name in ("pair_decision", "person_merge", "person_unmerge"):
        return _identity_write(name, personas, people, territory)
    if name.startswith("client_"):
        return _client_write(name, personas, territory)
    return writes[name]


def _client_write(name, personas, territory):
    """The administrator's writes on client systems (accounts/clients): register, change, revoke, renew a token."""
    from guichet.accounts.api_clients import api_client_create
    from guichet.accounts.models import ApiClient

    later = timezone.localdate() + datetime.timedelta(days=100)
    form = {
        "name": "Matrix system",
        "contact": "it@matrix.example.ma",
        "province": territory["casablanca"].pk,
        "region": "",
        "permissions": ["read_persons"],
        "expires_at": later.isoformat(),
        "rate_per_minute": "60",
        "public_key": "",
        "callback_urls": "",
    }
    if name == "client_register":
        return reverse("accounts:client_create"), form, lambda: ApiClient.objects.count()
    client, _ = api_client_create(
        actor=personas["admin"],
        name="Registered system",
        contact="it@registered.example.ma",
        permissions=["read_persons"],
        expires_at=timezone.now() + datetime.timedelta(days=30),
        national=True,
    )

    def state():
        return ApiClient.objects.filter(pk=client.pk).values("contact", "revoked_at", "token_hash").get()

    if name == "client_edit":
        return reverse("accounts:client_edit", args=[client.pk]), {**form, "version": client.version}, state
    action = {"action": name.removeprefix("client_"), "confirm": "1", "expires_at": later.isoformat()}
    return reverse("accounts:client_detail", args=[client.pk]), action, state


def _identity_write(name, personas, people, territory):
    """The data steward's writes on two files of Casablanca (identity): decide, merge, unmerge."""
    from guichet.identity.models import Merge, PairDecision
    from guichet.identity.services import person_merge
    from guichet.registry.tests.factories import PersonFactory

    casa = people["casa"]
    twin = PersonFactory(given_name_latin="Mohammed", family_name_latin="Idrissi", commune=territory["anfa"])
    pair = reverse("identity:pair", args=[casa.social_id, twin.social_id])
    if name == "pair_decision":
        return pair, {"action": "decide", "decision": "not_same"}, lambda: PairDecision.objects.count()
    if name == "person_merge":
        data = {"action": "merge", "confirm": "1", "survivor": "first", "version_first": casa.version}
        data.update({"version_second": twin.version, "given_name_latin": "first", "family_name_latin": "first"})
        data.update(dict.fromkeys(("given_name_ar", "family_name_ar", "sex", "cnie", "idcs", "phone"), "first"))
        return pair, data, lambda: Merge.objects.count()
    merge = person_merge(
        actor=personas["steward"],
        survivor=casa,
        absorbed=twin,
        survivor_version=casa.version,
        absorbed_version=twin.version,
    )
    return (
        reverse("identity:merge", args=[merge.pk]),
        {"action": "unmerge", "confirm": "1"},
        lambda: Merge.objects.filter(undone_at__isnull=True).count(),
    )


def _edit_form(person):
    return {
        "given_name_latin": person.given_name_latin,
        "family_name_latin": person.family_name_latin,
        "given_name_ar": person.given_name_ar,
        "family_name_ar": person.family_name_ar,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "birth_year": "",
        "cnie": person.cnie or "",
        "idcs": person.idcs or "",
        "phone": "",
        "commune": person.commune_id,
        "address": person.address,
    }


@pytest.mark.parametrize("write", WRITERS)
@pytest.mark.parametrize("role", FILE_ACCESS)
def test_every_write_is_refused_to_the_roles_it_is_not_for(client, personas, people, territory, world, role, write):
    url, data, state = _write(write, personas, people, world, territory)
    before = state()
    client.force_login(personas[role])
    response = client.post(url, data)
    if role in WRITERS[write]:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert state() != before
    else:
        assert response.status_code in (403, 404)
        assert state() == before
