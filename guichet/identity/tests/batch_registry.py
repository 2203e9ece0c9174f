"""A small registry with known duplicates, and a matching model trained quickly, for the batch-run tests."""

import datetime
import functools
import random
from dataclasses import dataclass
from typing import Any

from guichet.matching import engine
from guichet.matching.records import phone_e164, prepare_record
from guichet.matching.services import model_store
from guichet.matching.tests.population import person, population
from guichet.registry.tests.factories import PersonFactory

OTHERS = 30


@functools.cache
def trained_settings() -> dict[str, Any]:
    """A model trained on a generated population (no database): the same every time, trained once per session."""
    records, _truth = population(400, 60, seed=5)
    return engine.train([prepare_record(record) for record in records], seed=5, u_pairs=50_000)


def model_trained() -> int:
    """Store the quick model as the one in use; its version."""
    return model_store(settings=trained_settings(), record_count=460, seed=5, trained_by="test").version


@dataclass
class Registry:
    fatima: Any  # Person, both scripts, full birth date
    fatima_arabic: Any  # the same woman registered in Arabic only, with her year of birth only
    fatima_latin: Any  # the same woman in Latin only, another spelling, no phone
    youssef: Any  # Person, Latin and Arabic
    youssef_latin: Any  # the same man in Latin only, another spelling, day and month swapped
    others: list[Any]  # distinct persons

    def pair(self, first: Any, second: Any) -> tuple[int, int]:
        return (min(first.pk, second.pk), max(first.pk, second.pk))


def small_registry(territory: dict[str, Any]) -> Registry:
    anfa, agdal = territory["anfa"], territory["agdal"]
    fatima = PersonFactory(
        given_name_latin="Fatima Zahra",
        family_name_latin="El Idrissi",
        given_name_ar="فاطمة الزهراء",
        family_name_ar="الإدريسي",
        sex="F",
        birth_date=datetime.date(1990, 4, 7),
        commune=anfa,
        cnie="BE778899",
        phone="+212661234567",
    )
    fatima_arabic = PersonFactory(
        given_name_latin="",
        family_name_latin="",
        given_name_ar="فاطمة الزهراء",
        family_name_ar="الإدريسي",
        sex="F",
        birth_date=datetime.date(1990, 1, 1),
        birth_date_approximate=True,
        commune=anfa,
        phone="+212661234567",
    )
    fatima_latin = PersonFactory(
        given_name_latin="FATMA ZAHRA",
        family_name_latin="IDRISSI",
        given_name_ar="",
        family_name_ar="",
        sex="F",
        birth_date=datetime.date(1990, 4, 7),
        commune=anfa,
    )
    youssef = PersonFactory(
        given_name_latin="Youssef",
        family_name_latin="Alaoui",
        given_name_ar="يوسف",
        family_name_ar="العلوي",
        sex="M",
        birth_date=datetime.date(1985, 3, 12),
        commune=agdal,
        idcs="1234509876",
        phone="+212670112233",
    )
    youssef_latin = PersonFactory(
        given_name_latin="YOUCEF",
        family_name_latin="ALAOUI",
        given_name_ar="",
        family_name_ar="",
        sex="M",
        birth_date=datetime.date(1985, 12, 3),
        commune=agdal,
        phone="+212670112233",
    )
    rng = random.Random(11)
    taken = {("Fatima", "El Idrissi"), ("Youssef", "Alaoui")}
    others: list[Any] = []
    while len(others) < OTHERS:
        record = person(rng, len(others))
        if (record["given_name_latin"], record["family_name_latin"]) in taken:
            continue
        taken.add((record["given_name_latin"], record["family_name_latin"]))
        others.append(
            PersonFactory(
                given_name_latin=record["given_name_latin"],
                family_name_latin=record["family_name_latin"],
                given_name_ar=record["given_name_arabic"],
                family_name_ar=record["family_name_arabic"],
                sex=record["sex"],
                birth_date=datetime.date.fromisoformat(record["birth_date"]),
                cnie=record["cnie"],
                phone=phone_e164(record["phone"]) or "",
                commune=rng.choice([anfa, agdal]),
            )
        )
    return Registry(fatima, fatima_arabic, fatima_latin, youssef, youssef_latin, others)
