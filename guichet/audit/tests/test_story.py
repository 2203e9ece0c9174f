"""The audit log reads as a story: what happened to what, in the reader's language, names and labels, no codes."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from guichet.accounts.models import Role
from guichet.accounts.services import staff_update
from guichet.accounts.tests.factories import UserFactory
from guichet.associations.models import SchoolingApplication
from guichet.associations.tests.factories import AssociationFactory, SchoolingApplicationFactory, SupportedChildFactory
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_search
from guichet.audit.tests.factories import AuditEntryFactory
from guichet.cases.tests.factories import RequestFactory
from guichet.common import l10n
from guichet.common.checkdigit import damm_check_digit
from guichet.registry.services import person_update
from guichet.territory.tests.factories import CommuneFactory

REFERENCE = "458917453" + damm_check_digit("458917453")


def page_text(client, language: str, **params) -> str:
    """The audit page as a reader sees it: tags removed, spaces folded."""
    client.cookies["django_language"] = language
    html = client.get(reverse("audit:list"), params).content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" :", " :")


def stories(client, language: str, **params) -> list[str]:
    """Each entry's story (its lines joined), tags removed, as the page shows it."""
    client.cookies["django_language"] = language
    html = client.get(reverse("audit:list"), params).content.decode()
    found = re.findall(r'<ul class="story">(.*?)</ul>', html, flags=re.S)
    return [" | ".join(re.sub(r"<[^>]+>", "", line) for line in re.findall(r"<li>(.*?)</li>", f)) for f in found]


@pytest.fixture
def approved_request(personas, people):
    """A request approved by the Casablanca disability centre: the entry the workflow writes for it."""
    request = RequestFactory(reference=REFERENCE, person=people["casa"], centre=personas["centre"].centre)
    AuditEntryFactory(
        actor=personas["centre"],
        action=AuditEntry.Action.UPDATE,
        obj=request,
        person=people["casa"],
        changes={"status": ["submitted", "approved"]},
    )
    return request


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Statut de la demande 45891 74533 : reçue → approuvée"),
        ("ar", "الطلب 45891 74533 — الحالة: تم الاستلام ← تم القبول"),
        ("en", "Status of the request 45891 74533: received → approved"),
    ],
)
def test_a_status_change_reads_as_a_sentence(client, personas, approved_request, language, expected):
    client.force_login(personas["admin"])
    shown = stories(client, language, object_type="cases.request")
    assert shown == [expected.replace("45891 74533", REFERENCE[:5] + " " + REFERENCE[5:])]


def test_a_person_edit_names_each_field_and_value(client, personas, people, territory):
    person = people["casa"]
    with translation.override("fr"):
        before_birth = l10n.format_date(person.birth_date)
    maarif = CommuneFactory(code="C-MAARIF", province=territory["casablanca"], name_fr="Maârif", name_ar="المعاريف")
    person_update(
        actor=personas["agent"],
        person=person,
        expected_version=person.version,
        data={"family_name_latin": "El Idrissi Alami", "sex": "F", "commune": maarif, "birth_date": date(1990, 3, 2)},
    )
    client.force_login(personas["admin"])
    (shown,) = stories(client, "fr", object_type="registry.person")
    lines = set(shown.split(" | "))
    who = f"de la personne Mohamed El Idrissi Alami ({person.social_id_display})"
    assert lines == {
        f"Nom de famille (caractères latins) {who} : El Idrissi → El Idrissi Alami",
        f"Sexe {who} : masculin → féminin",
        f"Commune {who} : Anfa → Maârif",
        f"Date de naissance {who} : {before_birth} → 2 mars 1990",
    }
    (shown,) = stories(client, "ar", object_type="registry.person")
    assert f"الشخص محمد الإدريسي ({person.social_id_display}) — الجماعة: أنفا ← المعاريف" in shown.split(" | ")
    (shown,) = stories(client, "en", object_type="registry.person")
    assert f"Sex of the person Mohamed El Idrissi Alami ({person.social_id_display}): male → female" in shown.split(
        " | "
    )


def test_a_staff_member_is_named_never_accounts_user(client, personas):
    agent = personas["agent"]
    staff_update(
        actor=personas["admin"],
        user=agent,
        expected_version=agent.account_version,
        data={"role": "supervisor", "region": agent.window.commune.province.region, "window": None},
    )
    client.post(reverse("accounts:login"), {"username": "t_agent", "password": "wrong"})
    client.force_login(personas["admin"])
    text = page_text(client, "fr")
    assert "accounts.user" not in text and "accounts_user" not in text
    (shown,) = stories(client, "fr", object_type="accounts.user", action="update")
    name = agent.get_full_name()
    assert set(shown.split(" | ")) == {
        f"Rôle du membre du personnel {name} : agent de guichet → superviseur",
        f"Guichet du membre du personnel {name} : Guichet Anfa → —",
        f"Région du membre du personnel {name} : Casablanca-Settat",
    }
    (shown,) = stories(client, "en", object_type="accounts.user", action="update")
    assert f"Role of the staff member {name}: window agent → supervisor" in shown.split(" | ")
    (shown,) = stories(client, "ar", object_type="accounts.user", action="update")
    assert f"الموظف {name} — الدور: عون الشباك ← المشرف" in shown.split(" | ")
    assert stories(client, "en", action="login_failed") == ["Failed sign-in with the username t_agent"]
    assert stories(client, "fr", action="login")[0] == f"Connexion de {personas['admin'].get_full_name()}"


