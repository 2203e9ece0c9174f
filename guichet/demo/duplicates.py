"""Demo persons registered twice: a few persons of the demo registry registered again at another window, the way
a mobile window would (the name in one script only, a year of birth only, a letter slipped, no identifier), so
that the matching model has duplicates to find and the data stewards a queue to review (journey J8)."""

import datetime
import random

from guichet.accounts.system import system_actor
from guichet.registry.models import Consent, Person
from guichet.registry.services import person_register

_COPIED = ("given_name_latin", "family_name_latin", "given_name_ar", "family_name_ar", "sex", "commune")


def _slip(name: str, rng: random.Random) -> str:
    """One letter doubled, as a hurried hand types it (Mohamed -> Mohammed, Karim -> Karrim)."""
    if len(name) < 4:
        return name
    at = rng.randrange(1, len(name) - 1)
    return name[:at] + name[at] + name[at:]


def _again(person: Person, rng: random.Random) -> dict:
    data = {name: getattr(person, name) for name in _COPIED}
    data["birth_date"] = person.birth_date
    data["birth_date_approximate"] = person.birth_date_approximate
    variant = rng.randrange(3)
    if variant == 0 and person.given_name_ar and person.family_name_ar:  # an Arabic-only form
        data["given_name_latin"] = data["family_name_latin"] = ""
    elif variant == 1 and person.birth_date:  # only the year is known at this window
        data["birth_date"] = datetime.date(person.birth_date.year, 1, 1)
        data["birth_date_approximate"] = True
    elif person.given_name_latin:
        data["given_name_latin"] = _slip(person.given_name_latin, rng)
    return data


def seed_duplicates(*, rng: random.Random, count: int) -> int:
    """Register `count` persons of the registry again (through the registry's service, as the system), the
    ones of their households unchanged; how many were registered."""
    actor = system_actor()
    pks = sorted(Person.objects.filter(merged_into__isnull=True, birth_date__isnull=False).values_list("pk", flat=True))
    chosen = rng.sample(pks, min(count, len(pks)))
    for person in Person.objects.filter(pk__in=chosen).order_by("pk"):
        person_register(
            actor=actor,
            data=_again(person, rng),
            consent_given_on=person.created_at.date(),
            consent_purposes=[Consent.Purpose.REGISTRATION],
        )
    return len(chosen)
