"""No French in the Arabic interface: every page of the browser journeys, opened in Arabic, shows no Latin-script
word that is not a name, a code or a number; and a reference, ID or phone number is never broken across lines.

What may stay in Latin script:
- the data: every word stored in the database that has no Arabic version beside it (persons' Latin names, a
  window's only name, addresses, usernames, a school's name); a field written per language (`name_fr`,
  `title_en`, a `name` with a `name_ar` filled in) does not count: its Arabic version is the one to show;
- codes and numbers: any word with a digit in it, addresses of pages and e-mail addresses, file names, slugs
  (disability-card) and {placeholders};
- the acronyms an Arabic text writes as they are (ACRONYMS), file formats (FORMATS), the names of keys as printed
  on a keyboard (KEYS) and the product's name;
- a passage marked as written in another language (lang="fr"): the French version of a name beside the Arabic one
  on an administrator's list, a message template in English, each language's own name in the language menu.
"""

import json
import re
from collections.abc import Callable

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from playwright.sync_api import expect

from guichet.associations.tests.factories import AssociationFactory, SchoolingApplicationFactory, SupportedChildFactory
from guichet.cases.tests.factories import RequestFactory
from guichet.network.models import Centre, ServiceDocument
from guichet.network.tests.factories import ServiceFactory
from guichet.notify.services import message_templates_load
from guichet.registry.tests.factories import PersonFactory
from guichet.training.tests.factories import CertificateFactory, CohortFactory, CourseFactory, ModuleFactory
from guichet.training.tests.factories import enrolled as enrolment

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

