"""A synthetic Moroccan population, deterministic for a seed: households, persons, consents, disabilities."""

import datetime
import itertools
import random
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

import phonenumbers

from guichet.common.checkdigit import new_social_id
from guichet.registry import services
from guichet.registry.models import Consent, DisabilityRecord, Person, Relationship, Sex
from guichet.territory.models import Commune

from . import names

# Ages are counted on a fixed day, so that a seed gives the same persons whatever day it is run.
REFERENCE_DATE = datetime.date(2025, 6, 30)
FIRST_CONSENT = datetime.date(2019, 1, 1)
URBAN_WEIGHT = 6  # an urban commune receives this many times the households of a rural one
ARABIC_ONLY_SHARE = 0.03
LATIN_ONLY_SHARE = 0.02
USUAL_SPELLING_SHARE = 0.8

# One or two letters then digits; the letters follow the issuing office, so they depend on the region.
CNIE_PREFIXES = {
    "MA-01": ("K", "KA", "KB", "L", "LA", "LB", "R"),
    "MA-02": ("F", "FA", "FB", "FL", "S"),
    "MA-03": ("C", "CB", "CD", "D", "DA", "DN"),
    "MA-04": ("A", "AA", "AB", "AE", "G", "GA", "GB", "X"),
    "MA-05": ("I", "IA", "IB", "Q", "V"),
    "MA-06": ("B", "BE", "BH", "BJ", "BK", "BL", "BM", "M", "W"),
    "MA-07": ("E", "EE", "EB", "H", "HA"),
    "MA-08": ("U", "UA", "PA"),
    "MA-09": ("J", "JA", "JB", "JC", "JE", "JT"),
    "MA-10": ("JY", "JK"),
    "MA-11": ("SH", "SJ"),
    "MA-12": ("SL",),
}
OTHER_CNIE_PREFIXES = ("Z", "ZG", "Y")

DISABILITY_KINDS = (
    (DisabilityRecord.Kind.MOTOR, 35),
    (DisabilityRecord.Kind.VISUAL, 12),
    (DisabilityRecord.Kind.HEARING, 10),
    (DisabilityRecord.Kind.INTELLECTUAL, 15),
    (DisabilityRecord.Kind.PSYCHIC, 8),
    (DisabilityRecord.Kind.AUTISM, 5),
    (DisabilityRecord.Kind.MULTIPLE, 10),
    (DisabilityRecord.Kind.OTHER, 5),
)
DISABILITY_DEGREES = (
    (DisabilityRecord.Degree.LIGHT, 25),
    (DisabilityRecord.Degree.MODERATE, 40),
    (DisabilityRecord.Degree.SEVERE, 25),
    (DisabilityRecord.Degree.PROFOUND, 10),
)
# Number of children living in the household: 0 … 6, about 2.1 on average.
CHILDREN_WEIGHTS = (15, 20, 26, 20, 11, 5, 3)


def _mobile_prefixes() -> tuple[str, ...]:
    """The three-digit mobile prefixes (6xx, 7xx) that phonenumbers accepts as valid Moroccan numbers."""
    prefixes = []
    for prefix in itertools.chain(range(600, 700), range(700, 800)):
        number = phonenumbers.parse(f"+212{prefix}123456")
        if phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        ):
            prefixes.append(str(prefix))
    return tuple(prefixes)


class PersonRecord:
    """A person to write, shaped like a Person so that the services' derivations apply to it unchanged."""

    def __init__(self, **fields) -> None:
        self.__dict__.update(fields)

    if TYPE_CHECKING:
        # Its fields are the keywords it was made with; `person()` adds its name keys.
        def __getattr__(self, name: str) -> Any: ...
        def __setattr__(self, name: str, value: Any) -> None: ...

    def __repr__(self) -> str:
        return f"<PersonRecord {self.social_id} {self.given_name_latin or self.given_name_ar}>"

    def as_tuple(self) -> tuple:
        """Every value, for comparing two generations (the commune by its primary key)."""
        return tuple(value.pk if isinstance(value, Commune) else value for _, value in sorted(self.__dict__.items()))


class HouseholdRecord:
    def __init__(self, *, commune: Commune, address: str, rsu_score: Decimal | None) -> None:
        self.commune = commune
        self.address = address
        self.rsu_score = rsu_score
        self.members: list[PersonRecord] = []

    def as_tuple(self) -> tuple:
        return (
            self.commune.pk,
            self.address,
            self.rsu_score,
            *(member.as_tuple() for member in self.members),
        )


