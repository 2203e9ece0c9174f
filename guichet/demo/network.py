"""seed_network: the demo network — the service catalogue, centres and windows in every region, public holidays.

Idempotent: records are upserted by code (holidays by date), so running it again changes nothing but what the
catalogue data changed. The demo staff's window GSU-CAS-001 and centre CAPH-CAS-001 (demo/staff.py)
keep their place and names; the centre is given the services of its type.
"""

import datetime
import random
from typing import TypeVar

from django.db import transaction
from django.db.models import ProtectedError

from guichet.common.models import Versioned
from guichet.common.phones import normalize_phone
from guichet.demo import catalogue as data
from guichet.demo import staff
from guichet.network.models import Centre, Holiday, Service, ServiceDocument, Window
from guichet.network.selectors import document_in_use
from guichet.territory.models import Commune, Region

SERVICE_FIELDS = [name for name in data.SERVICES[0] if name not in ("code", "documents")]
FIXED_HOURS = "Du lundi au vendredi, de 8 h 30 à 16 h 30\nمن الاثنين إلى الجمعة، من 8:30 إلى 16:30"
MOBILE_HOURS = (
    "Tournée hebdomadaire dans les douars de la commune : mardi et jeudi, de 9 h à 15 h\n"
    "جولة أسبوعية في دواوير الجماعة: الثلاثاء والخميس، من 9:00 إلى 15:00"
)
# Provinces whose second commune gets a window that is still planned.
PLANNED_IN = ("MA-NAD", "MA-OUA", "MA-TNT", "MA-KHO")
_V = TypeVar("_V", bound=Versioned)  # the records `_upsert` writes: each has a code and a version


@transaction.atomic
def seed_network(*, rng: random.Random) -> None:
    """Upsert the catalogue, the centres and windows of the 12 regions and the holidays of 2025–2027."""
    if not Region.objects.exists():
        raise LookupError("no territory: run load_territory and load_communes first")
    base = rng.getrandbits(32)  # each record draws from its own generator: the same seed, the same record
    communes = _communes_by_province()
    services = _seed_services()
    _seed_centres(base, communes, services)
    _seed_windows(base, communes)
    _seed_holidays()


def _rng(base: int, code: str) -> random.Random:
    return random.Random(f"{base}:{code}")


def _communes_by_province() -> dict[str, list[Commune]]:
    communes: dict[str, list[Commune]] = {}
    for commune in Commune.objects.select_related("province__region").order_by("code"):
        communes.setdefault(commune.province.code, []).append(commune)
    return communes


def _town(communes: list[Commune]) -> Commune:
    """The province's main town: its first urban commune, else its first commune."""
    return next((commune for commune in communes if commune.kind == Commune.Kind.URBAN), communes[0])


def _countryside(communes: list[Commune]) -> Commune:
    return next((commune for commune in communes if commune.kind == Commune.Kind.RURAL), communes[-1])


def _of(name: str) -> str:
    """ "de Settat", "d'Agadir": French elides "de" before a vowel."""
    return f"d'{name}" if name[:1].upper() in "AEIOUYÉÈÂÎÔ" else f"de {name}"


def _upsert(model: type[_V], code: str, values: dict) -> _V:
    """Create the record, or bring it to `values`; a changed versioned record gets a new version."""
    obj = model._default_manager.filter(code=code).first()
    if obj is None:
        obj = model(code=code, **values)
    elif all(getattr(obj, name) == value for name, value in values.items()):
        return obj
    else:
        for name, value in values.items():
            setattr(obj, name, value)
        obj.version += 1
    if hasattr(obj, "copy_territory"):
        obj.copy_territory()
    obj.full_clean()
    obj.save()
    return obj


def _seed_services() -> list[Service]:
    services = []
    for row in data.SERVICES:
        code, documents = row["code"], row["documents"]
        assert isinstance(code, str) and isinstance(documents, list)  # the catalogue's rows are plain literals
        service = _upsert(Service, code, {name: row[name] for name in SERVICE_FIELDS} | {"is_active": True})
        _seed_documents(service, documents)
        services.append(service)
    return services


def _seed_documents(service: Service, documents: list[dict]) -> None:
    """The documents by position: rewritten in place, extra ones removed unless requests received them."""
    existing = list(service.documents.order_by("position", "pk"))
    for position, values in enumerate(documents):
        if position < len(existing):
            document = existing[position]
            if any(getattr(document, name) != value for name, value in values.items()) or (
                document.position != position
            ):
                ServiceDocument.objects.filter(pk=document.pk).update(**values, position=position)
        else:
            ServiceDocument.objects.create(service=service, position=position, **values)
    for document in existing[len(documents) :]:
        if document_in_use(document):
            continue  # a request received it: it stays
        try:
            with transaction.atomic():
                document.delete()
        except ProtectedError:
            pass  # a request received it: it stays


def _phone(local: random.Random, region_code: str) -> str:
    area = data.AREA_CODES.get(region_code, "537")
    for _ in range(50):
        phone = normalize_phone("+212" + area + "".join(str(local.randrange(10)) for _ in range(6)))
        if phone:
            return phone
    return ""


