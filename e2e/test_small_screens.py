"""Staff pages on a phone (390 × 844): the page never scrolls sideways — wide tables scroll inside their own box or
become labelled lists, the header stays compact — and axe finds nothing, in French and in Arabic."""

import pytest
from playwright.sync_api import expect

from guichet.cases import services as case_services
from guichet.network.models import Centre, ServiceDocument
from guichet.network.tests.factories import ServiceFactory
from guichet.registry.tests.factories import PersonFactory
from guichet.training.tests.factories import CohortFactory, EnrollmentFactory, ModuleFactory

from .conftest import login, switch_language

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}

# What overflows, to name it in the failure: every element whose right edge passes the viewport's.
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(e => { const r = e.getBoundingClientRect(); return r.width && (r.right > innerWidth + 1 || r.left < -1); })
  .filter(e => !e.closest('.table-scroll, .skip') || e.classList.contains('table-scroll'))
  .slice(0, 8)
  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + e.getBoundingClientRect().width)"""


@pytest.fixture
def filled(personas, people, territory):
    """A request at the Casablanca centre, a woman enrolled in a cohort of a course with lessons, and the audit
    entries all that wrote: every page named below has rows to show."""
    service = ServiceFactory(
        code="fauteuil-roulant",
        name_fr="Fauteuil roulant électrique et ses accessoires d'adaptation",
        name_ar="كرسي متحرك كهربائي ولوازم التكييف",
        name_en="Electric wheelchair and its adaptation accessories",
        centre_kinds=[Centre.Kind.DISABILITY],
        due_working_days=10,
    )
    document = ServiceDocument.objects.create(
        service=service, name_fr="Certificat médical", name_ar="شهادة طبية", name_en="Medical certificate"
    )
    personas["centre"].centre.services.add(service)
    request = case_services.request_file(
        actor=personas["agent"], person=people["casa"], service=service, language="fr", documents=[document]
    )
    woman = PersonFactory(
        given_name_latin="Zineb",
        family_name_latin="Ouazzani-Chahdi",
        given_name_ar="زينب",
        family_name_ar="الوزاني الشاهدي",
        sex="F",
        commune=territory["anfa"],
    )
    cohort = CohortFactory(name="Anfa — printemps 2026", communes=[territory["anfa"]])
    ModuleFactory(course=cohort.course)
    ModuleFactory(course=cohort.course)
    enrollment = EnrollmentFactory(cohort=cohort, person=woman)
    return {"request": request, "person": people["casa"], "cohort": cohort, "enrollment": enrollment}


def staff_pages(filled):
    return {
        "queue": "/requests/queue/",
        "request": f"/requests/{filled['request'].reference}/",
        "person": f"/persons/{filled['person'].social_id}/",
        "search": "/persons/?q=Mohamed",
        "cohort": f"/training/cohorts/{filled['cohort'].pk}/",
        "audit": "/audit/",
        "training home": "/training/",
        "course": f"/training/courses/{filled['cohort'].course_id}/",
        # Not named in the issue, but as wide: the administrator's lists and her own sessions.
        "staff accounts": "/accounts/staff/",
        "message texts": "/messages/templates/",
        "outbox": "/messages/outbox/",
        "sessions": "/accounts/sessions/",
    }


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_staff_pages_do_not_scroll_sideways_on_a_phone(page, live_server, personas, filled, axe_check, language):
    page.set_viewport_size(PHONE)
    login(page, live_server, username="t_admin")
    if language != "fr":
        switch_language(page, language)
    for name, path in staff_pages(filled).items():
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate(WIDE_ELEMENTS)
        assert width <= PHONE["width"], f"{name} ({language}) scrolls sideways: {width}px, {wide}"
        axe_check(page, f"{name} on a phone {language}")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_header_folds_its_menus_under_one_button_on_a_phone(page, live_server, personas, axe_check, language):
    login(page, live_server, username="t_admin")
    if language != "fr":
        switch_language(page, language)
    audit_link = page.locator("header nav a[href='/audit/']")
    logout = page.locator("header form.logout button")
    # On a wide screen the menus stand open in the header, no button to press.
    expect(audit_link).to_be_visible()
    expect(logout).to_be_visible()
    expect(page.locator("header .menu > summary")).to_be_hidden()
    # The Tab key reaches the links standing in the (closed) details element.
    for _ in range(25):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "/audit/":
            break
    expect(audit_link).to_be_focused()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/persons/")
    header_height = page.evaluate("document.querySelector('header').getBoundingClientRect().height")
    assert header_height < 140, f"the header takes {header_height}px of a phone's screen"
    expect(audit_link).to_be_hidden()
    expect(logout).to_be_hidden()
    # The keyboard opens the menu: every link and the logout button are there, one a line.
    page.locator("header .menu > summary").focus()
    page.keyboard.press("Enter")
    expect(audit_link).to_be_visible()
    expect(logout).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe_check(page, f"open menu on a phone {language}")


def test_a_wide_table_scrolls_in_its_own_box_which_the_keyboard_reaches(page, live_server, personas, filled):
    page.set_viewport_size(PHONE)
    login(page, live_server, username="t_admin")
    page.goto(f"{live_server.url}/training/cohorts/{filled['cohort'].pk}/")
    box = page.locator("main .table-scroll")
    assert box.evaluate("box => box.scrollWidth > box.clientWidth"), "the cohort's board should be wider than a phone"
    box.focus()
    page.keyboard.press("ArrowRight" if page.evaluate("document.dir") != "rtl" else "ArrowLeft")
    expect(box).to_be_focused()
    for _ in range(20):  # smooth scrolling takes a few frames
        if box.evaluate("box => box.scrollLeft !== 0"):
            break
        page.wait_for_timeout(50)
    assert box.evaluate("box => box.scrollLeft !== 0"), "the arrow key did not scroll the table's box"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_printing_a_slip_or_a_list_prints_the_content_alone(page, live_server, personas, filled, language):
    login(page, live_server, username="t_admin")
    if language != "fr":
        switch_language(page, language)
    page.goto(f"{live_server.url}/training/enrolments/{filled['enrollment'].pk}/slip/")
    page.emulate_media(media="print")
    expect(page.locator(".slip")).to_be_visible()
    expect(page.locator(".slip img")).to_be_visible()  # the QR code of the learning space
    expect(page.locator("header")).to_be_hidden()
    expect(page.locator("footer")).to_be_hidden()
    expect(page.locator("main .no-print").first).to_be_hidden()  # the staff member's notes around the slip
    page.goto(f"{live_server.url}/requests/queue/")
    expect(page.locator("main table")).to_be_visible()
    expect(page.locator("main form.filters")).to_be_hidden()
    expect(page.locator("header")).to_be_hidden()
    colours = page.evaluate(
        "[getComputedStyle(document.body).color, getComputedStyle(document.querySelector('main a')).color]"
    )
    assert colours == ["rgb(0, 0, 0)", "rgb(0, 0, 0)"]


def test_printing_a_tracked_request_prints_its_status_alone(page, live_server, filled):
    request, birth = filled["request"], filled["person"].birth_date
    page.goto(f"{live_server.url}/track/{request.reference}/")
    page.locator("input[name=day]").fill(str(birth.day))
    page.locator("input[name=month]").fill(str(birth.month))
    page.locator("input[name=year]").fill(str(birth.year))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main .result")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("main .result")).to_be_visible()
    expect(page.locator("header")).to_be_hidden()
    expect(page.locator("footer")).to_be_hidden()
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"


def test_a_table_nobody_boxed_still_does_not_widen_the_page(page, live_server, personas):
    """The stylesheet's safety net for a table added later without its scroll box: its cells break their words."""
    page.set_viewport_size(PHONE)
    login(page, live_server, username="t_admin")
    page.goto(f"{live_server.url}/persons/")
    page.evaluate(
        """() => {
        const table = document.createElement('table');
        table.innerHTML = '<thead><tr>' + '<th>Intitulé long de colonne</th>'.repeat(7) + '</tr></thead>'
          + '<tbody><tr>' + '<td>Fauteuil_roulant_électrique_et_accessoires</td>'.repeat(7) + '</tr></tbody>';
        document.querySelector('main').appendChild(table);
      }"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
