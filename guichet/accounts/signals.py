"""Keeps the session's sign-in state (sessionstate) in step with logins and second factors added or removed."""

import time

from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import sessionstate


@receiver(user_logged_in)
def _stamp_session(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    sessionstate.start(request.session, now=time.time())
    sessionstate.refresh_second_factor(request.session, user)


@receiver(mfa_signals.authenticator_added)
@receiver(mfa_signals.authenticator_removed)
def _second_factor_changed(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        sessionstate.refresh_second_factor(request.session, user)
