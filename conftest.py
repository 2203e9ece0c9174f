"""Shared test set-up: fast settings, a small territory, and one persona per role and scope."""

from pathlib import Path

import pytest

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory
from guichet.network.models import Centre
from guichet.network.tests.factories import CentreFactory, WindowFactory
from guichet.registry.tests.factories import PersonFactory
from guichet.territory.tests.factories import CommuneFactory, ProvinceFactory, RegionFactory


def pytest_sessionstart(session):
    """Compile the translation catalogues when a .po is newer than its .mo, as `make messages` does."""
    from babel.messages.frontend import CommandLineInterface

    package = Path(__file__).parent / "guichet"
    for locale_dir in [package / "locale", *package.glob("*/locale")]:
        for po in locale_dir.glob("*/LC_MESSAGES/django.po"):
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                CommandLineInterface().run(["pybabel", "-q", "compile", "-D", "django", "-d", str(locale_dir)])
                _forget_loaded_catalogues()
                break


def _forget_loaded_catalogues() -> None:
    """Catalogues Django read before they were compiled are stale: drop them so they are read again."""
    from django.utils.translation import trans_real

    trans_real._translations.clear()
    trans_real._default = None


@pytest.fixture(autouse=True)
def _fast_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Tests run without collectstatic: WhiteNoise serves the apps' static files from where they are, as with DEBUG.
    settings.WHITENOISE_USE_FINDERS = True


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: reference data cached by an earlier test (common/refcache.py) is gone."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def territory(db):
    """Two regions: Casablanca-Settat (Casablanca, Settat) and Rabat-Salé-Kénitra (Rabat)."""
    casa_settat = RegionFactory(code="MA-06", name_fr="Casablanca-Settat", name_ar="الدار البيضاء سطات")
    rabat_region = RegionFactory(code="MA-04", name_fr="Rabat-Salé-Kénitra", name_ar="الرباط سلا القنيطرة")
    casablanca = ProvinceFactory(code="MA-CAS", region=casa_settat, name_fr="Casablanca", name_ar="الدار البيضاء")
    settat = ProvinceFactory(code="MA-SET", region=casa_settat, name_fr="Settat", name_ar="سطات")
    rabat = ProvinceFactory(code="MA-RAB", region=rabat_region, name_fr="Rabat", name_ar="الرباط")
    return {
        "casa_settat": casa_settat,
        "rabat_region": rabat_region,
        "casablanca": casablanca,
        "settat": settat,
        "rabat": rabat,
        "anfa": CommuneFactory(code="C-ANFA", province=casablanca, name_fr="Anfa", name_ar="أنفا"),
        "settat_city": CommuneFactory(code="C-SETTAT", province=settat, name_fr="Settat", name_ar="سطات"),
        "agdal": CommuneFactory(code="C-AGDAL", province=rabat, name_fr="Agdal Riyad", name_ar="أكدال الرياض"),
    }


@pytest.fixture
def personas(territory):
    """Every role, with one member inside and one outside Casablanca where a scope applies."""
    t = territory
    window_casa = WindowFactory(name="Guichet Anfa", commune=t["anfa"])
    window_rabat = WindowFactory(name="Guichet Agdal", commune=t["agdal"])
    disability_casa = CentreFactory(name="Centre Anfa", kind=Centre.Kind.DISABILITY, commune=t["anfa"])
    incubator_casa = CentreFactory(name="Incubateur Anfa", kind=Centre.Kind.INCUBATOR, commune=t["anfa"])
    disability_rabat = CentreFactory(name="Centre Agdal", kind=Centre.Kind.DISABILITY, commune=t["agdal"])
    return {
        "admin": UserFactory(username="t_admin", role=Role.ADMIN),
        "steward": UserFactory(username="t_steward", role=Role.STEWARD),
        "agent": UserFactory(username="t_agent", role=Role.AGENT, window=window_casa),
        "agent_rabat": UserFactory(username="t_agent_rabat", role=Role.AGENT, window=window_rabat),
        "centre": UserFactory(username="t_centre", role=Role.CENTRE_STAFF, centre=disability_casa),
        "incubator": UserFactory(username="t_incubator", role=Role.CENTRE_STAFF, centre=incubator_casa),
        "centre_rabat": UserFactory(username="t_centre_rabat", role=Role.CENTRE_STAFF, centre=disability_rabat),
        "supervisor_region": UserFactory(username="t_sup_region", role=Role.SUPERVISOR, region=t["casa_settat"]),
        "supervisor_province": UserFactory(username="t_sup_prov", role=Role.SUPERVISOR, province=t["settat"]),
        "supervisor_national": UserFactory(username="t_sup_nat", role=Role.SUPERVISOR, national=True),
        "coordinator": UserFactory(username="t_any_coordinator", role=Role.COORDINATOR, region=t["casa_settat"]),
        "facilitator": UserFactory(username="t_any_facilitator", role=Role.FACILITATOR),
        "programme_officer": UserFactory(username="t_any_officer", role=Role.PROGRAMME_OFFICER, province=t["rabat"]),
        "association_manager": UserFactory(username="t_any_manager", role=Role.ASSOCIATION_MANAGER),
    }


@pytest.fixture
def people(territory):
    """Persons in Casablanca, in Settat (same region) and in Rabat (another region)."""
    return {
        "casa": PersonFactory(
            given_name_latin="Mohamed",
            family_name_latin="El Idrissi",
            given_name_ar="محمد",
            family_name_ar="الإدريسي",
            sex="M",
            commune=territory["anfa"],
            cnie="BE123456",
            idcs="1234567890",
            phone="+212612345678",
        ),
        "settat": PersonFactory(
            given_name_latin="Fatima",
            family_name_latin="Bennani",
            given_name_ar="فاطمة",
            family_name_ar="بناني",
            commune=territory["settat_city"],
        ),
        "rabat": PersonFactory(
            given_name_latin="Youssef",
            family_name_latin="Alaoui",
            given_name_ar="يوسف",
            family_name_ar="العلوي",
            sex="M",
            commune=territory["agdal"],
        ),
    }


@pytest.fixture
def api_clients(personas):
    """A factory of client systems: `api_clients("read_persons", province=…)` → (client, token), registered by the
    administrator persona through the service (token hashed, shown once). Without a territory: national."""
    import datetime

    from django.utils import timezone

    from guichet.accounts.api_clients import api_client_create

    made = iter(range(1, 1000))

    def make(*permissions: str, name: str = "", expires_in_days: int = 30, **scope):
        if not scope:
            scope = {"national": True}
        return api_client_create(
            actor=personas["admin"],
            name=name or f"System {next(made)}",
            contact="it@example.org",
            permissions=list(permissions),
            expires_at=timezone.now() + datetime.timedelta(days=expires_in_days),
            **scope,
        )

    return make
