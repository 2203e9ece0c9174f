"""The state machine: every allowed transition, every refused one, reasons, the paused clock, conflicts."""

import datetime

import pytest

from guichet.audit.models import AuditEntry
from guichet.cases import services
from guichet.cases.models import Event, Request, Status
from guichet.cases.selectors import beneficiary_services
from guichet.cases.transitions import TRANSITIONS
from guichet.common.exceptions import NotAllowed, StaleEdit, ValidationError
from guichet.network.models import Holiday
from guichet.notify.models import OutboxMessage

from .conftest import fresh
from .helpers import act, in_status

# Written out by hand, so that a change of the workflow table shows here.
ALLOWED = {
    (Status.SUBMITTED, "request_info"): Status.INFO_REQUESTED,
    (Status.SUBMITTED, "approve"): Status.APPROVED,
    (Status.SUBMITTED, "reject"): Status.REJECTED,
    (Status.SUBMITTED, "withdraw"): Status.WITHDRAWN,
    (Status.INFO_REQUESTED, "resume"): Status.SUBMITTED,
    (Status.INFO_REQUESTED, "reject"): Status.REJECTED,
    (Status.INFO_REQUESTED, "withdraw"): Status.WITHDRAWN,
    (Status.APPROVED, "deliver"): Status.DELIVERED,
    (Status.APPROVED, "withdraw"): Status.WITHDRAWN,
    (Status.REFERRED, "accept"): Status.SUBMITTED,
    (Status.REFERRED, "decline"): Status.DECLINED,
    (Status.REFERRED, "withdraw"): Status.WITHDRAWN,
}
REFUSED = [(status, action) for status in Status.values for action in TRANSITIONS if (status, action) not in ALLOWED]


def test_the_table_has_exactly_the_allowed_transitions():
    table = {(source, name): rule.target for name, rule in TRANSITIONS.items() for source in rule.sources}
    assert table == ALLOWED


@pytest.mark.parametrize(("status", "action"), list(ALLOWED))
def test_allowed_transition(status, action, filed, personas, catalogue):
    request, staff = in_status(status, filed=filed, personas=personas, catalogue=catalogue)
    version = request.version
    act(staff, request, action)
    saved = fresh(request)
    assert saved.status == ALLOWED[(status, action)]
    assert saved.version == version + 1
    event = saved.events.order_by("pk").filter(kind=Event.Kind.STATUS).last()
    assert (event.from_status, event.to_status, event.actor) == (status, saved.status, staff)
    assert OutboxMessage.objects.filter(event=event, channel="sms").exists()  # the citizen is told
    assert AuditEntry.objects.filter(
        object_type="cases.request", object_id=str(saved.pk), action=AuditEntry.Action.UPDATE
    ).exists()


@pytest.mark.parametrize(("status", "action"), REFUSED)
def test_refused_transition_says_why_and_changes_nothing(status, action, filed, personas, catalogue):
    request, staff = in_status(status, filed=filed, personas=personas, catalogue=catalogue)
    before = (request.status, request.version, request.events.count())
    with pytest.raises(ValidationError) as caught:
        act(staff, request, action)
    assert caught.value.code == "invalid_transition"
    assert "is not possible while the request is" in caught.value.message
    saved = fresh(request)
    assert (saved.status, saved.version, saved.events.count()) == before


@pytest.mark.parametrize("action", ["request_info", "reject", "withdraw"])
def test_these_transitions_need_a_reason(action, filed, personas):
    with pytest.raises(ValidationError) as caught:
        act(personas["centre"], filed, action, note="   ")
    assert "note" in caught.value.message_dict
    assert fresh(filed).status == Status.SUBMITTED


def test_a_rejection_keeps_its_reason_and_date(filed, personas):
    act(personas["centre"], filed, "reject", note="Revenu au-dessus du seuil.")
    saved = fresh(filed)
    assert saved.decision_reason == "Revenu au-dessus du seuil."
    assert saved.decided_at is not None
    assert saved.events.last().note == "Revenu au-dessus du seuil."


def test_asking_for_information_stops_the_clock_and_the_due_date_moves_by_the_days_paused(filed, personas):
    assert filed.due_date == datetime.date(2026, 3, 16)
    act(personas["centre"], filed, "request_info", today=datetime.date(2026, 3, 4))
    assert fresh(filed).paused_since == datetime.date(2026, 3, 4)
    # Paused Thursday 5, Friday 6, Monday 9, Tuesday 10 and Wednesday 11: five working days.
    act(personas["centre"], filed, "resume", today=datetime.date(2026, 3, 11))
    saved = fresh(filed)
    assert saved.paused_since is None
    assert saved.due_date == datetime.date(2026, 3, 23)


def test_holidays_during_the_pause_do_not_count(filed, personas):
    Holiday.objects.create(date=datetime.date(2026, 3, 10), name_fr="Fête")
    act(personas["centre"], filed, "request_info", today=datetime.date(2026, 3, 4))
    act(personas["centre"], filed, "resume", today=datetime.date(2026, 3, 11))
    # Four working days paused; counted from the 16th: 17, 18, 19, 20.
    assert fresh(filed).due_date == datetime.date(2026, 3, 20)


