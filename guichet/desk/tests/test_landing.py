"""Each role lands on its work: agents on today's requests at their window, supervisors on their territory's
queue, data stewards on the registry's quality work, administrators on the network's state."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from guichet.accounts.models import User
from guichet.accounts.tests.factories import UserFactory
from guichet.cases.models import Request, Status
from guichet.network.tests.factories import CentreFactory, ServiceFactory, WindowFactory
from guichet.registry.models import Consent
from guichet.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(personas):
    service = ServiceFactory(name_fr="Carte de handicap", name_ar="بطاقة الإعاقة", name_en="Disability card")
    personas["agent"].window  # noqa: B018 (loaded once)
    for centre in ("centre", "centre_rabat"):
        personas[centre].centre.services.add(service)
    return service


def _request(reference, *, person, service, centre, window, agent, status=Status.SUBMITTED, due=None, filed_at=None):
    request = Request.objects.create(
        reference=reference,
        person=person,
        service=service,
        centre=centre,
        window=window,
        filed_by=agent,
        status=status,
        due_date=due or timezone.localdate() + datetime.timedelta(days=10),
        delivered_on=timezone.localdate() if status == Status.DELIVERED else None,
    )
    if filed_at is not None:
        Request.objects.filter(pk=request.pk).update(filed_at=filed_at)
    return request


@pytest.fixture
def requests(personas, people, service):
    agent, agent_rabat = personas["agent"], personas["agent_rabat"]
    casa, rabat = personas["centre"].centre, personas["centre_rabat"].centre
    yesterday = timezone.now() - datetime.timedelta(days=1)
    late = timezone.localdate() - datetime.timedelta(days=3)
    common = {"service": service}
    return {
        "today": _request("1000000001", person=people["casa"], centre=casa, window=agent.window, agent=agent, **common),
        "today_late": _request(
            "1000000002", person=people["settat"], centre=casa, window=agent.window, agent=agent, due=late, **common
        ),
        "yesterday": _request(
            "1000000003",
            person=people["casa"],
            centre=casa,
            window=agent.window,
            agent=agent,
            filed_at=yesterday,
            status=Status.DELIVERED,
            **common,
        ),
        "rabat": _request(
            "2000000001", person=people["rabat"], centre=rabat, window=agent_rabat.window, agent=agent_rabat, **common
        ),
    }


@pytest.mark.parametrize(
    ("persona", "where"),
    [
        ("agent", "desk:window"),
        ("supervisor_region", "desk:territory"),
        ("steward", "desk:registry"),
        ("admin", "desk:network"),
        ("centre", "cases:queue"),
        ("coordinator", "training:home"),
        ("facilitator", "training:home"),
        ("association_manager", "associations:list"),
        ("programme_officer", "associations:list"),
    ],
)
def test_each_role_lands_on_its_own_page(client, personas, persona, where):
    client.force_login(personas[persona])
    response = client.get("/")
    assert response["Location"] == reverse(where)
    assert client.get(response["Location"]).status_code == 200


def test_an_agent_sees_todays_requests_of_their_window_newest_first_and_the_search(client, personas, requests):
    client.force_login(personas["agent"])
    html = client.get(reverse("desk:window")).content.decode()
    assert html.index("10000 00002") < html.index("10000 00001")  # newest first
    assert "10000 00003" not in html  # yesterday's
    assert "20000 00001" not in html  # another window's
    assert f'action="{reverse("registry:search")}"' in html
    assert reverse("cases:detail", args=["1000000001"]) in html
    assert "2 demandes déposées aujourd’hui" in html


@pytest.mark.parametrize("persona", ["supervisor_region", "steward", "centre", "facilitator", "association_manager"])
def test_only_agents_open_the_window_page(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("desk:window")).status_code == 403


def test_a_supervisor_sees_the_queue_of_their_territory_only(client, personas, requests):
    client.force_login(personas["supervisor_region"])
    response = client.get(reverse("desk:territory"))
    queue = response.context["queue"]
    assert queue.open == 2 and queue.overdue == 1
    assert {value: count for value, _label, count in queue.by_status}[Status.DELIVERED] == 1
    centres = {row["centre__name"]: row for row in queue.centres}
    assert set(centres) == {"Centre Anfa"}
    assert centres["Centre Anfa"]["overdue"] == 1 and centres["Centre Anfa"]["total"] == 3
    assert "Centre Agdal" not in response.content.decode()


def test_a_national_supervisor_sees_every_centre(client, personas, requests):
    client.force_login(personas["supervisor_national"])
    queue = client.get(reverse("desk:territory")).context["queue"]
    assert {row["centre__name"] for row in queue.centres} == {"Centre Anfa", "Centre Agdal"}


@pytest.mark.parametrize("persona", ["agent", "centre", "steward", "coordinator", "association_manager"])
def test_the_territory_page_is_refused_to_other_roles(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("desk:territory")).status_code == 403


def test_the_supervisor_page_counts_in_a_fixed_number_of_queries(
    client, personas, requests, django_assert_max_num_queries
):
    client.force_login(personas["supervisor_national"])
    with django_assert_max_num_queries(12):
        client.get(reverse("desk:territory"))


@pytest.fixture
def files(territory, personas):
    """Complete and incomplete files: the steward's lists."""
    complete = PersonFactory(
        given_name_latin="Samira",
        family_name_latin="Kettani",
        given_name_ar="سميرة",
        family_name_ar="الكتاني",
        commune=territory["anfa"],
        phone="+212612000001",
        cnie="AB100200",
        birth_date=datetime.date(1980, 1, 1),
    )
    Consent.objects.create(
        person=complete,
        purpose=Consent.Purpose.REGISTRATION,
        given_on=datetime.date(2026, 1, 1),
        recorded_by=personas["agent"],
    )
    no_phone = PersonFactory(
        given_name_latin="Rachid",
        family_name_latin="Ouazzani",
        given_name_ar="رشيد",
        family_name_ar="الوزاني",
        commune=territory["anfa"],
        phone="",
        cnie="AB100201",
        birth_date=datetime.date(1975, 6, 1),
    )
    Consent.objects.create(
        person=no_phone,
        purpose=Consent.Purpose.REGISTRATION,
        given_on=datetime.date(2026, 1, 1),
        recorded_by=personas["agent"],
    )
    old = PersonFactory(
        given_name_latin="Karima",
        family_name_latin="Sebti",
        given_name_ar="",
        family_name_ar="",
        commune=territory["agdal"],
        birth_date=datetime.date(1960, 1, 1),
        birth_date_approximate=True,
    )
    from guichet.registry.models import Person

    Person.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    return {"complete": complete, "no_phone": no_phone, "old": old}


