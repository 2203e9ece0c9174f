"""The system actor (seeding, imports, jobs) goes through the same services as staff: it may do what the
handling centre may do and file at the window it names; an ordinary inactive account may do nothing."""

import pytest
from django.urls import reverse

from guichet.accounts.system import SYSTEM_USERNAME, system_actor
from guichet.accounts.tests.factories import UserFactory
from guichet.cases import services
from guichet.cases.models import Event, Referral, Status
from guichet.common.exceptions import NotAllowed

from .conftest import MONDAY
from .helpers import NOTE


def system_files(person, service, window=None):
    return services.request_file(
        actor=system_actor(),
        person=person,
        service=service,
        language="fr",
        documents=list(service.documents.all()),
        window=window,
        today=MONDAY,
    )


def test_the_system_actor_files_for_anyone_at_the_window_it_names(personas, people, catalogue):
    rabat_window = personas["agent_rabat"].window
    request = system_files(people["casa"], catalogue["card"], window=rabat_window)
    assert request.window == rabat_window  # not a window of the person's territory, as an import may say
    assert request.centre == personas["centre"].centre
    assert request.filed_by == system_actor()
    assert request.events.get().actor == system_actor()
    assert system_files(people["rabat"], catalogue["card"]).window is None  # where it was filed is unknown


def test_the_system_actor_handles_a_request_as_its_centre_would(personas, people, catalogue):
    actor = system_actor()
    request = system_files(people["casa"], catalogue["card"])
    services.request_assign(actor=actor, request=request, assignee=personas["centre"], expected_version=1)
    services.request_comment(actor=actor, request=request, text="Repris d'un registre papier.")
    referral = services.request_refer(
        actor=actor,
        request=request,
        service=catalogue["project"],
        reason=NOTE,
        expected_version=request.version,
        today=MONDAY,
    )
    received = referral.to_request
    services.request_transition(
        actor=actor, request=received, action="accept", expected_version=received.version, today=MONDAY
    )
    services.request_transition(
        actor=actor, request=request, action="approve", expected_version=request.version, today=MONDAY
    )
    request.refresh_from_db()
    assert request.status == Status.APPROVED and request.assignee == personas["centre"]
    assert Referral.objects.get().status == Referral.Status.ACCEPTED
    kinds = list(request.events.order_by("pk").values_list("kind", "actor"))
    assert kinds == [
        (Event.Kind.FILED, actor.pk),
        (Event.Kind.ASSIGNED, actor.pk),
        (Event.Kind.COMMENT, actor.pk),
        (Event.Kind.REFERRAL_SENT, actor.pk),
        (Event.Kind.REFERRAL_ACCEPTED, actor.pk),
        (Event.Kind.STATUS, actor.pk),
    ]


def test_an_agent_files_only_at_their_own_window(personas, people, catalogue):
    with pytest.raises(NotAllowed):
        services.request_file(
            actor=personas["agent"],
            person=people["casa"],
            service=catalogue["card"],
            language="fr",
            window=personas["agent_rabat"].window,
        )
    own = services.request_file(
        actor=personas["agent"],
        person=people["casa"],
        service=catalogue["card"],
        language="fr",
        documents=list(catalogue["card"].documents.all()),
        window=personas["agent"].window,
    )
    assert own.window == personas["agent"].window


@pytest.fixture
def inactive(personas):
    """Accounts that are not the system actor although they look like it: a centre colleague who left, an
    agent who left (both without a password), and an account given the reserved name that can log in."""
    centre = UserFactory(username="t_left_centre", role="centre_staff", centre=personas["centre"].centre)
    agent = UserFactory(username="t_left_agent", role="agent", window=personas["agent"].window)
    for user in (centre, agent):
        user.is_active = False
        user.set_unusable_password()
        user.save()
    impostor = UserFactory(username=SYSTEM_USERNAME, role="steward")
    return [centre, agent, impostor]


def test_an_inactive_or_impostor_account_may_do_nothing(inactive, filed, people, catalogue):
    for user in inactive:
        with pytest.raises(NotAllowed):
            services.request_file(
                actor=user, person=people["casa"], service=catalogue["card"], language="fr", window=filed.window
            )
        for action in ("approve", "withdraw"):
            with pytest.raises(NotAllowed):
                services.request_transition(actor=user, request=filed, action=action, expected_version=1, note=NOTE)
        with pytest.raises(NotAllowed):
            services.request_assign(actor=user, request=filed, assignee=None, expected_version=1)
        with pytest.raises(NotAllowed):
            services.request_comment(actor=user, request=filed, text=NOTE)
        with pytest.raises(NotAllowed):
            services.request_refer(
                actor=user, request=filed, service=catalogue["project"], reason=NOTE, expected_version=1
            )
    filed.refresh_from_db()
    assert (filed.status, filed.version, filed.events.count()) == (Status.SUBMITTED, 1, 1)


def test_a_session_forced_onto_the_system_actor_changes_nothing_through_the_pages(client, filed):
    client.force_login(system_actor())  # what no login form allows: even then, it is not signed in
    url = reverse("cases:detail", args=[filed.reference])
    approve = client.post(
        url, {"action": "transition", "transition": "approve", "version": filed.version, "note": "Complet."}
    )
    comment = client.post(url, {"action": "comment", "comment-text": NOTE})
    for response in (approve, comment):
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    filed.refresh_from_db()
    assert (filed.status, filed.version, filed.events.count()) == (Status.SUBMITTED, 1, 1)
