"""Demo requests: every status with a realistic past timeline, written through the cases services as staff would.

seed_requests replays months of work: requests filed at windows, information asked for and received,
approvals, deliveries (which make beneficiaries of past and current years), rejections, withdrawals,
referrals accepted and declined. Events, audit entries and outbox rows are those the services write, with
the same checks as for staff; the timestamps are then moved back to the days the steps happened. In the
Casablanca prefecture the demo logins act ("agent" files at its window, "centre" handles at its centre),
elsewhere the system actor (accounts.system).
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from guichet.accounts.models import Role, User
from guichet.cases import services as cases
from guichet.cases.models import Event, Referral, Request, Status
from guichet.common.exceptions import ValidationError
from guichet.demo import staff
from guichet.network.calendar import add_working_days
from guichet.network.models import Centre, Service, Window
from guichet.network.selectors import centre_for, nearest_other_centre
from guichet.registry.models import Person

# The path each demo request takes, by the status it ends in; "refer…" paths end in the referred request's.
SCRIPTS: tuple[tuple[str, list[str]], ...] = (
    ("submitted", []),
    ("info_requested", ["request_info"]),
    ("resumed", ["request_info", "resume"]),
    ("approved", ["approve"]),
    ("delivered", ["approve", "deliver"]),
    ("delivered_after_info", ["request_info", "resume", "approve", "deliver"]),
    ("rejected", ["reject"]),
    ("withdrawn", ["withdraw"]),
    ("referred", ["approve", "deliver", "refer"]),
    ("referral_accepted", ["approve", "deliver", "refer", "accept"]),
    ("referral_declined", ["refer", "decline"]),
    ("referral_delivered", ["approve", "deliver", "refer", "accept", "approve", "deliver"]),
)
NOTES = {
    "request_info": "Certificat médical à compléter par le médecin traitant (taux d'incapacité manquant).",
    "resume": "Certificat complet déposé au guichet.",
    "approve": "Dossier complet, conditions remplies.",
    "deliver": "Remis en main propre à la personne.",
    "reject": "Le revenu du ménage dépasse le seuil du programme.",
    "withdraw": "La personne a obtenu l'aide par un autre programme.",
    "decline": "Aucune session de formation ouverte dans la commune cette année.",
    "accept": "",
    "refer": "La personne souhaite lancer une activité de couture à domicile.",
}
# Why a centre refers someone elsewhere, by the category of the service it refers to.
REFERRAL_REASONS = {
    "economic": "La personne souhaite lancer une activité de couture à domicile.",
    "training": "La personne souhaite se former à un métier pour travailler.",
    "education": "Un enfant du ménage en situation de handicap n'est pas scolarisé.",
    "social_assistance": "Le ménage vit sans revenu régulier depuis plusieurs mois.",
    "disability": "Un bilan de la situation de handicap est nécessaire.",
    "health": "Des soins spécialisés sont nécessaires.",
}
JUSTIFICATION = "Situation de grande précarité signalée par l'assistante sociale du quartier."
DUPLICATE_REASON = "La personne demande un réexamen ; la première demande reste ouverte."
LANGUAGES = (("fr", 50), ("ar", 45), ("en", 5))


@dataclass
class _Cast:
    agent: User | None
    centre_staff: User | None
    system: User
    demo_window: Window | None
    demo_centre: Centre | None


def _cast() -> _Cast:
    return _Cast(
        agent=User.objects.filter(username="agent", role=Role.AGENT).first(),
        centre_staff=User.objects.filter(username="centre", role=Role.CENTRE_STAFF).first(),
        system=staff.seed_recorder(),
        demo_window=Window.objects.filter(code=staff.WINDOW_CODE).first(),
        demo_centre=Centre.objects.filter(code=staff.CENTRE_CODE).first(),
    )


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A moment of office hours on that day."""
    moment = datetime.datetime.combine(day, datetime.time(8 + rng.randrange(8), rng.randrange(60)))
    return timezone.make_aware(moment)