def test_information_received_the_same_day_leaves_the_due_date(filed, personas):
    act(personas["centre"], filed, "request_info")
    act(personas["centre"], filed, "resume")
    assert fresh(filed).due_date == datetime.date(2026, 3, 16)


def test_delivered_makes_the_person_a_beneficiary_of_the_service_that_year(filed, personas, people):
    act(personas["centre"], filed, "approve")
    act(personas["centre"], filed, "deliver", today=datetime.date(2025, 12, 30))
    saved = fresh(filed)
    assert saved.delivered_on == datetime.date(2025, 12, 30)
    assert beneficiary_services(people["casa"]) == {2025: [saved]}


def test_the_beneficiary_list_groups_the_delivered_services_by_year(personas, people, catalogue):
    received = {}
    for day in (datetime.date(2024, 5, 2), datetime.date(2025, 1, 6), datetime.date(2025, 9, 1)):
        request = services.request_file(
            actor=personas["agent"],
            person=people["casa"],
            service=catalogue["card"],
            language="fr",
            documents=list(catalogue["card"].documents.all()),
            today=day,
        )
        act(personas["centre"], request, "approve", today=day)
        act(personas["centre"], request, "deliver", today=day)
        received[day] = request
    services.request_file(
        actor=personas["agent"],
        person=people["casa"],
        service=catalogue["card"],
        language="fr",
        documents=list(catalogue["card"].documents.all()),
    )  # open: not received
    by_year = beneficiary_services(people["casa"])
    assert list(by_year) == [2025, 2024]
    assert [r.pk for r in by_year[2025]] == [
        received[datetime.date(2025, 9, 1)].pk,
        received[datetime.date(2025, 1, 6)].pk,
    ]
    assert beneficiary_services(people["rabat"]) == {}


def test_two_staff_acting_at_once_the_second_gets_a_conflict_and_nothing_is_lost(filed, personas):
    first = Request.objects.get(pk=filed.pk)
    second = Request.objects.get(pk=filed.pk)
    act(personas["centre"], first, "approve", note="Dossier complet.")
    with pytest.raises(StaleEdit):
        act(personas["centre"], second, "reject", note="Trop tard.")
    saved = fresh(filed)
    assert saved.status == Status.APPROVED
    assert list(saved.events.filter(kind=Event.Kind.STATUS).values_list("note", flat=True)) == ["Dossier complet."]


def test_an_old_version_is_refused_even_with_a_fresh_object(filed, personas):
    version = filed.version
    act(personas["centre"], filed, "request_info")
    with pytest.raises(StaleEdit):
        services.request_transition(
            actor=personas["centre"], request=fresh(filed), action="resume", expected_version=version
        )


@pytest.mark.parametrize(
    "role", ["agent_rabat", "centre_rabat", "incubator", "supervisor_region", "supervisor_national", "steward", "admin"]
)
def test_only_the_handling_centre_changes_the_status(role, filed, personas):
    with pytest.raises(NotAllowed):
        act(personas[role], filed, "approve")
    assert fresh(filed).status == Status.SUBMITTED


def test_the_filing_window_may_withdraw_at_the_citizens_wish_but_not_decide(filed, personas):
    with pytest.raises(NotAllowed):
        act(personas["agent"], filed, "approve")
    act(personas["agent"], filed, "withdraw", note="La personne renonce.")
    assert fresh(filed).status == Status.WITHDRAWN


def test_assign_to_a_colleague_of_the_same_centre(filed, personas):
    from guichet.accounts.models import Role
    from guichet.accounts.tests.factories import UserFactory

    colleague = UserFactory(username="t_colleague", role=Role.CENTRE_STAFF, centre=personas["centre"].centre)
    services.request_assign(actor=personas["centre"], request=filed, assignee=colleague, expected_version=filed.version)
    saved = fresh(filed)
    assert saved.assignee == colleague
    assert saved.events.last().kind == Event.Kind.ASSIGNED
    with pytest.raises(ValidationError):
        services.request_assign(
            actor=personas["centre"], request=saved, assignee=personas["centre_rabat"], expected_version=saved.version
        )
    with pytest.raises(NotAllowed):
        services.request_assign(
            actor=personas["centre_rabat"], request=saved, assignee=None, expected_version=saved.version
        )
    services.request_assign(actor=personas["centre"], request=saved, assignee=None, expected_version=saved.version)
    assert fresh(filed).assignee is None
    with pytest.raises(StaleEdit):
        services.request_assign(actor=personas["centre"], request=filed, assignee=None, expected_version=1)


def test_comments_go_on_the_timeline(filed, personas):
    services.request_comment(actor=personas["centre"], request=filed, text="Appelé la personne, absente.")
    services.request_comment(actor=personas["agent"], request=filed, text="La personne est repassée.")
    comments = filed.events.filter(kind=Event.Kind.COMMENT)
    assert [(e.actor, e.note) for e in comments] == [
        (personas["centre"], "Appelé la personne, absente."),
        (personas["agent"], "La personne est repassée."),
    ]
    with pytest.raises(ValidationError):
        services.request_comment(actor=personas["centre"], request=filed, text="  ")
    with pytest.raises(NotAllowed):
        services.request_comment(actor=personas["supervisor_region"], request=filed, text="Hello")