def _seed_centres(base: int, communes: dict[str, list[Commune]], services: list[Service]) -> None:
    for region_code, (capital, second) in data.REGION_PROVINCES.items():
        places = [(capital, list(data.CENTRE_KINDS)), (second, ["disability", "incubator"])]
        for province_code, kinds in places:
            if province_code not in communes:
                continue
            commune = _town(communes[province_code])
            for kind in kinds:
                offered = [service for service in services if kind in service.centre_kinds]
                prefix, name_fr, name_ar = data.CENTRE_KINDS[kind]
                code = f"{prefix}-{province_code.removeprefix('MA-')}-01"
                if province_code == staff.CASABLANCA and kind == Centre.Kind.DISABILITY:
                    _seed_demo_centre(commune, offered)
                    continue
                local = _rng(base, code)
                street = local.choice(data.STREETS)
                number = local.randrange(1, 200)
                centre = _upsert(
                    Centre,
                    code,
                    {
                        "kind": kind,
                        "name": f"{name_fr} {_of(commune.name_fr)}",
                        "name_ar": f"{name_ar} ب{commune.name_ar}",
                        "commune_id": commune.pk,
                        "address": f"{number}, {street}, {commune.name_fr}",
                        "phone": _phone(local, region_code),
                        "email": f"{code.lower()}@guichet.example",
                        "is_active": True,
                    },
                )
                centre.services.set(offered)


def _seed_demo_centre(commune: Commune, offered: list[Service]) -> None:
    """The demo staff's centre: created as demo/staff.py would, else left in place; given services."""
    centre = Centre.objects.filter(code=staff.CENTRE_CODE).first()
    if centre is None:
        centre = _upsert(
            Centre,
            staff.CENTRE_CODE,
            {
                "kind": Centre.Kind.DISABILITY,
                "name": staff.CENTRE_NAME,
                "name_ar": staff.CENTRE_NAME_AR,
                "commune_id": commune.pk,
                "phone": "+212522000000",
            },
        )
    centre.services.set(offered)


def _window_values(commune: Commune, *, mobile: bool) -> dict:
    kind_fr, kind_ar = ("mobile ", "المتنقل ") if mobile else ("", "")
    return {
        "kind": Window.Kind.MOBILE if mobile else Window.Kind.FIXED,
        "name": f"Guichet social unique {kind_fr}{_of(commune.name_fr)}",
        "name_ar": f"الشباك الاجتماعي الموحد {kind_ar}ب{commune.name_ar}",
        "commune_id": commune.pk,
        "opening_hours": MOBILE_HOURS if mobile else FIXED_HOURS,
    }


def _opened_on(local: random.Random) -> datetime.date:
    return datetime.date(2019, 1, 1) + datetime.timedelta(days=local.randrange(0, 6 * 365))


def _seed_windows(base: int, communes: dict[str, list[Commune]]) -> None:
    capitals = {capital for capital, _ in data.REGION_PROVINCES.values()}
    mobile_provinces = {province for pair in data.REGION_PROVINCES.values() for province in pair}
    for province_code, places in communes.items():
        short = province_code.removeprefix("MA-")
        code = f"GSU-{short}-001"
        local = _rng(base, code)
        if code == staff.WINDOW_CODE and Window.objects.filter(code=code).exists():
            pass  # the demo agent's window stays as the demo logins know it
        else:
            # The capital's window is always open; elsewhere one in ten is not open yet.
            planned = province_code not in capitals and local.random() < 0.1
            status = {"status": Window.Status.PLANNED, "opened_on": None} if planned else {}
            _upsert(
                Window,
                code,
                _window_values(_town(places), mobile=False)
                | {"status": Window.Status.OPEN, "opened_on": _opened_on(local), "closed_on": None}
                | status,
            )
        if province_code in mobile_provinces:
            mobile = f"GSU-{short}-M01"
            local = _rng(base, mobile)
            opened_on = _opened_on(local)
            values = {"status": Window.Status.OPEN, "opened_on": opened_on, "closed_on": None}
            if (province_code, 1) in data.CLOSED_MOBILE_WINDOWS:
                closed_on = min(opened_on + datetime.timedelta(days=400), datetime.date(2025, 6, 30))
                values = {"status": Window.Status.CLOSED, "opened_on": opened_on, "closed_on": closed_on}
            _upsert(Window, mobile, _window_values(_countryside(places), mobile=True) | values)
        if province_code in PLANNED_IN and len(places) > 1:
            _upsert(
                Window,
                f"GSU-{short}-002",
                _window_values(places[1], mobile=False)
                | {"status": Window.Status.PLANNED, "opened_on": None, "closed_on": None},
            )


def _seed_holidays() -> None:
    for date, name_fr, name_ar in data.holidays():
        Holiday.objects.update_or_create(date=date, defaults={"name_fr": name_fr, "name_ar": name_ar})
