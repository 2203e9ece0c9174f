"""Sign-in forms: the username field keeps its name, and the second-factor step has our limit and audit."""

from allauth.account import forms as allauth_account_forms
from allauth.core import context
from allauth.mfa.base import forms as allauth_forms
from django import forms

from guichet.common.net import client_address

from . import services_auth, throttle


class LoginForm(allauth_account_forms.LoginForm):
    """allauth's form, posted as `username` (allauth says `login`): the field keeps the name it always had."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # allauth links "forgot your password?" to a self-service reset that staff do not have: the page says
        # instead that an administrator sends the link.
        self.fields["password"].help_text = ""

    def add_prefix(self, field_name: str) -> str:
        return super().add_prefix("username" if field_name == "login" else field_name)


class _Limited(allauth_forms.BaseAuthenticateForm):
    """A code is checked only while the account's limit allows; a wrong one counts and is audited.

    It derives from allauth's base form (which sets `self.user` and defines `clean_code`) and comes first in each
    form below, so its `clean_code` wraps allauth's.
    """

    def clean_code(self) -> str:
        wait = throttle.second_factor_wait(user_id=self.user.pk)
        if wait:
            raise forms.ValidationError(throttle.wait_message(wait), code="throttled")
        try:
            return super().clean_code()
        except forms.ValidationError:
            throttle.second_factor_failed(user_id=self.user.pk)
            services_auth.second_factor_failure_record(user=self.user, ip_address=client_address(context.request))
            raise


class SecondFactorForm(_Limited, allauth_forms.AuthenticateForm):
    pass


class SecondFactorReauthenticateForm(_Limited, allauth_forms.ReauthenticateForm):
    pass