def seed_requests(*, rng: random.Random, count: int) -> None:
    """`count` requests (every status once count ≥ 12) for random demo persons and catalogue services."""
    services = list(Service.objects.filter(is_active=True, channel_window=True).order_by("code"))
    if not services:
        raise LookupError("no service catalogue: run seed_network first")
    cast = _cast()
    windows_by_province: dict[int, list[Window]] = {}
    for window in Window.objects.filter(status=Window.Status.OPEN).order_by("code"):
        windows_by_province.setdefault(window.province_id, []).append(window)
    demo_services = [s for s in services if cast.demo_centre and cast.demo_centre.services.filter(pk=s.pk).exists()]
    persons = _persons(rng, count, cast)
    today = timezone.localdate()
    for index, person in enumerate(persons):
        name, steps = SCRIPTS[index % len(SCRIPTS)] if index < len(SCRIPTS) * 2 else rng.choice(SCRIPTS)
        local = cast.demo_window is not None and person.province_id == cast.demo_window.province_id
        pool = demo_services if local and demo_services else services
        service = rng.choice(pool)
        # Open requests were filed recently (a few are late); closed ones over the last year and a half.
        # Requests still open at the end of their path were filed in the last weeks; finished ones over 18 months.
        still_open = not steps or steps[-1] in ("request_info", "refer", "resume", "approve", "accept")
        # (a week per step at least, so that no step is pushed to today out of order)
        span = 7 * len(steps)
        back = rng.randrange(span + 2, span + 25) if still_open else rng.randrange(20 + span, 540)
        if name == "submitted" and rng.random() < 0.3:
            back = rng.randrange(20, 40)
        filed_on = today - datetime.timedelta(days=back)
        while filed_on.weekday() >= 5:
            filed_on -= datetime.timedelta(days=1)
        with transaction.atomic():
            _play(rng, cast, person, service, steps, filed_on, today, local, windows_by_province)


