"""Filing a request at a window: routing, due date, eligibility explained and justified, who may file."""

import datetime

import pytest

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory
from guichet.audit.models import AuditEntry
from guichet.cases import services
from guichet.cases.models import Channel, Event, Request, Status
from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.network.models import Centre, Holiday
from guichet.network.tests.factories import CentreFactory, ServiceFactory, WindowFactory
from guichet.notify.models import OutboxMessage
from guichet.territory.tests.factories import CommuneFactory

from .conftest import MONDAY


def file(personas, person, service, **kwargs):
    kwargs.setdefault("language", "fr")
    kwargs.setdefault("today", MONDAY)
    kwargs.setdefault("documents", list(service.documents.all()))
    return services.request_file(actor=kwargs.pop("actor", personas["agent"]), person=person, service=service, **kwargs)


def test_filing_routes_to_the_centre_of_the_persons_commune(filed, personas):
    assert filed.centre == personas["centre"].centre
    assert filed.window == personas["agent"].window
    assert filed.channel == Channel.WINDOW
    assert filed.status == Status.SUBMITTED
    assert filed.filed_by == personas["agent"]


@pytest.fixture
def agent_settat(territory):
    window = WindowFactory(commune=territory["settat_city"])
    return UserFactory(username="t_agent_settat", role=Role.AGENT, window=window)


def test_routing_falls_back_to_the_province_then_region_then_nation(
    personas, people, catalogue, territory, agent_settat
):
    card = catalogue["card"]
    # Settat has no centre: the region's (Casablanca) is competent.
    assert file(personas, people["settat"], card, actor=agent_settat).centre == personas["centre"].centre
    # A centre in the Settat province, in another commune, wins over the region's.
    other_commune = CommuneFactory(code="C-BERRECHID", province=territory["settat"])
    in_province = CentreFactory(kind=Centre.Kind.DISABILITY, commune=other_commune, offers=[card])
    second = file(personas, people["settat"], card, actor=agent_settat, duplicate_reason="Routing again.")
    assert second.centre == in_province
    # Nobody offers it in the region: the nation.
    project_only_in_rabat = ServiceFactory(code="far-service")
    far = CentreFactory(kind=Centre.Kind.DISABILITY, commune=territory["agdal"], offers=[project_only_in_rabat])
    assert file(personas, people["casa"], project_only_in_rabat).centre == far


def test_no_centre_offering_the_service_is_a_clear_error(personas, people, catalogue):
    orphan = ServiceFactory(code="orphan", name_en="Orphan service")
    with pytest.raises(ValidationError) as caught:
        file(personas, people["casa"], orphan)
    assert "No centre offers" in str(caught.value.message_dict["service"])
    assert not Request.objects.exists()


def test_due_date_counts_working_days_skipping_weekends_and_holidays(personas, people, catalogue):
    assert file(personas, people["casa"], catalogue["card"]).due_date == datetime.date(2026, 3, 16)
    Holiday.objects.create(date=datetime.date(2026, 3, 4), name_fr="Fête")
    Holiday.objects.create(date=datetime.date(2026, 3, 10), name_fr="Fête 2")
    again = file(personas, people["casa"], catalogue["card"], duplicate_reason="Counting again.")
    assert again.due_date == datetime.date(2026, 3, 18)


def test_the_eligibility_explanation_is_kept_on_the_request(personas, people, catalogue, agent_settat):
    woman = people["settat"]
    request = file(personas, woman, catalogue["project"], actor=agent_settat)
    assert request.eligible is True
    assert request.eligibility["eligible"] is True
    assert request.eligibility["results"][0]["condition"] == {"field": "sex", "op": "eq", "value": "F"}
    assert request.eligibility["results"][0]["passed"] is True
    assert request.eligibility["evaluated_on"] == "2026-03-02"


def test_filing_for_a_person_the_rule_excludes_needs_a_justification(personas, people, catalogue):
    man = people["casa"]
    with pytest.raises(ValidationError) as caught:
        file(personas, man, catalogue["project"])
    assert "justification" in caught.value.message_dict
    assert not Request.objects.exists()
    request = file(personas, man, catalogue["project"], justification="Projet familial porté par le ménage.")
    assert request.eligible is False
    assert request.eligibility["eligible"] is False
    assert request.justification == "Projet familial porté par le ménage."


def test_a_hidden_disability_is_unknown_not_a_refusal(personas, people, catalogue):
    rule = {"combine": "all", "conditions": [{"field": "disability", "op": "eq", "value": True}]}
    catalogue["card"].eligibility_rule = rule
    catalogue["card"].save()
    # Agents may not see disability data: the condition is unknown and no justification is asked.
    request = file(personas, people["casa"], catalogue["card"])
    assert request.eligibility["eligible"] is None
    assert request.eligibility["disability_hidden"] is True
    assert request.eligible is True


def test_the_citizens_language_and_the_documents_received_are_kept(personas, people, catalogue):
    documents = list(catalogue["card"].documents.all())
    request = file(personas, people["casa"], catalogue["card"], language="ar", documents=documents)
    assert request.language == "ar"
    assert set(request.documents_received.all()) == set(documents)
    with pytest.raises(ValidationError):
        file(personas, people["casa"], catalogue["card"], language="de")


def test_documents_of_another_service_are_refused(personas, people, catalogue):
    from guichet.network.models import ServiceDocument

    other = ServiceDocument.objects.create(service=catalogue["project"], name_fr="Plan", name_ar="خطة", name_en="Plan")
    with pytest.raises(ValidationError) as caught:
        file(personas, people["casa"], catalogue["card"], documents=[other])
    assert "documents" in caught.value.message_dict


def test_a_service_not_offered_at_windows_cannot_be_filed(personas, people, catalogue):
    catalogue["card"].channel_window = False
    catalogue["card"].save()
    with pytest.raises(ValidationError):
        file(personas, people["casa"], catalogue["card"])
    catalogue["card"].channel_window = True
    catalogue["card"].is_active = False
    catalogue["card"].save()
    with pytest.raises(ValidationError):
        file(personas, people["casa"], catalogue["card"])


def test_filing_writes_the_filed_event_the_audit_entry_and_tells_the_citizen(personas, people, catalogue):
    request = file(personas, people["casa"], catalogue["card"])
    event = request.events.get()
    assert event.kind == Event.Kind.FILED and event.to_status == Status.SUBMITTED
    assert event.actor == personas["agent"]
    # The citizen's text message about the filing waits in the outbox, and it is the only one.
    assert OutboxMessage.objects.filter(event__request=request, channel="sms").count() == 1
    assert OutboxMessage.objects.get(event__request=request, channel="sms").event == event
    entry = AuditEntry.objects.get(object_type="cases.request", object_id=str(request.pk))
    assert entry.action == AuditEntry.Action.CREATE and entry.person == people["casa"]


@pytest.mark.parametrize(
    "role", ["centre", "incubator", "supervisor_region", "supervisor_national", "steward", "admin"]
)
def test_only_window_agents_file_requests(personas, people, catalogue, role):
    with pytest.raises(NotAllowed):
        file(personas, people["casa"], catalogue["card"], actor=personas[role])


def test_an_agent_files_only_for_persons_of_their_territory(personas, people, catalogue):
    with pytest.raises(NotAllowed):
        file(personas, people["rabat"], catalogue["card"])
    request = file(personas, people["rabat"], catalogue["card"], actor=personas["agent_rabat"])
    assert request.centre == personas["centre_rabat"].centre
