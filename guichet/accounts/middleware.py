"""Sign-in rules applied on every request: session time limits, the second factor some roles must enrol, and
the password a new account must choose before anything else."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import sessionstate

# Pages that stay open while a second factor or a new password is still owed: the way out and the way through.
_SIGN_IN_PAGES = {"account_logout", "logout", "account_reauthenticate", "mfa_reauthenticate", "set_language"}
_SECOND_FACTOR_PAGES = {
    "mfa_activate_totp",
    "mfa_add_webauthn",
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
}
_PASSWORD_PAGES = {"account_change_password", "account_set_password"}


def _url_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.url_name if match else ""


class SessionLimitsMiddleware:
    """A session ends after GUICHET_SESSION_IDLE_MINUTES without a request and GUICHET_SESSION_MAX_HOURS after
    the login, whatever the cookie says. The last-seen time is written at most once a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if sessionstate.is_signed_in(request.session):
            now = time.time()
            signed_in_at, seen_at = sessionstate.times(request.session)
            if signed_in_at is None:
                sessionstate.start(request.session, now=now)
            elif (
                now - seen_at > settings.GUICHET_SESSION_IDLE_MINUTES * 60
                or now - signed_in_at > settings.GUICHET_SESSION_MAX_HOURS * 3600
            ):
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect_to_login(request.get_full_path())
            elif now - seen_at > 60:
                sessionstate.seen(request.session, now=now)
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Administrators, data stewards, supervisors and disability-centre staff enrol a second factor first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or _url_name(request) in _SIGN_IN_PAGES | _SECOND_FACTOR_PAGES:
            return None
        if user.needs_second_factor() and not sessionstate.has_second_factor(request.session, user):
            messages.warning(request, _("Your role requires a second factor: set up an authenticator app first."))
            return redirect("mfa_activate_totp")
        return None


class PasswordChangeRequiredMiddleware:
    """A new account, or one whose password an administrator set, chooses its own password before working."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not user.must_change_password:
            return None
        if _url_name(request) in _SIGN_IN_PAGES | _SECOND_FACTOR_PAGES | _PASSWORD_PAGES:
            return None
        messages.warning(request, _("Choose your own password before you continue."))
        return redirect("account_change_password")
