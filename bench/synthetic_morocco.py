"""A synthetic Moroccan population with known truth, for the matching benchmarks (importable, seeded).

Households are drawn one after the other from one random.Random (same seed, same records): a father, a mother
of another family, their children born 18 to 40 years after their mother (twins now and then), all in one commune
and sharing the household phone. The hard non-matches come from that shape: namesakes (Mohamed Alaoui is
everywhere: names are weighted by rank), father and son (a first son is often given his father's name), siblings
and twins (same family, commune, phone, close or equal birth dates), cousins (brothers' households in the same
commune, whose children bear the same names). The names are the demo's (guichet.demo.names), in both scripts.

Each person is registered once by the centre that first met them, in both scripts or in one, with the usual
spelling or another civil-status spelling (Mohammed / Mohamed / Mhamed, El Idrissi / Idrissi / Elidrissi,
Fatima Zahra / Fatima-Zahra / Fatimazahra). A share of the persons is registered again, elsewhere (some twice):
another spelling, one script only, a typo, a year-only or day-month-swapped or mistyped date, given and family
names exchanged, phone or CNIE missing or changed, moved to another commune. The truth is every pair of records of
one person. Records are dicts of guichet.matching.records.RAW_FIELDS, ready for prepare_record.

    from bench.synthetic_morocco import generate
    dataset = generate(20_000, duplicate_share=0.2, seed=1)   # dataset.records, dataset.truth
"""

import csv
import datetime
import random
from bisect import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import TypeVar

from guichet.demo.names import FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, Name

T = TypeVar("T")
COMMUNES_CSV = Path(__file__).resolve().parents[1] / "guichet" / "territory" / "data" / "communes_demo.csv"
REFERENCE_YEAR = 2025
URBAN_WEIGHT = 6  # an urban commune receives this many times the households of a rural one
PHONE_PREFIXES = ("060", "061", "062", "066", "067", "070", "071", "076", "077", "078")
CNIE_PREFIXES = ("A", "AB", "B", "BE", "BH", "BK", "C", "CD", "D", "E", "EE", "F", "G", "H", "I", "J", "JB", "K")
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
LATIN_LETTERS = "abcdefghijklmnoprstuyz"

# What another centre gets wrong or does differently, with how often (weights); a duplicate has one to three.
ALTERATIONS = {
    "arabic_only": 10,
    "latin_only": 10,
    "other_spelling": 25,
    "typo_given": 8,
    "typo_family": 8,
    "year_only": 8,
    "swap_day_month": 6,
    "date_typo": 5,
    "swap_names": 5,
    "no_phone": 10,
    "new_phone": 6,
    "no_cnie": 10,
    "moved": 6,
    "no_sex": 3,
}


def _derived_family_names() -> tuple[Name, ...]:
    """Patronymic family names (Ben Ahmed, Ait Brahim / آيت إبراهيم) built on the men's names: rarer ones."""
    names: list[Name] = []
    for (latin, *_), arabic in MALE_GIVEN_NAMES:
        if " " not in latin:
            names.append(((f"Ben {latin}",), f"بن {arabic}"))
            names.append(((f"Ait {latin}", f"Aït {latin}"), f"آيت {arabic}"))
    return tuple(names)


def _rank_weights(count: int, exponent: float) -> list[float]:
    return list(accumulate(1 / (rank + 2) ** exponent for rank in range(count)))


@dataclass(frozen=True)
class Commune:
    name: str
    province: str
    urban: bool


def communes() -> list[Commune]:
    with COMMUNES_CSV.open(encoding="utf-8") as file:
        return [Commune(row["name_fr"], row["province_code"], row["kind"] == "urban") for row in csv.DictReader(file)]


@dataclass
class Person:
    """One person, as they really are (the truth the records are made from)."""

    number: int
    given: Name
    family: Name
    sex: str
    birth: datetime.date
    commune: Commune
    phone: str
    cnie: str
    idcs: str
    year_only: bool  # the civil status gives only the year (older rural persons)