@pytest.fixture
def application(people, territory):
    """A submitted application of a Casablanca association listing two children."""
    association = AssociationFactory(province=territory["casablanca"], name_fr="Association Al Amal")
    application = SchoolingApplicationFactory(association=association, status=SchoolingApplication.Status.SUBMITTED)
    for person in (people["casa"], people["settat"]):
        SupportedChildFactory(application=application, person=person)
    return application


def test_opening_an_application_is_one_entry_naming_the_children(client, personas, people, territory, application):
    officer = UserFactory(username="t_officer", role=Role.PROGRAMME_OFFICER, region=territory["casa_settat"])
    client.force_login(officer)
    before = AuditEntry.objects.count()
    client.get(reverse("associations:application", args=[application.pk]))
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("seq")
    assert entry.object_type == "associations.schoolingapplication" and entry.person is None
    client.force_login(personas["admin"])
    (shown,) = stories(client, "fr", object_type="associations.schoolingapplication")
    assert shown == (
        "Ouverture de la demande de soutien à la scolarisation Association Al Amal 2026-2027"
        f" | Enfants : Mohamed El Idrissi ({people['casa'].social_id_display}),"
        f" Fatima Bennani ({people['settat'].social_id_display})"
    )
    # The supervisors of the association's region read it; those of another region do not.
    client.force_login(personas["supervisor_region"])
    assert len(stories(client, "fr", object_type="associations.schoolingapplication")) == 1


def test_a_page_of_entries_reads_its_records_in_a_few_queries(
    client, personas, people, approved_request, django_assert_max_num_queries
):
    for _ in range(30):
        AuditEntryFactory(actor=personas["agent"], obj=people["casa"])
        AuditEntryFactory(actor=personas["centre"], obj=approved_request, person=people["casa"])
    client.force_login(personas["admin"])
    with django_assert_max_num_queries(16):
        client.get(reverse("audit:list"))


def test_searches_comments_and_documents_read_as_sentences(client, personas, people, approved_request):
    casa = people["casa"]
    audit_search(
        actor=personas["agent"],
        kinds=["cnie"],
        found=[{"pk": casa.pk, "region_id": casa.region_id, "province_id": casa.province_id}],
    )
    audit_search(actor=personas["agent"], kinds=["phone", "idcs"], found=[])
    for changes in ({"comment": [None, "41"]}, {"attachments": [None, "ab12, cd34"]}):
        AuditEntryFactory(
            actor=personas["centre"],
            action=AuditEntry.Action.UPDATE,
            obj=approved_request,
            person=casa,
            changes=changes,
        )
    client.force_login(personas["admin"])
    reference = approved_request.reference_display
    assert stories(client, "fr", action="search") == [
        "Recherche dans le registre par IDCS, téléphone, qui n’a trouvé personne",
        f"Recherche dans le registre par CNIE, qui a trouvé Mohamed El Idrissi ({casa.social_id_display})",
    ]
    assert stories(client, "fr", object_type="cases.request")[:2] == [
        f"Pièces jointes de la demande {reference} : 2 fichiers",
        f"Commentaire de la demande {reference} : ajouté",
    ]


def test_a_record_type_without_its_own_wording_still_reads(client, personas, territory):
    AuditEntryFactory(
        actor=personas["admin"],
        action=AuditEntry.Action.UPDATE,
        obj=territory["anfa"],
        changes={"name_fr": ["Anfa", "Anfa Sud"]},
    )
    AuditEntry.objects.create(actor=personas["admin"], action="view", object_type="gone.record", object_id="7")
    client.force_login(personas["admin"])
    shown = stories(client, "fr")
    assert "Opening" not in " ".join(shown)
    assert "Nom en français de l’enregistrement « commune » Anfa : Anfa → Anfa Sud" in shown
    assert "Ouverture de l’enregistrement « gone.record » #7" in shown


def test_every_link_between_records_is_named_in_the_readers_language():
    """A link field named only by its attribute ("person", "course", "child") reads as the model it leads to."""
    from django.apps import apps

    from guichet.audit.story import _field_name

    unnamed = []
    with translation.override("ar"):
        for model in [m for m in apps.get_models() if m.__module__.startswith("guichet.")]:
            for model_field in model._meta.get_fields():
                if not (model_field.concrete and model_field.is_relation) or model_field.auto_created:
                    continue
                entry = AuditEntry(object_type=model._meta.label_lower, object_id="1")
                name = _field_name(entry, model_field.name)
                if re.search(r"[A-Za-z]", name):
                    unnamed.append(f"{model._meta.label}.{model_field.name}: {name}")
    assert unnamed == []
