"""The DCI Social Registry API (/dci/): search, transaction status, subscriptions, signed envelopes."""

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class DciConfig(AppConfig):
    name = "guichet.interop.dci"
    label = "dci"
    verbose_name = "DCI Social Registry API"

    def ready(self) -> None:
        checks.register(signing_key_check, checks.Tags.security, deploy=True)


def signing_key_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """In production, Guichet must not sign DCI messages with the demo key published in its source."""
    if settings.GUICHET_DCI_SIGNING_KEY == settings.DCI_DEMO_SIGNING_KEY:
        return [
            checks.Warning(
                "GUICHET_DCI_SIGNING_KEY is the development key published in Guichet's source.",
                hint="Set GUICHET_DCI_SIGNING_KEY (base64 of 32 random bytes) and GUICHET_DCI_SIGNING_KEY_ID: README.",
                id="dci.W001",
            )
        ]
    return []