def test_a_steward_sees_recent_registrations_and_each_kind_of_incomplete_file(client, personas, files):
    client.force_login(personas["steward"])
    response = client.get(reverse("desk:registry"))
    work = response.context["work"]
    counts = {gap.key: count for gap, count in work.gaps}
    assert counts["phone"] >= 1 and counts["birth_date"] == 1 and counts["script"] == 1
    assert counts["consent"] == 1  # Karima has no consent in force
    assert counts["cnie"] == 1  # Karima, an adult without a CNIE
    html = response.content.decode()
    assert "Kettani" in html and "Ouazzani" in html and "Sebti" not in html  # registered 30 days ago
    html = client.get(reverse("desk:registry"), {"list": "phone"}).content.decode()
    assert "Ouazzani" in html and "Kettani" not in html
    assert "Aucun SMS ne peut prévenir la personne" in html
    html = client.get(reverse("desk:registry"), {"list": "birth_date"}).content.decode()
    assert "Sebti" in html and "Ouazzani" not in html


@pytest.mark.parametrize("persona", ["agent", "supervisor_national", "centre", "facilitator"])
def test_the_registry_quality_page_is_refused_to_other_roles(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("desk:registry")).status_code == 403


def test_an_administrator_sees_the_network_state(client, personas, territory, service):
    WindowFactory(name="Guichet Settat", commune=territory["settat_city"])
    bare = CentreFactory(name="Centre sans service", commune=territory["anfa"])
    ServiceFactory(code="orphan", name_fr="Service orphelin", name_ar="خدمة يتيمة", name_en="Orphan service")
    dormant = UserFactory(username="t_dormant", role="agent", window=personas["agent"].window)
    User.objects.filter(pk=dormant.pk).update(date_joined=timezone.now() - datetime.timedelta(days=120))
    client.force_login(personas["admin"])
    response = client.get(reverse("desk:network"))
    state = response.context["state"]
    regions = {region.code: (open_, planned) for region, open_, planned in state.regions}
    assert regions["MA-06"][0] == 2 and regions["MA-04"][0] == 1  # two open in Casablanca-Settat, one in Rabat
    assert state.windows.open == 3
    assert bare in state.centres_without_service and state.centres_without_service_count >= 2
    assert [s.code for s in state.services_nowhere] == ["orphan"]
    html = response.content.decode()
    assert "Service orphelin" in html and "Centre sans service" in html
    assert "t_dormant" in html and "jamais connecté" in html
    assert "t_agent_rabat" not in html  # joined today


@pytest.mark.parametrize("persona", ["agent", "supervisor_national", "steward"])
def test_the_network_page_is_refused_to_other_roles(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("desk:network")).status_code == 403


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
@pytest.mark.parametrize(
    ("persona", "page", "title"),
    [
        (
            "agent",
            "desk:window",
            {"fr": "Aujourd’hui à mon guichet", "ar": "اليوم في شباكي", "en": "Today at my window"},
        ),
        (
            "supervisor_region",
            "desk:territory",
            {"fr": "La file de mon territoire", "ar": "طابور ترابي", "en": "The queue of my territory"},
        ),
        (
            "steward",
            "desk:registry",
            {"fr": "Le travail de qualité du registre", "ar": "عمل جودة السجل", "en": "The registry's quality work"},
        ),
        ("admin", "desk:network", {"fr": "L’état du réseau", "ar": "حالة الشبكة", "en": "The state of the network"}),
    ],
)
def test_every_landing_page_speaks_the_three_languages(client, personas, requests, persona, page, title, language):
    client.cookies.load({"django_language": language})
    client.force_login(personas[persona])
    html = client.get(reverse(page)).content.decode()
    assert f'lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}"' in html
    assert title[language] in html


@pytest.mark.parametrize(
    ("persona", "page"), [("agent", "desk:window"), ("steward", "desk:registry"), ("admin", "desk:network")]
)
def test_a_landing_page_reads_a_fixed_number_of_queries(
    client, personas, people, requests, files, persona, page, django_assert_max_num_queries
):
    for n in range(15):
        PersonFactory(given_name_latin=f"Nom{n}", commune=personas["agent"].window.commune, phone="")
    client.force_login(personas[persona])
    with django_assert_max_num_queries(12):
        client.get(reverse(page))