def _persons(rng: random.Random, count: int, cast: _Cast) -> list[Person]:
    """Random persons with an exact date of birth, a third of them in the demo logins' prefecture."""
    eligible = Person.objects.filter(merged_into__isnull=True, birth_date_approximate=False)
    pks = list(eligible.values_list("pk", flat=True).order_by("pk"))
    if not pks:
        raise LookupError("no persons: run seed_demo first")
    local_pks: list[int] = []
    if cast.demo_window is not None:
        local_pks = list(eligible.filter(province_id=cast.demo_window.province_id).values_list("pk", flat=True))
    chosen = rng.sample(local_pks, min(len(local_pks), count // 3))
    taken = set(chosen)
    rest = [pk for pk in pks if pk not in taken]
    chosen += rng.sample(rest, min(len(rest), count - len(chosen)))
    by_pk = Person.objects.select_related("commune__province").in_bulk(chosen)
    return [by_pk[pk] for pk in chosen]


def _play(rng, cast, person, service, steps, filed_on, today, local, windows_by_province) -> None:
    centre = centre_for(service=service, commune=person.commune)
    if centre is None:
        return
    windows = windows_by_province.get(person.province_id) or []
    window = cast.demo_window if local else (rng.choice(windows) if windows else None)
    agent = cast.agent if local and cast.agent else cast.system
    request = _file(
        actor=agent,
        person=person,
        service=service,
        language=_language(rng),
        window=window,
        documents=[document for document in service.documents.all() if document.required],
        today=filed_on,
    )
    filed_at = _at(filed_on, rng)
    Request.objects.filter(pk=request.pk).update(filed_at=filed_at)
    Event.objects.filter(request=request).update(at=filed_at)
    handler = cast.centre_staff if cast.centre_staff and centre.pk == getattr(cast.demo_centre, "pk", None) else None
    if handler is not None and rng.random() < 0.6:
        cases.request_assign(actor=handler, request=request, assignee=handler, expected_version=request.version)
        _date_last_event(request, filed_at + datetime.timedelta(hours=1))
    day = filed_on
    for action in steps:
        day = min(add_working_days(day, rng.randrange(1, 6)), today)
        actor = handler or cast.system
        if action == "refer":
            received = _refer(rng, cast, request, actor, day, today)
            if received is None:
                return
            request = received
            handler = None
            continue
        if action == "accept" or action == "decline":
            actor = cast.system
        if action == "withdraw" and window is not None:
            actor = agent
        cases.request_transition(
            actor=actor,
            request=request,
            action=action,
            expected_version=request.version,
            note=NOTES[action],
            today=day,
        )
        moment = _at(day, rng)
        _date_last_event(request, moment)
        if request.decided_at is not None:
            Request.objects.filter(pk=request.pk).update(decided_at=moment)
        if action in ("accept", "decline"):
            Referral.objects.filter(to_request=request).update(decided_at=moment)
            last = Event.objects.filter(request__referrals_sent__to_request=request).order_by("-pk").first()
            if last is not None:
                Event.objects.filter(pk=last.pk).update(at=moment)


def _refer(rng, cast, request: Request, actor: User, day: datetime.date, today: datetime.date) -> Request | None:
    """Refer to another centre for another service; the referred request, or None if nowhere to send."""
    others = list(Service.objects.filter(is_active=True).exclude(pk=request.service_id).order_by("code"))
    rng.shuffle(others)
    # As in life: mostly to another kind of centre (a disability centre refers a woman to an incubator).
    others.sort(key=lambda service: request.centre.kind in service.centre_kinds)
    for service in others:
        centre = nearest_other_centre(service=service, commune=request.person.commune, exclude=request.centre)
        if centre is None:
            continue
        referral = cases.request_refer(
            actor=actor,
            request=request,
            service=service,
            centre=centre,
            reason=REFERRAL_REASONS.get(service.category, NOTES["refer"]),
            expected_version=request.version,
            today=day,
        )
        moment = _at(day, rng)
        Referral.objects.filter(pk=referral.pk).update(referred_at=moment)
        _date_last_event(request, moment)
        received = referral.to_request
        Request.objects.filter(pk=received.pk).update(filed_at=moment)
        Event.objects.filter(request=received).update(at=moment)
        return received
    return None


def _file(**fields) -> Request:
    """File as at the window: when the rule excludes the person, or the person already has an open request for
    the service (a second seeding run), the agent writes why they file all the same."""
    try:
        return cases.request_file(**fields)
    except ValidationError as error:
        asked = set(getattr(error, "error_dict", {}))
        if not asked or asked - {"justification", "duplicate_reason"}:
            raise
    return cases.request_file(
        **fields,
        justification=JUSTIFICATION if "justification" in asked else "",
        duplicate_reason=DUPLICATE_REASON if "duplicate_reason" in asked else "",
    )


def _date_last_event(request: Request, moment: datetime.datetime) -> None:
    last = Event.objects.filter(request=request).order_by("-pk").first()
    if last is not None:
        Event.objects.filter(pk=last.pk).update(at=moment)


def _language(rng: random.Random) -> str:
    return rng.choices([code for code, _ in LANGUAGES], weights=[weight for _, weight in LANGUAGES])[0]


def demo_tracking_example() -> tuple[str, datetime.date] | None:
    """One reference (10 digits) and the person's date of birth to try on /track/: an open request filed at
    the demo window if there is one, else any open request; None before seed_requests ran."""
    open_requests = (
        Request.objects.filter(status__in=(Status.SUBMITTED, Status.INFO_REQUESTED, Status.APPROVED))
        .filter(person__birth_date_approximate=False)
        .select_related("person")
        .order_by("pk")
    )
    example = open_requests.filter(window__code=staff.WINDOW_CODE).first() or open_requests.first()
    if example is None:
        return None
    return example.reference, example.person.birth_date
