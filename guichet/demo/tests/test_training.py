import random
import re

from guichet.demo.training import DEMO_LEARNER_CODE, seed_training
from guichet.registry.tests.factories import PersonFactory
from guichet.training.models import Certificate, Cohort, Course, Enrollment, Module
from guichet.training.services import learner_find


def test_the_demo_enrols_adult_women_in_cohorts(territory):
    for commune in ("anfa", "settat_city", "agdal"):
        for _ in range(5):
            PersonFactory(commune=territory[commune])
    PersonFactory(commune=territory["anfa"], sex="M")
    seed_training(rng=random.Random(1), enrolments=20)
    assert Course.objects.count() == 4
    assert Enrollment.objects.count() == 20
    assert not Enrollment.objects.filter(person__sex="M").exists()
    assert Cohort.objects.values("region").distinct().count() == 2
    assert Certificate.objects.count() == Enrollment.objects.filter(status="completed").count()
    assert learner_find(code=DEMO_LEARNER_CODE) is not None


def test_the_demo_names_cohorts_and_writes_transcripts_in_each_language(territory):
    for _ in range(5):
        PersonFactory(commune=territory["anfa"])
    seed_training(rng=random.Random(1), enrolments=5)
    arabic = re.compile(r"[\u0600-\u06FF]")
    for cohort in Cohort.objects.all():
        assert cohort.name_fr and cohort.name_en and arabic.search(cohort.name_ar)
        assert cohort.name_ar != cohort.name_fr
    for module in Module.objects.all():
        assert module.transcript_fr and module.transcript_en and arabic.search(module.transcript_ar)