@dataclass
class SyntheticSet:
    persons: int
    records: list[dict[str, str]]
    truth: set[tuple[str, str]] = field(default_factory=set)  # pairs of record ids of one person, ids sorted


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.communes = communes()
        self.commune_weights = list(accumulate(URBAN_WEIGHT if c.urban else 1 for c in self.communes))
        self.male_weights = _rank_weights(len(MALE_GIVEN_NAMES), 0.9)
        self.female_weights = _rank_weights(len(FEMALE_GIVEN_NAMES), 0.9)
        self.families = FAMILY_NAMES + _derived_family_names()
        self.family_weights = _rank_weights(len(self.families), 0.6)
        self.taken: set[str] = set()
        self.persons: list[Person] = []

    def _pick(self, items: Sequence[T], weights: Sequence[float]) -> T:
        return items[bisect(weights, self.rng.random() * weights[-1])]

    def commune(self, province: str | None = None) -> Commune:
        if province is None:
            return self._pick(self.communes, self.commune_weights)
        return self.rng.choice([commune for commune in self.communes if commune.province == province])

    def _unique(self, draw: Callable[[], str]) -> str:
        while (value := draw()) in self.taken:
            pass
        self.taken.add(value)
        return value

    def phone(self) -> str:
        return self._unique(lambda: self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**7):07d}")

    def _cnie(self) -> str:
        return self._unique(lambda: self.rng.choice(CNIE_PREFIXES) + str(self.rng.randint(10000, 999999)))

    def _idcs(self) -> str:
        return self._unique(lambda: str(self.rng.randint(10**9, 10**10 - 1)))

    def _date(self, year: int) -> datetime.date:
        return datetime.date(year, 1, 1) + datetime.timedelta(days=self.rng.randrange(365))

    def given_name(self, sex: str, taken: Sequence[Name] = ()) -> Name:
        """A given name by its frequency, not one of `taken` (parents do not give two children one name)."""
        names, weights = (
            (MALE_GIVEN_NAMES, self.male_weights) if sex == "M" else (FEMALE_GIVEN_NAMES, self.female_weights)
        )
        while (given := self._pick(names, weights)) in taken:
            pass
        return given

    def person(
        self, *, sex: str, family: Name, birth: datetime.date, commune: Commune, phone: str, given: Name
    ) -> Person:
        rng = self.rng
        adult = REFERENCE_YEAR - birth.year >= 18
        own_phone = adult and rng.random() < 0.6
        person = Person(
            number=len(self.persons),
            given=given,
            family=family,
            sex=sex,
            birth=birth,
            commune=commune,
            phone=self.phone() if own_phone else (phone if rng.random() < 0.85 else ""),
            cnie=self._cnie() if adult and rng.random() < 0.9 else "",
            idcs=self._idcs() if rng.random() < 0.35 else "",
            year_only=birth.year < 1965 and not commune.urban and rng.random() < 0.3,
        )
        self.persons.append(person)
        return person

    def household(self, family: Name, commune: Commune) -> None:
        """A couple and their children; a first son is often given his father's name."""
        rng = self.rng
        phone = self.phone()
        father_year = rng.randint(1940, 1995)
        given = self.given_name("M")
        father = self.person(
            sex="M", family=family, birth=self._date(father_year), commune=commune, phone=phone, given=given
        )
        mother_year = min(father_year + rng.randint(-2, 10), REFERENCE_YEAR - 18)
        if rng.random() < 0.9:
            mother_family = self._pick(self.families, self.family_weights)
            birth = self._date(mother_year)
            given = self.given_name("F")
            self.person(sex="F", family=mother_family, birth=birth, commune=commune, phone=phone, given=given)
        year = mother_year + rng.randint(18, 24)
        named: list[Name] = []
        for child in range(rng.choices(range(7), (15, 20, 26, 20, 11, 5, 3))[0]):
            if year > REFERENCE_YEAR:
                break
            births = 2 if rng.random() < 0.02 else 1  # twins: same day, same family, another given name
            birth = self._date(year)
            for _ in range(births):
                sex = rng.choice("MF")
                namesake = child == 0 and sex == "M" and father.given not in named and rng.random() < 0.3
                given = father.given if namesake else self.given_name(sex, [father.given, *named])
                named.append(given)
                self.person(sex=sex, family=family, birth=birth, commune=commune, phone=phone, given=given)
            year += rng.randint(1, 5)

    def population(self, size: int) -> list[Person]:
        while len(self.persons) < size:
            family = self._pick(self.families, self.family_weights)
            commune = self.commune()
            for _ in range(1 if self.rng.random() < 0.8 else self.rng.randint(2, 3)):  # brothers' households
                self.household(family, commune)
        return self.persons[:size]


def _typo(text: str, rng: random.Random, letters: str) -> str:
    if len(text) < 4:
        return text
    position = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return text[:position] + text[position + 1 :]
    if kind == 1:
        return text[:position] + rng.choice(letters) + text[position + 1 :]
    if kind == 2:
        return text[:position] + text[position + 1] + text[position] + text[position + 2 :]
    return text[:position] + text[position] + text[position:]


