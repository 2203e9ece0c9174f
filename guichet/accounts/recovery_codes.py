"""Recovery codes stored hashed (ASVS 5.0 V6.5.2): allauth keeps a seed the codes derive from; we keep hashes.

allauth's own RecoveryCodes stores a seed from which every code can be computed again, which is the same as
storing the codes in clear. This subclass stores each code's salted hash (Django's password hasher) and, until
the owner has seen them once, the codes themselves; seeing them (MFA_RECOVERY_CODES_SHOW_ONCE) drops the clear
copy. A used code's hash is removed, so each code works once. `install()` puts it in place of allauth's class.
"""

from __future__ import annotations

import secrets
import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal import auth as allauth_codes
from allauth.mfa.recovery_codes.internal import flows as allauth_flows
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

MASK = "********"


def _new_code() -> str:
    return str(secrets.randbelow(10**app_settings.RECOVERY_CODE_DIGITS)).zfill(app_settings.RECOVERY_CODE_DIGITS)


class HashedRecoveryCodes(allauth_codes.RecoveryCodes):
    instance: Authenticator  # set by allauth's __init__; named here so its type is known

    @classmethod
    def activate(cls, user) -> HashedRecoveryCodes:
        instance = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.RECOVERY_CODES).first()
        if instance:
            return cls(instance)
        codes = [_new_code() for _ in range(app_settings.RECOVERY_CODE_COUNT)]
        instance = Authenticator(
            user=user,
            type=Authenticator.Type.RECOVERY_CODES,
            data={"hashes": [make_password(code) for code in codes], "unseen": codes},
        )
        instance.save()
        return cls(instance)

    def generate_codes(self) -> list[str]:
        return self.get_unused_codes()

    def get_unused_codes(self) -> list[str]:
        """The codes in clear until they were shown once; after that, one mask per unused code."""
        unseen = getattr(self, "_shown_now", None) or self.instance.data.get("unseen")
        if unseen is not None:
            return list(unseen)
        return [MASK for _ in self.instance.data.get("hashes", [])]

    @transaction.atomic
    def validate_code(self, code: str) -> bool:
        code = (code or "").strip().replace(" ", "").replace("-", "")
        if len(code) != app_settings.RECOVERY_CODE_DIGITS or not code.isdigit():
            return False  # a mistyped one-time password never costs ten hash checks
        if self.instance.pk is not None:
            self.instance = Authenticator.objects.select_for_update().get(pk=self.instance.pk)
        hashes = self.instance.data.get("hashes", [])
        for index, hashed in enumerate(hashes):
            if check_password(code, hashed):
                self.instance.data["hashes"] = hashes[:index] + hashes[index + 1 :]
                unseen = self.instance.data.get("unseen")
                if unseen is not None and code in unseen:
                    unseen.remove(code)
                self.instance.save(update_fields=["data"])
                return True
        return False

    def mark_as_viewed(self) -> None:
        if self.did_view:
            return
        self.instance.data["viewed_at"] = time.time()
        # Kept on this object for the page being drawn, gone from the database.
        self._shown_now = self.instance.data.pop("unseen", None)
        self.instance.save(update_fields=["data"])


def install() -> None:
    """allauth builds its recovery codes from these two names: point both at the hashed kind."""
    allauth_codes.RecoveryCodes = HashedRecoveryCodes
    allauth_flows.RecoveryCodes = HashedRecoveryCodes
