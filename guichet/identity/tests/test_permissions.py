"""Only data stewards and administrators decide, merge and unmerge; every one of those acts is in the audit log."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from guichet.audit.models import AuditEntry
from guichet.audit.story import describe
from guichet.common.exceptions import NotAllowed
from guichet.identity.models import Merge, PairDecision
from guichet.identity.services import pair_decide, person_merge, person_unmerge

from .conftest import rows_touching

ALLOWED = {"steward", "admin"}
ROLES = [
    "admin",
    "steward",
    "agent",
    "centre",
    "supervisor_region",
    "supervisor_national",
    "coordinator",
    "facilitator",
    "programme_officer",
    "association_manager",
]


def _merge(actor, twins):
    return person_merge(
        actor=actor,
        survivor=twins.survivor,
        absorbed=twins.absorbed,
        survivor_version=twins.survivor.version,
        absorbed_version=twins.absorbed.version,
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_stewards_and_administrators_merge(personas, twins, role):
    actor = personas[role]
    before = rows_touching(twins.survivor, twins.absorbed)
    if role in ALLOWED:
        assert _merge(actor, twins).merged_by == actor
        return
    with pytest.raises(NotAllowed):
        _merge(actor, twins)
    assert rows_touching(twins.survivor, twins.absorbed) == before
    assert not Merge.objects.exists()


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ALLOWED])
def test_no_other_role_decides_a_pair_or_unmerges(personas, twins, role):
    done = _merge(personas["steward"], twins)
    with pytest.raises(NotAllowed):
        pair_decide(actor=personas[role], a=twins.survivor, b=twins.absorbed, decision="same")
    with pytest.raises(NotAllowed):
        person_unmerge(actor=personas[role], merge=done)
    assert not PairDecision.objects.exists()
    done.refresh_from_db()
    assert done.undone_at is None


def test_a_signed_out_visitor_merges_nothing(twins):
    with pytest.raises(NotAllowed):
        _merge(AnonymousUser(), twins)


def test_the_decision_the_merge_and_the_unmerge_are_in_the_audit_log(personas, twins):
    steward = personas["steward"]
    survivor, absorbed = twins.survivor, twins.absorbed
    seen = AuditEntry.objects.count()

    pair = pair_decide(actor=steward, a=survivor, b=absorbed, decision="same")
    done = _merge(steward, twins)
    person_unmerge(actor=steward, merge=done)

    entries = list(AuditEntry.objects.order_by("seq")[seen:])
    assert all(entry.actor == steward for entry in entries)
    by_object = {(entry.object_type, entry.object_id, entry.action) for entry in entries}
    assert ("identity.pairdecision", str(pair.pk), AuditEntry.Action.CREATE) in by_object
    assert ("identity.merge", str(done.pk), AuditEntry.Action.CREATE) in by_object
    assert ("identity.merge", str(done.pk), AuditEntry.Action.UPDATE) in by_object
    redirects = [e.changes["merged_into"] for e in entries if e.object_id == str(absorbed.pk) and e.changes]
    assert redirects == [[None, str(survivor.pk)], [str(survivor.pk), None]]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_audit_log_tells_the_decision_the_merge_and_the_unmerge_in_the_readers_language(personas, twins, language):
    steward = personas["steward"]
    pair_decide(actor=steward, a=twins.survivor, b=twins.absorbed, decision="same")
    person_unmerge(actor=steward, merge=_merge(steward, twins))

    with translation.override(language):
        told = " ".join(story.text() for story in describe(AuditEntry.objects.filter(actor=steward)))

    for english in ("same", "survivor", "absorbed", "undone", "merged", "decision", "person_a"):
        assert english not in told
    assert twins.absorbed.social_id_display in told
