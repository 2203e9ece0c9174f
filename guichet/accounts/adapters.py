"""allauth adapted to Guichet: no public sign-up, our login limits and audit, passwords through our service."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib.auth import authenticate

from guichet.common.net import client_address

from . import services_auth, throttle


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False  # administrators create staff accounts

    def pre_authenticate(self, request, **credentials) -> None:
        wait = throttle.login_wait(username=credentials.get("username", ""), address=client_address(request))
        if wait:
            raise forms.ValidationError(throttle.wait_message(wait), code="throttled")

    def authenticate(self, request, **credentials):
        """Check the limits, then the password; count a failure, forget this address's failures on success.

        Django's authenticate() and login() send the signals with which the audit app records every password
        failure and every completed login (guichet/audit/signals.py)."""
        self.pre_authenticate(request, **credentials)
        username = credentials.get("username", "")
        address = client_address(request)
        user = authenticate(request, **credentials)
        if user is None:
            throttle.login_failed(username=username, address=address)
        else:
            throttle.login_succeeded(username=username, address=address)
        return user

    def set_password(self, user, password: str) -> None:
        services_auth.password_set(user=user, password=password, ip_address=client_address(context.request))


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Staff who must use a second factor may not remove their last one (recovery codes do not count)."""
        if not authenticator.user.needs_second_factor():
            return True
        others = (
            Authenticator.objects.filter(user_id=authenticator.user_id)
            .exclude(pk=authenticator.pk)
            .exclude(type=Authenticator.Type.RECOVERY_CODES)
        )
        return others.exists()
