"""Demo data of the training programme: courses, cohorts in several regions, enrolled women, progress.

The bulk part writes with bulk_create in batches (no per-row service) so that the reference scale, 37,000
enrolments, loads in well under two minutes on PostgreSQL. One known access code is logged for the demo.
"""

import datetime
import logging
import random
from collections import defaultdict

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from guichet.accounts.models import Role, User
from guichet.demo.staff import DEMO_PASSWORD
from guichet.registry.models import Person
from guichet.training.codes import hash_code, new_access_code, new_certificate_code
from guichet.training.models import Certificate, Cohort, Course, Enrollment, Module, Progress, Session

logger = logging.getLogger("guichet.training")
BATCH = 2000
COHORT_SIZE = 30
DEMO_LEARNER_CODE = "12345671"  # 1234567 and its Damm check digit

COURSES = [
    ("Gestion d'une coopérative", "تسيير تعاونية", "Running a cooperative"),
    ("Couture et commercialisation", "الخياطة والتسويق", "Sewing and selling"),
    ("Alphabétisation fonctionnelle", "محو الأمية الوظيفي", "Functional literacy"),
    ("Éducation financière", "التربية المالية", "Financial education"),
]
MODULES = [
    ("Premiers pas", "الخطوات الأولى", "First steps"),
    ("Les bases", "الأساسيات", "The basics"),
    ("En pratique", "في الممارسة", "In practice"),
    ("Aller plus loin", "للمزيد", "Going further"),
    ("Bilan", "الحصيلة", "Review"),
]
RULE = {
    "combine": "all",
    "conditions": [{"field": "sex", "op": "eq", "value": "F"}, {"field": "age", "op": "gte", "value": 18}],
}


def _users() -> tuple[User, list[User]]:
    password = make_password(DEMO_PASSWORD)
    coordinator, _ = User.objects.get_or_create(
        username="coordinator",
        defaults={
            "role": Role.COORDINATOR,
            "national": True,  # the demo coordinator runs cohorts in every region
            "first_name": "Meryem",
            "last_name": "Chraibi",
            "password": password,
        },
    )
    facilitators = []
    for number in range(12):
        username = "facilitator" if number == 0 else f"facilitator-{number + 1}"
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "role": Role.FACILITATOR,
                "first_name": "Animatrice",
                "last_name": str(number + 1),
                "password": password,
            },
        )
        facilitators.append(user)
    return coordinator, facilitators


def _courses(coordinator: User) -> list[tuple[Course, list[Module]]]:
    result = []
    for title_fr, title_ar, title_en in COURSES:
        course = Course.objects.filter(title_fr=title_fr).first()
        if course is None:
            course = Course.objects.create(
                title_fr=title_fr,
                title_ar=title_ar,
                title_en=title_en,
                description_fr=f"Formation à distance : {title_fr.lower()}.",
                description_ar=f"تكوين عن بعد: {title_ar}.",
                description_en=f"Distance course: {title_en.lower()}.",
                eligibility_rule=RULE,
                created_by=coordinator,
            )
            Module.objects.bulk_create(
                Module(
                    course=course,
                    position=position,
                    title_fr=fr,
                    title_ar=ar,
                    title_en=en,
                    text_fr=f"{fr} — {title_fr}. Lisez, puis écoutez l'animatrice.",
                    text_ar=f"{ar} — {title_ar}.",
                    text_en=f"{en} — {title_en}.",
                    transcript_fr=f"{fr}.",
                    transcript_ar=f"{ar}.",
                    transcript_en=f"{en}.",
                )
                for position, (fr, ar, en) in enumerate(MODULES, start=1)
            )
        result.append((course, list(course.modules.order_by("position"))))
    return result


def _women(rng: random.Random) -> list[tuple[int, int, int, int]]:
    adult = datetime.date.today().replace(year=datetime.date.today().year - 18)
    rows = list(
        Person.objects.filter(sex="F", birth_date__lte=adult, merged_into__isnull=True)
        .order_by("pk")
        .values_list("pk", "commune_id", "province_id", "region_id")
    )
    rng.shuffle(rows)
    return rows


def _unique_codes(rng: random.Random, count: int, make, taken: set) -> list[str]:
    codes: list[str] = []
    while len(codes) < count:
        code = make(rng)
        if code not in taken:
            taken.add(code)
            codes.append(code)
    return codes


