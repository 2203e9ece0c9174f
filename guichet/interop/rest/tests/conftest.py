"""REST API test set-up: the personas' disability centres offer a card (one required document), a request filed
for the person of Casablanca and one for the person of Rabat, and clients of each scope calling with their token."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from guichet.accounts.models import ApiPermission
from guichet.cases import services as cases_services
from guichet.network.models import ServiceDocument
from guichet.network.tests.factories import ServiceFactory

EVERY_PERMISSION = tuple(ApiPermission.values)


@pytest.fixture(autouse=True)
def _api_settings(settings, tmp_path):
    settings.GUICHET_ATTACHMENTS_DIR = tmp_path / "attachments"
    settings.LANGUAGE_CODE = "en"
    cache.clear()  # the rate limiter's counters


@pytest.fixture
def card(personas):
    card = ServiceFactory(code="disability-card", name_fr="Carte handicap", name_en="Disability card")
    ServiceDocument.objects.create(service=card, name_fr="Certificat", name_ar="شهادة", name_en="Certificate")
    personas["centre"].centre.services.add(card)
    personas["centre_rabat"].centre.services.add(card)
    return card


@pytest.fixture
def filed(personas, people, card):
    """A request handled by the Casablanca centre, and one by the Rabat centre."""
    document = list(card.documents.all())
    return {
        "casa": cases_services.request_file(
            actor=personas["agent"], person=people["casa"], service=card, language="fr", documents=document
        ),
        "rabat": cases_services.request_file(
            actor=personas["agent_rabat"], person=people["rabat"], service=card, language="ar", documents=document
        ),
    }


@pytest.fixture
def scopes(territory):
    """The territories a client may be registered for."""
    return {
        "national": {"national": True},
        "region_casa": {"region": territory["casa_settat"]},
        "casablanca": {"province": territory["casablanca"]},
        "settat": {"province": territory["settat"]},
        "rabat": {"province": territory["rabat"]},
    }


@pytest.fixture
def call(api_clients):
    """`call(*permissions, **scope)` → an APIClient sending that new client's token (national by default)."""

    def make(*permissions: str, **scope) -> APIClient:
        client, token = api_clients(*(permissions or EVERY_PERMISSION), **scope)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        api.api_client = client
        return api

    return make