def _cumulative(weights: Iterable[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _rank_weights(count: int, exponent: float = 0.9) -> list[float]:
    """Frequent names first: a Zipf-like weight by rank, so that Mohamed and Fatima are everywhere."""
    return _cumulative(1 / (rank + 2) ** exponent for rank in range(count))


class Population:
    """Draws households one after the other from a single random.Random: same seed, same population.

    `taken_*` are identifiers already in the database (when adding to an existing population): they are
    skipped, like the ones drawn earlier in the same run.
    """

    def __init__(
        self,
        *,
        rng: random.Random,
        communes: list[Commune],
        taken_social_ids: Iterable[str] = (),
        taken_cnies: Iterable[str] = (),
        taken_idcs: Iterable[str] = (),
    ) -> None:
        if not communes:
            raise ValueError("no commune to place the households in")
        self.rng = rng
        self.communes = sorted(communes, key=lambda commune: commune.code)
        self.commune_weights = _cumulative(
            URBAN_WEIGHT if commune.kind == Commune.Kind.URBAN else 1 for commune in self.communes
        )
        self.social_ids = set(taken_social_ids)
        self.cnies = set(taken_cnies)
        self.idcs = set(taken_idcs)
        self.male_weights = _rank_weights(len(names.MALE_GIVEN_NAMES))
        self.female_weights = _rank_weights(len(names.FEMALE_GIVEN_NAMES))
        self.family_weights = _rank_weights(len(names.FAMILY_NAMES), exponent=0.4)
        self.children_weights = _cumulative(CHILDREN_WEIGHTS)
        self.kind_weights = _cumulative(weight for _, weight in DISABILITY_KINDS)
        self.degree_weights = _cumulative(weight for _, weight in DISABILITY_DEGREES)
        self.phone_prefixes = _mobile_prefixes()
        self._keys_cache: dict[tuple[str, str, str, str], tuple[str, ...]] = {}

    # -- the population ------------------------------------------------------------------------------

    def persons(self, count: int) -> Iterator[HouseholdRecord]:
        """Households until `count` persons are drawn (the last household is cut to fit, head kept)."""
        remaining = count
        while remaining > 0:
            household = self.household()
            household.members = household.members[:remaining]
            remaining -= len(household.members)
            yield household

    def household(self) -> HouseholdRecord:
        rng = self.rng
        commune = rng.choices(self.communes, cum_weights=self.commune_weights)[0]
        urban = commune.kind == Commune.Kind.URBAN
        score = rng.betavariate(5, 2) * 10 - (0 if urban else 0.6)
        household = HouseholdRecord(
            commune=commune,
            address=self._address(commune, urban),
            rsu_score=Decimal(f"{min(max(score, 0), 10):.4f}") if rng.random() < 0.9 else None,
        )
        registered_on = FIRST_CONSENT + datetime.timedelta(days=rng.randrange((REFERENCE_DATE - FIRST_CONSENT).days))
        family = self._family_name()
        add = household.members.append

        def member(relationship: str, sex: str, age: int, family_name: names.Name) -> None:
            add(self._person(household, relationship, sex, age, family_name, registered_on))

        draw = rng.random()
        if draw < 0.06:  # an elderly person living alone
            member(Relationship.HEAD, rng.choice(Sex.values), rng.randint(58, 92), family)
            return household
        if draw < 0.24:  # a woman heads the household: widowed, divorced, or her husband works away
            head_age = int(rng.triangular(24, 85, 50))
            member(Relationship.HEAD, Sex.FEMALE, head_age, self._family_name())
            mother_age = head_age
            if rng.random() < 0.1:
                member(Relationship.SPOUSE, Sex.MALE, head_age + rng.randint(0, 12), family)
        else:
            head_age = int(rng.triangular(26, 78, 44))
            member(Relationship.HEAD, Sex.MALE, head_age, family)
            mother_age = max(19, head_age - int(rng.triangular(0, 15, 5)))
            if rng.random() < 0.88:
                member(Relationship.SPOUSE, Sex.FEMALE, mother_age, self._family_name())
        children = rng.choices(range(len(CHILDREN_WEIGHTS)), cum_weights=self.children_weights)[0]
        oldest = min(mother_age - 18, 34)
        for _ in range(children if oldest >= 0 else 0):
            age = rng.randint(0, oldest)  # grown-up children often live with their parents until they marry
            member(Relationship.CHILD, rng.choice(Sex.values), age, family)
        if head_age < 62 and rng.random() < 0.1:
            sex = Sex.FEMALE if rng.random() < 0.65 else Sex.MALE
            parent_family = family if sex == Sex.MALE else self._family_name()
            member(Relationship.PARENT, sex, min(98, head_age + rng.randint(20, 34)), parent_family)
        if rng.random() < 0.03:
            member(Relationship.SIBLING, rng.choice(Sex.values), max(16, head_age + rng.randint(-12, 12)), family)
        if head_age > 55 and rng.random() < 0.2:
            member(Relationship.GRANDCHILD, rng.choice(Sex.values), rng.randint(0, 12), self._family_name())
        return household

    # -- one person ----------------------------------------------------------------------------------

    def _person(
        self,
        household: HouseholdRecord,
        relationship: str,
        sex: str,
        age: int,
        family: names.Name,
        registered_on: datetime.date,
    ) -> PersonRecord:
        rng = self.rng
        given = self._given_name(sex)
        script = rng.random()
        latin = script >= ARABIC_ONLY_SHARE
        arabic = script < ARABIC_ONLY_SHARE or script >= ARABIC_ONLY_SHARE + LATIN_ONLY_SHARE
        birth_date = REFERENCE_DATE - datetime.timedelta(days=rng.randint(age * 365 + 1, age * 365 + 365))
        approximate = rng.random() < (0.15 if age >= 60 else 0.03)
        if approximate:
            birth_date = datetime.date(birth_date.year, 1, 1)
        adult = age >= 18
        phone = ""
        if (adult and rng.random() < (0.5 if age >= 70 else 0.87)) or (age >= 15 and rng.random() < 0.3):
            phone = f"+212{rng.choice(self.phone_prefixes)}{rng.randrange(1_000_000):06d}"
        purposes = [Consent.Purpose.REGISTRATION]
        if rng.random() < 0.7:
            purposes.append(Consent.Purpose.SHARING)
        if rng.random() < (0.75 if phone else 0.1):
            purposes.append(Consent.Purpose.MESSAGES)
        person = PersonRecord(
            social_id=self._social_id(),
            given_name_latin=self._spelling(given) if latin else "",
            family_name_latin=self._spelling(family) if latin else "",
            given_name_ar=given[1] if arabic else "",
            family_name_ar=family[1] if arabic else "",
            sex=sex,
            birth_date=birth_date,
            birth_date_approximate=approximate,
            cnie=self._cnie(household.commune) if adult and rng.random() < 0.95 else None,
            idcs=self._idcs() if rng.random() < 0.88 else None,
            phone=phone,
            commune=household.commune,
            address=household.address,
            relationship=relationship,
            consent_purposes=tuple(purposes),
            consent_given_on=registered_on,
            disability=self._disability(age, household.commune),
        )
        as_person = cast(Person, person)  # shaped like a Person: the derivations read and write only its fields
        services.person_derive(as_person)  # the same territory copies, sortable name and blanks-as-NULL as a save
        person.name_keys = self._name_keys(person)
        return person

    def _name_keys(self, person: PersonRecord) -> tuple[str, ...]:
        names_ = (
            person.given_name_latin,
            person.family_name_latin,
            person.given_name_ar,
            person.family_name_ar,
        )
        keys = self._keys_cache.get(names_)
        if keys is None:
            keys = self._keys_cache[names_] = tuple(key[:40] for key in services.person_name_keys(cast(Person, person)))
        return keys

    def _given_name(self, sex: str) -> names.Name:
        if sex == Sex.MALE:
            return self.rng.choices(names.MALE_GIVEN_NAMES, cum_weights=self.male_weights)[0]
        return self.rng.choices(names.FEMALE_GIVEN_NAMES, cum_weights=self.female_weights)[0]

    def _family_name(self) -> names.Name:
        return self.rng.choices(names.FAMILY_NAMES, cum_weights=self.family_weights)[0]

    def _spelling(self, name: names.Name) -> str:
        """The usual Latin spelling most of the time, otherwise one of the variants civil status wrote."""
        spellings = name[0]
        if len(spellings) == 1 or self.rng.random() < USUAL_SPELLING_SHARE:
            return spellings[0]
        return self.rng.choice(spellings[1:])

    def _social_id(self) -> str:
        while True:
            candidate = new_social_id(self.rng)
            if candidate not in self.social_ids:
                self.social_ids.add(candidate)
                return candidate

    def _cnie(self, commune: Commune) -> str:
        rng = self.rng
        region_code = self._region_code(commune)
        prefixes = CNIE_PREFIXES.get(region_code, OTHER_CNIE_PREFIXES)
        while True:
            if rng.random() < 0.08:  # the card was issued elsewhere, where the person lived before
                prefixes = rng.choice(list(CNIE_PREFIXES.values()))
            prefix = rng.choice(prefixes)
            digits = rng.randrange(10_000, 100_000) if rng.random() < 0.2 else rng.randrange(100_000, 1_000_000)
            candidate = f"{prefix}{digits}"
            if candidate not in self.cnies:
                self.cnies.add(candidate)
                return candidate

    def _idcs(self) -> str:
        while True:
            candidate = str(self.rng.randrange(1_000_000_000, 10_000_000_000))
            if candidate not in self.idcs:
                self.idcs.add(candidate)
                return candidate

    def _address(self, commune: Commune, urban: bool) -> str:
        rng = self.rng
        if urban:
            return (
                f"{rng.randint(1, 180)}, {rng.choice(names.STREETS)}, {rng.choice(names.NEIGHBOURHOODS)}, "
                f"{commune.name_fr}"
            )
        return f"{rng.choice(names.DOUARS)}, {commune.name_fr}"

    def _disability(self, age: int, commune: Commune) -> tuple[str, str, str] | None:
        rng = self.rng
        if rng.random() >= (0.11 if age >= 60 else 0.04):
            return None
        kind = rng.choices(DISABILITY_KINDS, cum_weights=self.kind_weights)[0][0]
        degree = rng.choices(DISABILITY_DEGREES, cum_weights=self.degree_weights)[0][0]
        card = ""
        if rng.random() < 0.55:
            region = self._region_code(commune)[3:]
            card = f"PSH-{region}-{rng.randint(2015, 2025)}-{rng.randrange(1_000_000):06d}"
        return kind, degree, card

    @staticmethod
    def _region_code(commune: Commune) -> str:
        return commune.province.region.code