class _Clerk:
    """Writes a person down as a centre does: a spelling, one script or both, what the person said."""

    def __init__(self, rng: random.Random, generator: _Generator) -> None:
        self.rng = rng
        self.generator = generator

    def _spelling(self, name: Name, usual: bool) -> str:
        spellings = name[0]
        if usual or len(spellings) == 1:
            return spellings[0] if self.rng.random() < 0.8 or len(spellings) == 1 else self.rng.choice(spellings[1:])
        return self.rng.choice(spellings[1:])

    def record(self, person: Person, record_id: str, alterations: Sequence[str] = ()) -> dict[str, str]:
        rng = self.rng
        script = rng.random()
        latin = script >= 0.03 and "arabic_only" not in alterations
        arabic = script >= 0.05 or not latin
        if "latin_only" in alterations and latin:
            arabic = False
        usual = "other_spelling" not in alterations
        given_latin = self._spelling(person.given, usual) if latin else ""
        family_latin = self._spelling(person.family, usual) if latin else ""
        given_arabic, family_arabic = (person.given[1], person.family[1]) if arabic else ("", "")
        if rng.random() < 0.3:
            given_latin, family_latin = given_latin.upper(), family_latin.upper()
        if "typo_given" in alterations:
            given_latin = _typo(given_latin, rng, LATIN_LETTERS)
            given_arabic = given_arabic if given_latin else _typo(given_arabic, rng, ARABIC_LETTERS)
        if "typo_family" in alterations:
            family_latin = _typo(family_latin, rng, LATIN_LETTERS)
            family_arabic = family_arabic if family_latin else _typo(family_arabic, rng, ARABIC_LETTERS)
        if "swap_names" in alterations:
            given_latin, family_latin = family_latin, given_latin
            given_arabic, family_arabic = family_arabic, given_arabic
        commune = person.commune
        if "moved" in alterations:  # half the time within the province
            commune = self.generator.commune(province=person.commune.province if rng.random() < 0.5 else None)
        return {
            "record_id": record_id,
            "given_name_latin": given_latin,
            "family_name_latin": family_latin,
            "given_name_arabic": given_arabic,
            "family_name_arabic": family_arabic,
            "sex": "" if "no_sex" in alterations else person.sex,
            **self._birth(person, alterations),
            "cnie": "" if "no_cnie" in alterations else person.cnie,
            "idcs": person.idcs if rng.random() < 0.7 else "",
            "phone": self._phone(person, alterations),
            "commune": commune.name,
            "province": commune.province,
        }

    def _birth(self, person: Person, alterations: Sequence[str]) -> dict[str, str]:
        birth = person.birth
        if person.year_only or "year_only" in alterations:
            return {"birth_date": str(birth.year), "birth_date_approx": "year"}
        if "swap_day_month" in alterations and birth.day <= 12:
            birth = birth.replace(month=birth.day, day=birth.month)
        elif "date_typo" in alterations:
            day = birth.day + self.rng.choice((-10, -1, 1, 10))
            birth = birth.replace(day=day) if 1 <= day <= 28 else birth.replace(day=birth.day % 9 + 1)
        return {"birth_date": birth.isoformat(), "birth_date_approx": ""}

    def _phone(self, person: Person, alterations: Sequence[str]) -> str:
        if "no_phone" in alterations:
            return ""
        if "new_phone" in alterations:
            return self.generator.phone()
        return person.phone


def generate(persons: int, *, duplicate_share: float = 0.2, seed: int = 1) -> SyntheticSet:
    """`persons` distinct persons, each with one record, and duplicate records for `duplicate_share` of them
    (a fifth of those twice); records shuffled, ids r0000000… in that order."""
    generator = _Generator(seed)
    people = generator.population(persons)
    rng = random.Random(seed + 1)
    clerk = _Clerk(rng, generator)
    drafts: list[tuple[int, Person, tuple[str, ...]]] = [(person.number, person, ()) for person in people]
    kinds, weights = list(ALTERATIONS), list(ALTERATIONS.values())
    for person in rng.sample(people, round(persons * duplicate_share)):
        for _ in range(2 if rng.random() < 0.2 else 1):
            alterations = tuple(set(rng.choices(kinds, weights, k=rng.choice((1, 1, 2, 2, 3)))))
            drafts.append((person.number, person, alterations))
    rng.shuffle(drafts)
    records: list[dict[str, str]] = []
    owners: dict[int, list[str]] = {}
    for index, (number, person, alterations) in enumerate(drafts):
        record_id = f"r{index:07d}"
        records.append(clerk.record(person, record_id, alterations))
        owners.setdefault(number, []).append(record_id)
    truth = {(a, b) for ids in owners.values() for a in ids for b in ids if a < b}
    return SyntheticSet(persons=persons, records=records, truth=truth)
