"""seed_demo --duplicates: persons registered a second time, which the matching model finds for the stewards."""

from io import StringIO

from django.core.management import call_command

from guichet.accounts.system import system_actor
from guichet.audit.models import AuditEntry
from guichet.identity.models import CandidatePair
from guichet.registry.models import Person


def _run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_the_persons_registered_again_are_proposed_to_the_stewards_as_pairs(territory):
    out = _run("seed_demo", "--persons", "300", "--seed", "3", "--duplicates", "8")
    again = Person.objects.order_by("-pk")[:8]  # registered after the 300

    assert Person.objects.count() == 308 and "8 persons registered a second time" in out
    assert all(person.created_by == system_actor() for person in again)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, person__in=again).count() == 8
    for person in again:  # each is someone of the registry, typed again: the same family name, in a script
        assert (
            Person.objects.exclude(pk=person.pk)
            .filter(family_name_ar=person.family_name_ar, sex=person.sex, commune=person.commune)
            .exists()
        )

    _run("match_train")
    _run("match_persons")
    proposed = {pk for pair in CandidatePair.objects.all() for pk in (pair.person_a_id, pair.person_b_id)}
    found = [person for person in again if person.pk in proposed]
    assert len(found) >= 7, f"{len(found)} of 8 persons registered again were proposed"


def test_if_empty_registers_nobody_again_the_second_time(territory):
    _run("seed_demo", "--persons", "100", "--if-empty", "--duplicates", "3")
    out = _run("seed_demo", "--persons", "100", "--if-empty", "--duplicates", "3")

    assert "none added" in out and "registered a second time" not in out
    assert Person.objects.count() == 103
