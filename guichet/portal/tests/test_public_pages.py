"""Every citizens' page wears the one light skeleton: one stylesheet with the brand colours, one language
switcher, the citizens' links, no script; with everything it loads it weighs under 60 KB, in every language."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory
from guichet.associations import services_registration
from guichet.associations.models import Association
from guichet.associations.tests.factories import AssociationFactory
from guichet.network.eligibility import EMPTY_RULE
from guichet.network.models import Centre
from guichet.notify.tests.factories import make_person, make_request
from guichet.registry.tests.factories import PersonFactory
from guichet.training.tests.factories import CertificateFactory, CohortFactory, CourseFactory, ModuleFactory
from guichet.training.tests.factories import enrolled as enrolment

pytestmark = pytest.mark.django_db

LIMIT = 60 * 1024
LANGUAGES = ["fr", "ar", "en"]
STATIC = Path(settings.BASE_DIR) / "guichet" / "static" / "css"
CITIZEN_LINKS = ["/track/", "/learn/", "/verify/", "/associations/register/"]


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    cache.clear()


@pytest.fixture
def world(personas, territory):
    """A tracked request, a learner with an access code and a lesson, a certificate, an association to correct."""
    person = make_person(birth_date=datetime.date(1985, 3, 14))
    request = make_request(person=person, centre=Centre.objects.get(name="Centre Anfa"))
    coordinator = UserFactory(username="p_coord", role=Role.COORDINATOR, region=territory["casa_settat"])
    facilitator = UserFactory(username="p_facil", role=Role.FACILITATOR)
    course = CourseFactory(
        title_fr="Cours", title_ar="درس", title_en="Course", eligibility_rule=EMPTY_RULE, created_by=coordinator
    )
    module = ModuleFactory(course=course)  # "Leçon 1", a text lesson
    cohort = CohortFactory(course=course, communes=[territory["anfa"]], facilitator=facilitator, capacity=3)
    learner, graduate = (PersonFactory(sex="F", commune=territory["anfa"]) for _ in range(2))
    enrolled = enrolment(cohort=cohort, person=learner, language="fr")
    certificate = CertificateFactory(enrollment__cohort=cohort, enrollment__person=graduate, enrollment__language="ar")
    officer = UserFactory(username="p_officer", role=Role.PROGRAMME_OFFICER, region=territory["casa_settat"])
    association = AssociationFactory(
        province=territory["casablanca"], status=Association.Status.PENDING, registration_number="CASA-9"
    )
    _, token = services_registration.association_ask_correction(
        actor=officer, association=association, expected_version=association.version, note="Adresse", link_of=str
    )
    return {"request": request, "code": enrolled.code, "module": module, "certificate": certificate, "token": token}


def public_pages(client, world) -> dict[str, str]:
    """Each public page's HTML as a citizen reaches it (every one answered 200)."""
    pages = {}
    pages["track"] = client.get(reverse("portal:track"))
    pages["track result"] = client.post(
        reverse("portal:track"), {"reference": world["request"].reference, "day": "14", "month": "3", "year": "1985"}
    )
    pages["verify"] = client.get(reverse("training:verify_form"))
    pages["verify result"] = client.get(reverse("training:verify", args=[world["certificate"].code]))
    pages["association registration"] = client.get(reverse("associations:register"))
    pages["association correction"] = client.get(reverse("associations:correct", args=[world["token"]]))
    session = client.session
    session["association_registered"] = "Association Amal"
    session.save()
    pages["association registered"] = client.get(reverse("associations:registered"))
    pages["learner code"] = client.get(reverse("training:learn"))
    assert client.post(reverse("training:learn"), {"code": world["code"]}).status_code == 302
    pages["learner course"] = client.get(reverse("training:learn_course"))
    pages["lesson"] = client.get(reverse("training:learn_lesson", args=[world["module"].pk]))
    assert {name: response.status_code for name, response in pages.items()} == dict.fromkeys(pages, 200)
    return {name: response.content.decode() for name, response in pages.items()}


def weight(client, html: str) -> int:
    total = len(html.encode())
    for url in re.findall(r'<(?:link|script|img|source|audio|video)\b[^>]*\b(?:href|src)="([^"]+)"', html):
        if url.startswith("data:"):
            continue
        asset = client.get(url)
        assert asset.status_code == 200, url
        total += len(b"".join(asset.streaming_content) if asset.streaming else asset.content)
    return total


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_with_its_assets_weighs_under_60_kb(client, world, language):
    client.cookies["django_language"] = language
    pages = public_pages(client, world)
    assert len(pages) == 10
    heavy = {name: size for name, html in pages.items() if (size := weight(client, html)) >= LIMIT}
    assert heavy == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_wears_the_one_light_skeleton(client, world, language):
    client.cookies["django_language"] = language
    for name, html in public_pages(client, world).items():
        stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        assert [url.rsplit("/", 1)[-1] for url in stylesheets] == ["brand.css", "portal.css"], name
        assert html.count('action="/i18n/setlang/"') == 1, name
        # The learner's pages speak her enrolment's language; the others the reader's.
        shown = "fr" if name in ("learner course", "lesson") else language
        assert f'<html lang="{shown}" dir="{"rtl" if shown == "ar" else "ltr"}">' in html, name
        footer = html.split('<footer class="bottom">', 1)[1]
        assert all(f'href="{link}"' in footer for link in CITIZEN_LINKS), name
        assert "<script" not in html and "<style" not in html and " style=" not in html, name


def test_the_brand_colour_is_defined_once():
    sheets = list((Path(settings.BASE_DIR) / "guichet").rglob("*.css"))
    templates = list((Path(settings.BASE_DIR) / "guichet").rglob("*.html"))
    defining = [path.name for path in sheets + templates if "--brand:" in path.read_text(encoding="utf-8")]
    assert defining == ["brand.css"]
    brand = re.search(
        r"--brand: (#[0-9a-f]{6})", (Path(settings.BASE_DIR) / "guichet/static/css/brand.css").read_text()
    )
    assert brand
    written = [path.name for path in sheets + templates if brand.group(1) in path.read_text(encoding="utf-8")]
    assert written == ["brand.css"]
