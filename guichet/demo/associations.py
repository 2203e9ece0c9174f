"""Demo associations across the 12 regions, their managers, yearly applications, decisions and term reports.

Children are registry persons aged 4 to 20 (seed the registry first); those without a disability record get
one. The bulk part goes through bulk_create in batches: 400 associations with their children load in seconds.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from guichet.accounts.models import Role, User
from guichet.associations import files
from guichet.associations.models import (
    Association,
    Decision,
    SchoolingApplication,
    SupportedChild,
    SupportKind,
    TermReport,
)
from guichet.registry.models import DisabilityRecord, Person
from guichet.territory.models import Province, Region

DEMO_PASSWORD = "demo"
MANAGER_USERNAME = "association"
OFFICER_USERNAME = "officer"
CASABLANCA_SETTAT = "MA-06"
BATCH = 2000
PAST_YEAR, CURRENT_YEAR = "2025-2026", "2026-2027"

# (French, Arabic) name stems: "Association <stem> pour <purpose>".
STEMS = [
    ("Al Amal", "الأمل"),
    ("Annour", "النور"),
    ("Al Fajr", "الفجر"),
    ("Attadamoun", "التضامن"),
    ("Al Wafae", "الوفاء"),
    ("Assafae", "الصفاء"),
    ("Al Ihsane", "الإحسان"),
    ("Annajah", "النجاح"),
    ("Al Mostakbal", "المستقبل"),
    ("Ibn Sina", "ابن سينا"),
    ("Al Yasmine", "الياسمين"),
    ("Tifawine", "تيفاوين"),
]
PURPOSES = [
    ("pour l'inclusion", "للإدماج"),
    ("des parents d'enfants en situation de handicap", "لآباء الأطفال في وضعية إعاقة"),
    ("pour l'éducation inclusive", "للتربية الدامجة"),
    ("d'aide aux enfants autistes", "لمساعدة الأطفال التوحديين"),
    ("pour les enfants sourds", "للأطفال الصم"),
]
PRESIDENTS = [
    "Amina Berrada",
    "Mohamed Tazi",
    "Fatima Zahra Alaoui",
    "Rachid Bennani",
    "Latifa Chraibi",
    "Omar Idrissi",
]
SCHOOLS = ["École primaire {n}", "Collège {n}", "Classe intégrée de l'école {n}", "Centre d'éducation {n}"]
SCHOOL_NAMES = ["Al Massira", "Ibn Khaldoun", "Al Andalous", "Moulay Youssef", "Lalla Aicha", "Al Farabi"]
AMOUNTS: dict[str, tuple[int, int]] = {
    SupportKind.INCLUSION: (2000, 6000),
    SupportKind.SPECIALISED_CLASS: (4000, 12000),
    SupportKind.TRANSPORT: (1500, 5000),
    SupportKind.EDUCATOR: (6000, 18000),
    SupportKind.EQUIPMENT: (1000, 8000),
}
DEMO_PDF = b"%PDF-1.4\n% demo document\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _demo_file() -> str:
    """One small PDF that every demo association points to as its statutes and receipt."""
    stored = "de" + "0" * 30 + ".pdf"
    path = files.path_of(stored)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(DEMO_PDF)
    return stored


def demo_logins() -> tuple[User, User | None]:
    """The programme officer "officer" of Casablanca-Settat (password "demo"); the manager login is made below."""
    officer, _ = User.objects.update_or_create(
        username=OFFICER_USERNAME,
        defaults={
            "role": Role.PROGRAMME_OFFICER,
            "first_name": "Samira",
            "last_name": "Ouazzani",
            "email": "officer@guichet.example",
            "is_active": True,
            "region": Region.objects.get(code=CASABLANCA_SETTAT),
            "province": None,
            "password": make_password(DEMO_PASSWORD),
        },
    )
    return officer, User.objects.filter(username=MANAGER_USERNAME).first()


def _children_pool(rng: random.Random) -> list[int]:
    today = datetime.date.today()
    youngest = today.replace(year=today.year - 4)
    oldest = today.replace(year=today.year - 20)
    ids = list(
        Person.objects.filter(birth_date__gt=oldest, birth_date__lte=youngest, merged_into__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:200_000]
    )
    rng.shuffle(ids)
    return ids


@transaction.atomic
def seed_associations(*, rng: random.Random, count: int) -> None:
    """Add `count` associations (mostly approved) with managers, applications for two school years, reports."""
    officer, manager_login = demo_logins()
    provinces: dict[str, list[Province]] = {}
    for province in Province.objects.select_related("region").order_by("code"):
        provinces.setdefault(province.region.code, []).append(province)
    # Casablanca-Settat first: the demo manager's association is then one the demo officer reviews.
    regions = sorted(provinces, key=lambda code: (code != CASABLANCA_SETTAT, code))
    if not regions:
        raise LookupError("no territory: run load_territory first")
    stored = _demo_file()
    start = Association.objects.count()
    now = timezone.now()
    unusable = make_password(None)

    associations: list[Association] = []
    managers: list[User] = []
    for i in range(count):
        province = rng.choice(provinces[regions[i % len(regions)]])
        stem_fr, stem_ar = STEMS[rng.randrange(len(STEMS))]
        purpose_fr, purpose_ar = PURPOSES[rng.randrange(len(PURPOSES))]
        status = rng.choices(
            [
                Association.Status.APPROVED,
                Association.Status.PENDING,
                Association.Status.REJECTED,
                Association.Status.CORRECTION,
            ],
            weights=[88, 6, 3, 3],
        )[0]
        if start + i == 0:
            status = Association.Status.APPROVED  # the demo manager's association
        number = f"DEMO-{start + i + 1:05d}/{rng.randint(2008, 2025)}"
        association = Association(
            name_fr=f"Association {stem_fr} {purpose_fr} — {province.name_fr}",
            name_ar=f"جمعية {stem_ar} {purpose_ar} — {province.name_ar}",
            registration_number=number,
            province=province,
            region_id=province.region_id,
            address=f"{rng.randint(1, 200)} rue {rng.choice(SCHOOL_NAMES)}, {province.name_fr}",
            president=rng.choice(PRESIDENTS),
            phone=f"+2125{rng.randint(22, 39)}{rng.randint(100000, 999999)}",
            email=f"contact{start + i + 1}@association.example",
            statutes_file=stored,
            receipt_file=stored,
            status=status,
            review_note={"rejected": "Statuts non conformes.", "correction": "Reçu illisible : envoyez un scan."}.get(
                status, ""
            ),
            reviewed_by=officer if status != Association.Status.PENDING else None,
            reviewed_at=now if status != Association.Status.PENDING else None,
        )
        if status == Association.Status.APPROVED:
            first = manager_login is None and not managers
            managers.append(
                User(
                    username=MANAGER_USERNAME if first else f"assoc-demo-{start + i + 1:05d}",
                    role=Role.ASSOCIATION_MANAGER,
                    first_name=association.president,
                    email=association.email,
                    password=make_password(DEMO_PASSWORD) if first else unusable,
                )
            )
            association.manager = managers[-1]
        associations.append(association)
    User.objects.bulk_create(managers, batch_size=BATCH)
    for association in associations:
        if association.manager is not None:
            association.manager_id = association.manager.pk
    Association.objects.bulk_create(associations, batch_size=BATCH)
    _seed_applications(rng=rng, associations=[a for a in associations if a.manager_id], officer=officer, now=now)


def _seed_applications(*, rng: random.Random, associations: list[Association], officer: User, now) -> None:
    pool = _children_pool(rng)
    if not pool:
        return
    applications, plans = [], []
    for association in associations:
        for year in (PAST_YEAR, CURRENT_YEAR):
            if year == PAST_YEAR:
                status = rng.choices(["approved", "partly", "rejected"], weights=[55, 40, 5])[0]
            else:
                status = rng.choices(["draft", "submitted", "approved", "partly"], weights=[20, 50, 15, 15])[0]
            decided = status in ("approved", "partly", "rejected")
            applications.append(
                SchoolingApplication(
                    association=association,
                    school_year=year,
                    status=status,
                    submitted_at=now if status != "draft" else None,
                    decided_at=now if decided else None,
                    decided_by=officer if decided else None,
                    decision_note="Budget insuffisant pour ce dossier." if status == "rejected" else "",
                )
            )
            plans.append(rng.randint(3, 15))
    SchoolingApplication.objects.bulk_create(applications, batch_size=BATCH)

    children, used = [], set()
    cursor = 0
    for application, size in zip(applications, plans, strict=True):
        picked = [pool[(cursor + k) % len(pool)] for k in range(size)]
        cursor += size
        picked = list(dict.fromkeys(picked))
        outcome = application.status
        for index, person_id in enumerate(picked):
            used.add(person_id)
            kind = rng.choice(SupportKind.values)
            low, high = AMOUNTS[kind]
            asked = Decimal(rng.randrange(low, high, 100))
            decision, granted, reason = _decision(rng, outcome, index, asked)
            children.append(
                SupportedChild(
                    application=application,
                    person_id=person_id,
                    school=rng.choice(SCHOOLS).format(n=rng.choice(SCHOOL_NAMES)),
                    support_kind=kind,
                    amount_requested=asked,
                    decision=decision,
                    amount_granted=granted,
                    decision_reason=reason,
                )
            )
    SupportedChild.objects.bulk_create(children, batch_size=BATCH)

    having = set(DisabilityRecord.objects.filter(person_id__in=used).values_list("person_id", flat=True))
    records = [
        DisabilityRecord(
            person_id=person_id,
            kind=rng.choice(DisabilityRecord.Kind.values),
            degree=rng.choice(DisabilityRecord.Degree.values),
            card_number=f"CH-{rng.randint(100000, 999999)}" if rng.random() < 0.7 else "",
        )
        for person_id in sorted(used - having)
    ]
    DisabilityRecord.objects.bulk_create(records, batch_size=BATCH)

    reports = []
    for child in children:
        if child.decision not in (Decision.APPROVED, Decision.PARTLY):
            continue
        terms = (1, 2, 3) if child.application.school_year == PAST_YEAR else (1,)
        for term in terms:
            if rng.random() < 0.1:  # some associations are late
                continue
            expected = rng.randint(50, 70)
            reports.append(
                TermReport(
                    child=child,
                    term=term,
                    days_expected=expected,
                    days_present=rng.randint(expected // 2, expected),
                    progress=rng.choice(["Progrès en lecture", "Autonomie accrue", "Participe en classe", "Stable"]),
                    level=rng.choice(TermReport.Level.values),
                )
            )
    TermReport.objects.bulk_create(reports, batch_size=BATCH)


def _decision(rng: random.Random, outcome: str, index: int, asked: Decimal):
    if outcome == "approved":
        return Decision.APPROVED, asked, ""
    if outcome == "rejected":
        return Decision.REJECTED, None, "Hors critères du programme."
    if outcome == "partly":
        # At least one child partly approved or rejected so that the outcome holds.
        choice = (
            Decision.PARTLY
            if index == 0
            else rng.choices([Decision.APPROVED, Decision.PARTLY, Decision.REJECTED], weights=[60, 30, 10])[0]
        )
        if choice == Decision.PARTLY:
            return choice, (asked / 2).quantize(Decimal("1")), ""
        if choice == Decision.REJECTED:
            return choice, None, "Pièces justificatives manquantes."
        return choice, asked, ""
    return Decision.PENDING, None, ""


__all__ = ["seed_associations"]
