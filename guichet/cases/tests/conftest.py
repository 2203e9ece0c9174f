"""Cases test set-up: a small catalogue offered by the personas' centres, files kept in a temporary folder."""

import datetime

import pytest

from guichet.cases import services
from guichet.network.models import Centre, Service, ServiceDocument
from guichet.network.tests.factories import ServiceFactory

# A Monday, so that working days are easy to count by hand.
MONDAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _cases_settings(settings, tmp_path):
    settings.GUICHET_ATTACHMENTS_DIR = tmp_path / "attachments"
    settings.GUICHET_PUBLIC_URL = "https://guichet.example.ma"
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def catalogue(personas):
    """A disability card (offered by the Casablanca and Rabat disability centres) and a project support
    (offered by the Casablanca incubator)."""
    card = ServiceFactory(
        code="disability-card",
        name_fr="Carte de personne en situation de handicap",
        name_ar="بطاقة الشخص في وضعية إعاقة",
        name_en="Disability card",
        due_working_days=10,
    )
    ServiceDocument.objects.create(
        service=card, name_fr="Certificat médical", name_ar="شهادة طبية", name_en="Medical certificate", position=1
    )
    ServiceDocument.objects.create(
        service=card,
        name_fr="Copie de la CNIE",
        name_ar="نسخة من البطاقة الوطنية",
        name_en="Copy of the CNIE",
        position=2,
    )
    project = ServiceFactory(
        code="income-project",
        name_fr="Appui à un projet générateur de revenus",
        name_ar="دعم مشروع مدر للدخل",
        name_en="Income-generating project support",
        category=Service.Category.ECONOMIC,
        centre_kinds=[Centre.Kind.INCUBATOR],
        due_working_days=15,
        eligibility_rule={"combine": "all", "conditions": [{"field": "sex", "op": "eq", "value": "F"}]},
    )
    personas["centre"].centre.services.add(card)
    personas["centre_rabat"].centre.services.add(card)
    personas["incubator"].centre.services.add(project)
    return {"card": card, "project": project}


@pytest.fixture
def filed(personas, people, catalogue):
    """A disability card request filed at the Casablanca window for the Casablanca person, on a Monday."""
    return services.request_file(
        actor=personas["agent"],
        person=people["casa"],
        service=catalogue["card"],
        language="fr",
        documents=list(catalogue["card"].documents.all()),
        today=MONDAY,
    )


def fresh(request):
    return type(request).objects.get(pk=request.pk)
