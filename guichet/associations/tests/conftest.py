"""Association fixtures: programme officers inside and outside Casablanca-Settat, two approved associations."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory
from guichet.associations.models import Association, SchoolingApplication
from guichet.associations.tests.factories import AssociationFactory, SchoolingApplicationFactory, SupportedChildFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="statuts.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _association_files(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    cache.clear()


@pytest.fixture
def officers(personas, territory):
    return {
        "officer": UserFactory(username="t_officer", role=Role.PROGRAMME_OFFICER, region=territory["casa_settat"]),
        "officer_settat": UserFactory(
            username="t_officer_settat", role=Role.PROGRAMME_OFFICER, province=territory["settat"]
        ),
        "officer_rabat": UserFactory(
            username="t_officer_rabat", role=Role.PROGRAMME_OFFICER, region=territory["rabat_region"]
        ),
        "officer_national": UserFactory(username="t_officer_nat", role=Role.PROGRAMME_OFFICER, national=True),
    }


@pytest.fixture
def associations(territory):
    """An approved association in Casablanca, one in Rabat, each with its manager; one pending in Casablanca."""
    casa_manager = UserFactory(username="t_manager", role=Role.ASSOCIATION_MANAGER)
    rabat_manager = UserFactory(username="t_manager_rabat", role=Role.ASSOCIATION_MANAGER)
    return {
        "casa": AssociationFactory(
            province=territory["casablanca"], manager=casa_manager, registration_number="CASA-1"
        ),
        "rabat": AssociationFactory(province=territory["rabat"], manager=rabat_manager, registration_number="RAB-1"),
        "pending": AssociationFactory(
            province=territory["casablanca"], status=Association.Status.PENDING, registration_number="CASA-2"
        ),
        "casa_manager": casa_manager,
        "rabat_manager": rabat_manager,
    }


@pytest.fixture
def submitted(associations, people):
    """A submitted 2026-2027 application of the Casablanca association listing two children (Anfa, Settat)."""
    application = SchoolingApplicationFactory(
        association=associations["casa"], school_year="2026-2027", status=SchoolingApplication.Status.SUBMITTED
    )
    disability = {"kind": "motor", "degree": "moderate", "card_number": "H-778899"}
    first = SupportedChildFactory(
        application=application,
        person=people["casa"],
        school="École Anfa, CE2",
        support_kind="inclusion",
        amount_requested=Decimal("5000"),
        disability=disability,
    )
    second = SupportedChildFactory(
        application=application,
        person=people["settat"],
        school="Classe intégrée Settat",
        support_kind="transport",
        amount_requested=Decimal("3000"),
        disability=disability,
    )
    return {"application": application, "first": first, "second": second}


@pytest.fixture
def decided(submitted, officers):
    from guichet.associations import services_applications as services

    officer = officers["officer"]
    services.child_decide(actor=officer, child=submitted["first"], expected_version=1, decision="approved")
    services.child_decide(
        actor=officer, child=submitted["second"], expected_version=1, decision="partly", amount_granted=Decimal("2000")
    )
    application = SchoolingApplication.objects.get(pk=submitted["application"].pk)
    application = services.application_decide(
        actor=officer, application=application, expected_version=application.version
    )
    return {**submitted, "application": application}