@transaction.atomic
def seed_training(*, rng: random.Random, enrolments: int) -> None:
    """Courses, cohorts of about 30 women per commune (one course per round), progress and some completions."""
    coordinator, facilitators = _users()
    courses = _courses(coordinator)
    women = _women(rng)
    if not women or enrolments <= 0:
        return
    # Each round enrols every woman once more, in a course she is not yet in: (cohort, person) stays unique.
    by_commune: dict[tuple[int, int], list] = defaultdict(list)
    for index in range(enrolments):
        round_number, position = divmod(index, len(women))
        if round_number >= len(courses):
            break
        person_id, commune_id, province_id, region_id = women[position]
        by_commune[(round_number, commune_id)].append((person_id, province_id, region_id))
    today = timezone.localdate()
    plans = []
    for (round_number, commune_id), members in by_commune.items():
        for start in range(0, len(members), COHORT_SIZE):
            plans.append((round_number, commune_id, members[start : start + COHORT_SIZE]))

    def course_of(round_number: int, commune_id: int) -> Course:
        return courses[(round_number + commune_id) % len(courses)][0]

    cohorts = Cohort.objects.bulk_create(
        [
            Cohort(
                course=course_of(round_number, commune_id),
                name_fr=f"{course_of(round_number, commune_id).title_fr} — cohorte {commune_id}-{number}",
                name_ar=f"{course_of(round_number, commune_id).title_ar} — الفوج {commune_id}-{number}",
                name_en=f"{course_of(round_number, commune_id).title_en} — cohort {commune_id}-{number}",
                province_id=members[0][1],
                region_id=members[0][2],
                facilitator=facilitators[members[0][2] % len(facilitators)],
                starts_on=today - datetime.timedelta(days=rng.randrange(30, 200)),
                ends_on=today + datetime.timedelta(days=rng.randrange(30, 120)),
                capacity=COHORT_SIZE,
                created_by=coordinator,
            )
            for number, (round_number, commune_id, members) in enumerate(plans)
        ],
        batch_size=BATCH,
    )
    Cohort.communes.through.objects.bulk_create(
        [
            Cohort.communes.through(cohort_id=cohort.pk, commune_id=commune_id)
            for cohort, (_r, commune_id, _m) in zip(cohorts, plans, strict=True)
        ],
        batch_size=BATCH,
    )
    count = sum(len(members) for _r, _c, members in plans)
    codes = [DEMO_LEARNER_CODE, *_unique_codes(rng, count - 1, new_access_code, {DEMO_LEARNER_CODE})]
    existing = set(Enrollment.objects.exclude(code_hash=None).values_list("code_hash", flat=True))
    rows: list[Enrollment] = []
    for cohort, (_round, _commune, members) in zip(cohorts, plans, strict=True):
        for person_id, _province, _region in members:
            code = codes[len(rows)]
            digest = hash_code(code)
            roll = rng.random()
            status = Enrollment.Status.COMPLETED if roll < 0.15 else Enrollment.Status.ENROLLED
            rows.append(
                Enrollment(
                    cohort=cohort,
                    person_id=person_id,
                    status=status,
                    language=rng.choice(("fr", "ar", "ar", "en")),
                    code_hash=None if digest in existing else digest,
                    code_version=1,
                    code_sent_version=1,
                    enrolled_by=coordinator,
                    last_activity_at=timezone.now() - datetime.timedelta(days=rng.randrange(0, 40)),
                    completed_on=today - datetime.timedelta(days=rng.randrange(0, 60))
                    if status == "completed"
                    else None,
                )
            )
    enrollments = Enrollment.objects.bulk_create(rows, batch_size=BATCH)
    _progress(rng, enrollments, dict(courses_by_id(courses)))
    _certificates(rng, [e for e in enrollments if e.status == Enrollment.Status.COMPLETED])
    _sessions(rng, cohorts, enrollments, coordinator)
    logger.info("Demo learner access code: %s", DEMO_LEARNER_CODE)


def courses_by_id(courses):
    return [(course.pk, modules) for course, modules in courses]


def _progress(rng: random.Random, enrollments: list[Enrollment], modules_of: dict) -> None:
    now = timezone.now()
    batch: list[Progress] = []
    course_of = dict(Cohort.objects.filter(pk__in={e.cohort_id for e in enrollments}).values_list("pk", "course_id"))
    for enrollment in enrollments:
        modules = modules_of[course_of[enrollment.cohort_id]]
        reached = len(modules) if enrollment.status == "completed" else rng.randrange(0, len(modules) + 1)
        for number, module in enumerate(modules[:reached]):
            done = enrollment.status == "completed" or number < reached - 1 or rng.random() < 0.5
            batch.append(
                Progress(
                    enrollment_id=enrollment.pk,
                    module_id=module.pk,
                    done_at=now - datetime.timedelta(days=rng.randrange(0, 40)) if done else None,
                )
            )
        if len(batch) >= BATCH * 5:
            Progress.objects.bulk_create(batch, batch_size=BATCH)
            batch = []
    Progress.objects.bulk_create(batch, batch_size=BATCH)


def _certificates(rng: random.Random, completed: list[Enrollment]) -> None:
    taken = set(Certificate.objects.values_list("code", flat=True))
    codes = _unique_codes(rng, len(completed), new_certificate_code, taken)
    certificates = []
    for e, code in zip(completed, codes, strict=True):
        assert e.completed_on is not None  # a completed enrollment carries the day it ended
        certificates.append(Certificate(enrollment_id=e.pk, code=code, issued_on=e.completed_on))
    Certificate.objects.bulk_create(
        certificates,
        batch_size=BATCH,
    )


def _sessions(rng: random.Random, cohorts: list[Cohort], enrollments: list[Enrollment], recorder: User) -> None:
    members: dict[int, list[int]] = defaultdict(list)
    for enrollment in enrollments:
        members[enrollment.cohort_id].append(enrollment.pk)
    sessions = Session.objects.bulk_create(
        [
            Session(cohort=cohort, held_on=cohort.starts_on + datetime.timedelta(days=14 * n), recorded_by=recorder)
            for cohort in cohorts
            for n in range(2)
        ],
        batch_size=BATCH,
    )
    through = Session.attendees.through
    Session.attendees.through.objects.bulk_create(
        [
            through(session_id=session.pk, enrollment_id=enrollment_id)
            for session in sessions
            for enrollment_id in members[session.cohort_id]
            if rng.random() < 0.7
        ],
        batch_size=BATCH * 5,
    )
