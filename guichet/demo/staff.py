"""The demo staff logins (password "demo"), their window and centre, and the user that records seeded data."""

import datetime

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.contrib.auth.hashers import make_password
from django.db import transaction

from guichet.accounts.models import Role, User
from guichet.accounts.system import system_actor
from guichet.network.models import Centre, Window
from guichet.territory.models import Commune, Region

DEMO_PASSWORD = "demo"
CASABLANCA_SETTAT = "MA-06"
CASABLANCA = "MA-CAS"
WINDOW_CODE = "GSU-CAS-001"
WINDOW_NAME = "Guichet Casablanca Anfa"
WINDOW_NAME_AR = "شباك الدار البيضاء أنفا"
CENTRE_CODE = "CAPH-CAS-001"
CENTRE_NAME = "Centre d'assistance aux personnes en situation de handicap de Casablanca"
CENTRE_NAME_AR = "مركز مساعدة الأشخاص في وضعية إعاقة بالدار البيضاء"

# username → (role, first name, last name)
DEMO_ACCOUNTS = {
    "admin": (Role.ADMIN, "Nadia", "El Fassi"),
    "agent": (Role.AGENT, "Youssef", "Amrani"),
    "centre": (Role.CENTRE_STAFF, "Salma", "Berrada"),
    "steward": (Role.STEWARD, "Hicham", "Tazi"),
    "supervisor": (Role.SUPERVISOR, "Khadija", "Alaoui"),
}


def _casablanca_commune() -> Commune:
    """A commune of the Casablanca prefecture (Anfa if loaded), else anywhere in Casablanca-Settat."""
    communes = Commune.objects.select_related("province").order_by("code")
    candidates = [
        communes.filter(province__code=CASABLANCA, name_fr__icontains="anfa"),
        communes.filter(province__code=CASABLANCA, kind=Commune.Kind.URBAN),
        communes.filter(province__code=CASABLANCA),
        communes.filter(province__region__code=CASABLANCA_SETTAT),
    ]
    for queryset in candidates:
        commune = queryset.first()
        if commune is not None:
            return commune
    raise LookupError("no commune in Casablanca-Settat: run load_territory and load_communes first")


@transaction.atomic
def demo_staff_reset() -> dict[str, User]:
    """Create the five demo logins, or put them back as they were (role, scope, password "demo")."""
    commune = _casablanca_commune()
    window = Window.objects.filter(code=WINDOW_CODE).first()
    if window is None:
        window = Window(
            code=WINDOW_CODE,
            name=WINDOW_NAME,
            name_ar=WINDOW_NAME_AR,
            commune=commune,
            kind=Window.Kind.FIXED,
            status=Window.Status.OPEN,
            opened_on=datetime.date(2024, 1, 15),
        )
        window.copy_territory()
        window.save()
    centre = Centre.objects.filter(code=CENTRE_CODE).first()
    if centre is None:
        centre = Centre(
            code=CENTRE_CODE,
            name=CENTRE_NAME,
            name_ar=CENTRE_NAME_AR,
            commune=commune,
            kind=Centre.Kind.DISABILITY,
            phone="+212522000000",
        )
        centre.copy_territory()
        centre.save()
    region = Region.objects.get(code=CASABLANCA_SETTAT)
    password = make_password(DEMO_PASSWORD)
    accounts = {}
    for username, (role, first_name, last_name) in DEMO_ACCOUNTS.items():
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@guichet.example",
                "is_active": True,
                "is_staff": role == Role.ADMIN,
                "is_superuser": role == Role.ADMIN,
                "window": window if role == Role.AGENT else None,
                "centre": centre if role == Role.CENTRE_STAFF else None,
                "region": region if role == Role.SUPERVISOR else None,
                "province": None,
                "password": password,
            },
        )
        accounts[username] = user
    demo_second_factor_enrol(accounts.values())
    return accounts


def demo_totp_secret() -> str:
    """The one TOTP secret (base32) of the demo accounts that need a second factor: random, kept across seedings
    so that an authenticator app set up once keeps working."""
    existing = Authenticator.objects.filter(user__username__in=DEMO_ACCOUNTS, type=Authenticator.Type.TOTP).first()
    return decrypt(existing.data["secret"]) if existing else generate_totp_secret()


def demo_second_factor_enrol(accounts) -> str:
    """Enrol every demo account whose role requires a second factor with the same secret; returns it."""
    secret = demo_totp_secret()
    for user in accounts:
        if user.needs_second_factor():
            Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
            TOTP.activate(user, secret)
    return secret


def seed_recorder() -> User:
    """Who seeded data is recorded by: the system actor, which cannot log in (accounts.system)."""
    return system_actor()
