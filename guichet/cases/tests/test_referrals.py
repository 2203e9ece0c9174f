"""Referrals: a linked request at the receiving centre, which accepts or declines; both centres see the link."""

import datetime

import pytest

from guichet.cases import services
from guichet.cases.models import Channel, Event, Referral, Status
from guichet.cases.request_reads import request_links
from guichet.cases.selectors import request_get
from guichet.common.exceptions import NotAllowed, StaleEdit, ValidationError

from .conftest import MONDAY, fresh
from .helpers import act, refer


def test_referring_creates_a_linked_request_awaiting_the_receiving_centre(filed, personas, catalogue):
    received = refer(personas, filed, catalogue)
    assert received.person == filed.person
    assert received.service == catalogue["project"]
    assert received.centre == personas["incubator"].centre
    assert received.channel == Channel.REFERRAL
    assert received.status == Status.REFERRED
    assert received.language == filed.language
    referral = Referral.objects.get()
    assert (referral.from_request, referral.to_request) == (filed, received)
    assert (referral.from_centre, referral.to_centre) == (personas["centre"].centre, personas["incubator"].centre)
    assert referral.status == Referral.Status.PENDING
    assert fresh(filed).events.last().kind == Event.Kind.REFERRAL_SENT
    assert received.events.get().kind == Event.Kind.FILED


def test_the_receiving_centre_accepts_and_the_clock_starts_then(filed, personas, catalogue):
    received = refer(personas, filed, catalogue)
    act(personas["incubator"], received, "accept", note="", today=datetime.date(2026, 3, 9))
    saved = fresh(received)
    assert saved.status == Status.SUBMITTED
    assert saved.due_date == datetime.date(2026, 3, 30)  # 15 working days from Monday 9
    referral = Referral.objects.get()
    assert referral.status == Referral.Status.ACCEPTED
    assert referral.decided_by == personas["incubator"]
    assert fresh(filed).events.last().kind == Event.Kind.REFERRAL_ACCEPTED


def test_the_receiving_centre_declines_with_a_reason(filed, personas, catalogue):
    received = refer(personas, filed, catalogue)
    with pytest.raises(ValidationError):
        act(personas["incubator"], received, "decline", note="")
    act(personas["incubator"], received, "decline", note="Pas de session cette année.")
    assert fresh(received).status == Status.DECLINED
    referral = Referral.objects.get()
    assert referral.status == Referral.Status.DECLINED
    assert referral.decline_reason == "Pas de session cette année."
    last = fresh(filed).events.last()
    assert last.kind == Event.Kind.REFERRAL_DECLINED and "Pas de session" in last.note


def test_only_the_receiving_centre_accepts(filed, personas, catalogue):
    received = refer(personas, filed, catalogue)
    for role in ("centre", "centre_rabat", "agent", "admin"):
        with pytest.raises(NotAllowed):
            act(personas[role], received, "accept")


def test_both_centres_see_the_link_and_the_other_side_read_only(filed, personas, catalogue):
    received = refer(personas, filed, catalogue)
    # The sending centre opens the referred request, and the receiving centre the referring one.
    assert request_get(viewer=personas["centre"], reference=received.reference) == received
    assert request_get(viewer=personas["incubator"], reference=filed.reference) == filed
    links = request_links(viewer=personas["centre"], request=fresh(filed))
    assert [r.to_request for r in links.sent] == [received] and links.sent[0].can_open
    links = request_links(viewer=personas["incubator"], request=fresh(received))
    assert links.received.from_request == filed and links.received.can_open
    # …but only reads it.
    with pytest.raises(NotAllowed):
        act(personas["incubator"], fresh(filed), "approve")
    with pytest.raises(NotAllowed):
        services.request_comment(actor=personas["incubator"], request=fresh(filed), text="Vu.")
    # A third centre sees neither.
    with pytest.raises(NotAllowed):
        request_get(viewer=personas["centre_rabat"], reference=received.reference)


def test_a_referral_needs_a_reason_and_another_centre(filed, personas, catalogue):
    with pytest.raises(ValidationError) as caught:
        services.request_refer(
            actor=personas["centre"],
            request=filed,
            service=catalogue["project"],
            reason=" ",
            expected_version=filed.version,
        )
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.request_refer(
            actor=personas["centre"],
            request=filed,
            service=catalogue["card"],
            centre=personas["centre"].centre,
            reason="Pourquoi pas.",
            expected_version=filed.version,
        )
    assert "centre" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.request_refer(
            actor=personas["centre"],
            request=filed,
            service=catalogue["project"],
            centre=personas["centre_rabat"].centre,  # does not offer the project support
            reason="Pourquoi pas.",
            expected_version=filed.version,
        )
    assert "centre" in caught.value.message_dict
    assert not Referral.objects.exists()


def test_without_a_chosen_centre_the_nearest_other_one_offering_the_service_receives(filed, personas, catalogue):
    referral = services.request_refer(
        actor=personas["centre"],
        request=filed,
        service=catalogue["card"],  # offered by the referring centre itself, and by Rabat's
        reason="Suivi plus près du domicile de la famille.",
        expected_version=filed.version,
        today=MONDAY,
    )
    assert referral.to_centre == personas["centre_rabat"].centre


def test_a_closed_request_is_not_referred_and_a_stale_form_conflicts(filed, personas, catalogue):
    version = filed.version
    act(personas["centre"], filed, "reject")
    with pytest.raises(ValidationError):
        services.request_refer(
            actor=personas["centre"],
            request=fresh(filed),
            service=catalogue["project"],
            reason="Autre piste.",
            expected_version=fresh(filed).version,
        )
    other = services.request_file(
        actor=personas["agent"],
        person=filed.person,
        service=catalogue["card"],
        language="fr",
        documents=list(catalogue["card"].documents.all()),
        duplicate_reason="Une seconde carte, pour le test.",
    )
    act(personas["centre"], other, "approve")
    with pytest.raises(StaleEdit):
        services.request_refer(
            actor=personas["centre"],
            request=fresh(other),
            service=catalogue["project"],
            reason="Autre piste.",
            expected_version=version,
        )


def test_only_the_handling_centre_refers(filed, personas, catalogue):
    for role in ("agent", "incubator", "supervisor_region", "admin"):
        with pytest.raises(NotAllowed):
            services.request_refer(
                actor=personas[role],
                request=filed,
                service=catalogue["project"],
                reason="Essai.",
                expected_version=filed.version,
            )