ACRONYMS = {"CNIE", "IDCS", "RSU", "IP", "PDF", "QR", "SMS", "CSV", "XLSX"}
FORMATS = {"JPEG", "PNG", "MP3", "OGG", "M4A", "MP4", "WebM"}  # file formats, named as their makers write them
KEYS = {"Ctrl", "Cmd", "Mac"}  # as printed on the keyboard: "اضغط على Ctrl (Cmd على Mac)"
ALWAYS = {word.casefold() for word in ACRONYMS | FORMATS | KEYS | {"Guichet"}}
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]+(?:['’][A-Za-zÀ-ÖØ-öø-ɏ]+)*")
# A number, an address, a file name, a {placeholder} or a slug (disability-card) is a code.
CODE_LIKE = re.compile(r"\d|@|://|^/|\w\.\w|[{}]|^\W*[a-z]+(?:-[a-z]+)+\W*$")
# Tables whose text is not data a page shows as such: message texts are per language (their `language` column),
# and the audit log repeats the values of other tables.
NOT_DATA = {"notify", "audit", "sessions", "admin", "contenttypes", "account", "mfa", "usersessions"}

# The text a reader sees in the page's language: a passage marked as written in another language (lang="fr"
# around the French version of a name, a message template in English) is that language's, deliberately.
VISIBLE_TEXT = """() => {
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!element || element.closest('script, style, noscript, template')) continue;
    const shown = element.closest('select') || element;
    if (!shown.checkVisibility({visibilityProperty: true})) continue;
    if (!(element.closest('[lang]').getAttribute('lang') || '').startsWith('ar')) continue;
    parts.push(walker.currentNode.textContent);
  }
  return parts.join(' ');
}"""
WRAPPABLE_NUMBERS = """() => [...document.querySelectorAll('bdi[dir=ltr], .reference')]
  .filter(e => getComputedStyle(e).whiteSpace !== 'nowrap').map(e => e.textContent).slice(0, 5)"""


def data_words() -> set[str]:
    """Every Latin-script word stored in our tables outside the fields written per language."""
    words: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("guichet.") or model._meta.app_label in NOT_DATA:
            continue
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
        for row in model._base_manager.values(*fields):
            for name, value in row.items():
                if not value or name.endswith(("_fr", "_en", "_zgh")) or row.get(f"{name}_ar"):
                    continue
                words.update(word.casefold() for word in LATIN_WORD.findall(str(value)))
    return words


def foreign_words(text: str, allowed: set[str]) -> list[str]:
    found = []
    for token in text.split():
        if CODE_LIKE.search(token):
            continue
        found += [word for word in LATIN_WORD.findall(token) if word.casefold() not in allowed]
    return found


@pytest.fixture
def journeys(personas, people, territory):
    """What the journeys leave behind: a request at the Casablanca centre, a course with a lesson to read and one
    to listen to, a cohort with a learner and a graduate, an approved association with an application."""
    service = ServiceFactory(
        code="fauteuil-roulant",
        name_fr="Fauteuil roulant",
        name_ar="كرسي متحرك",
        name_en="Wheelchair",
        centre_kinds=[Centre.Kind.DISABILITY],
    )
    ServiceDocument.objects.create(
        service=service, name_fr="Certificat médical", name_ar="شهادة طبية", name_en="Medical certificate"
    )
    personas["centre"].centre.services.add(service)
    request = RequestFactory(
        person=people["casa"],
        service=service,
        centre=personas["centre"].centre,
        window=personas["agent"].window,
        filed_by=personas["agent"],
    )
    course = CourseFactory(
        title_fr="Gérer son budget",
        title_ar="تدبير الميزانية",
        title_en="Managing a budget",
        description_fr="Un cours.",
        description_ar="دورة.",
        description_en="A course.",
        created_by=personas["coordinator"],
    )
    text = ModuleFactory(course=course, text_fr="Notez chaque dépense.", text_ar="سجّلي كل مصروف.")
    audio = ModuleFactory(course=course, kind="audio", media="0123abcd.mp3", media_type="audio/mpeg")
    cohort = CohortFactory(
        course=course,
        name_fr="Anfa — printemps",
        name_ar="أنفا — الربيع",
        name_en="Anfa — spring",
        communes=[territory["anfa"]],
        facilitator=personas["facilitator"],
        created_by=personas["coordinator"],
    )
    woman = PersonFactory(
        given_name_latin="Zineb",
        family_name_latin="Ouazzani",
        given_name_ar="زينب",
        family_name_ar="الوزاني",
        sex="F",
        commune=territory["anfa"],
    )
    learner = enrolment(cohort=cohort, person=woman, enrolled_by=personas["coordinator"], language="ar")
    certificate = CertificateFactory(enrollment__cohort=cohort, enrollment__language="ar")
    association = AssociationFactory(
        name_fr="Association Nour", name_ar="جمعية نور", province=territory["casablanca"], president="Amina Berrada"
    )
    application = SchoolingApplicationFactory(association=association)
    SupportedChildFactory(application=application, person__commune=territory["anfa"])
    message_templates_load()
    return {
        "request": request,
        "course": course,
        "lessons": [text, audio],
        "cohort": cohort,
        "learner": learner,
        "certificate": certificate,
        "association": association,
        "application": application,
        "manager": association.manager,
    }


def pages_of(journeys, people) -> dict[str | None, list[str]]:
    """The pages each journey goes through, by who goes through them (None: the public)."""
    ref, sid = journeys["request"].reference, people["casa"].social_id
    course, cohort = journeys["course"].pk, journeys["cohort"].pk
    enrollment, application = journeys["learner"].enrollment.pk, journeys["application"].pk
    return {
        None: [
            "/",
            "/track/",
            f"/track/{ref}/",
            "/associations/register/",
            "/learn/",
            "/verify/",
            f"/verify/{journeys['certificate'].code}/",
            "/accounts/login/",
        ],
        "learner": ["/learn/course/", *[f"/learn/lessons/{lesson.pk}/" for lesson in journeys["lessons"]]],
        "t_agent": [
            "/persons/",
            "/persons/?q=Mohamed",
            "/persons/new/",
            f"/persons/{sid}/",
            f"/persons/{sid}/edit/",
            f"/requests/file/{sid}/",
            f"/requests/{ref}/",
            "/desk/window/",
            "/accounts/2fa/",
            "/accounts/password/change/",
        ],
        "t_centre": ["/requests/queue/", f"/requests/{ref}/", f"/requests/{ref}/refer/"],
        "t_any_coordinator": [
            "/training/",
            "/training/courses/new/",
            f"/training/courses/{course}/",
            f"/training/courses/{course}/edit/",
            f"/training/courses/{course}/modules/new/",
            f"/training/courses/{course}/modules/{journeys['lessons'][1].pk}/",
            f"/training/courses/{course}/cohorts/new/",
            f"/training/cohorts/{cohort}/",
            f"/training/cohorts/{cohort}/enrol/?q=Zineb",
            f"/training/cohorts/{cohort}/enrol/list/",
            f"/training/cohorts/{cohort}/enrol/{people['settat'].social_id}/",
            f"/training/enrolments/{enrollment}/",
        ],
        "t_admin": [
            "/network/",
            "/network/centres/",
            "/network/centres/new/",
            "/network/windows/",
            "/network/windows/new/",
            "/network/services/",
            "/network/services/fauteuil-roulant/",
            "/network/services/fauteuil-roulant/edit/",
            "/network/holidays/",
            "/messages/",
            "/messages/templates/",
            "/messages/outbox/",
            "/accounts/staff/",
            "/accounts/staff/new/",
            "/accounts/staff/t_agent/",
            "/audit/",
            "/associations/",
            f"/associations/{journeys['association'].pk}/",
            "/associations/unreported/",
        ],
        journeys["manager"].username: [
            "/associations/applications/",
            "/associations/applications/new/",
            f"/associations/applications/{application}/",
            f"/associations/applications/{application}/children/add/",
        ],
        "t_sup_nat": ["/desk/territory/"],
    }


def sign_in(page, live_server, who, journeys):
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ar", "url": live_server.url}])
    if who == "learner":
        page.goto(f"{live_server.url}/learn/")
        page.locator("input[name=code]").fill(journeys["learner"].code)
        page.locator("main form button").click()
        page.wait_for_load_state()
    elif who:
        login(page, live_server, username=who)
        # The first login may change the password, and the language with it: Arabic again.
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ar", "url": live_server.url}])


def send_empty(page):
    """A form sent as it opens: its error summary and messages."""
    page.locator("main form[method=post] button.primary").first.click()
    expect(page.locator("#error-summary")).to_be_visible()


def choose_service(page):
    """The second step of the filing: the eligibility and the documents of the chosen service."""
    page.select_option("#id_service", "fauteuil-roulant")
    page.locator("main form button.primary").click()
    expect(page.locator("#eligibility-title")).to_be_visible()


def steps_of(journeys) -> dict[str | None, list[tuple[str, Callable]]]:
    """Pages the journeys reach by sending a form (the refused form, the next step)."""
    course = journeys["course"].pk
    return {
        None: [("/associations/register/", send_empty)],
        "t_agent": [
            ("/persons/new/", send_empty),
            (f"/requests/file/{journeys['request'].person.social_id}/", choose_service),
        ],
        "t_any_coordinator": [
            (f"/training/courses/{course}/cohorts/new/", send_empty),
            (f"/training/courses/{course}/modules/new/", send_empty),
        ],
        "t_admin": [("/network/windows/new/", send_empty)],
    }


def check(page, where: str, allowed: set[str]) -> list[str]:
    problems = []
    if page.evaluate("document.documentElement.lang") != "ar":
        problems.append(f"{where}: not in Arabic")
    words = foreign_words(page.evaluate(VISIBLE_TEXT), allowed)
    if words:
        problems.append(f"{where}: {', '.join(dict.fromkeys(words))}")
    unwrapped = page.evaluate(WRAPPABLE_NUMBERS)
    if unwrapped:
        problems.append(f"{where}: may break across lines: {json.dumps(unwrapped, ensure_ascii=False)}")
    return problems


def test_every_page_of_the_journeys_in_arabic_shows_no_french(page, live_server, personas, people, journeys):
    journeys["manager"].set_password("secret-password")
    journeys["manager"].save()
    allowed = data_words() | ALWAYS
    problems = []
    steps = steps_of(journeys)
    for who, paths in pages_of(journeys, people).items():
        sign_in(page, live_server, who, journeys)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            where = f"{path} ({who or 'public'})"
            if response is None or response.status >= 400:
                problems.append(f"{where}: status {response.status if response else '?'}")
                continue
            problems += check(page, where, allowed)
        for path, step in steps.get(who, []):
            page.goto(f"{live_server.url}{path}")
            step(page)
            problems += check(page, f"{path} after {step.__name__} ({who or 'public'})", allowed)
    assert not problems, "\n".join(problems)


def test_the_check_sees_french_and_lets_names_codes_and_numbers_through():
    allowed = {"mohamed", "idrissi", "anfa"} | ALWAYS
    text = "طلب 45891 74533 — Mohamed El-Idrissi, Anfa · CNIE BE123456 · https://x.ma/a b@c.ma fichier.pdf Demande"
    assert foreign_words(text, allowed) == ["El", "Demande"]
    assert foreign_words(f"{timezone.localdate():%d/%m/%Y} Ctrl Cmd Mac PDF QR", allowed) == []
