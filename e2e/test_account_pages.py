"""Staff sign-in pages, in French and Arabic, by keyboard, with zero axe violations: login, the second-factor step,
re-authentication, authenticator enrolment, recovery codes, password change, sessions, an account's page."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from .conftest import current_code, switch_language

pytestmark = pytest.mark.django_db(transaction=True)


def _password_step(page, live_server, username, password="secret-password"):
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_login_and_second_factor_pages(page, live_server, personas, axe_check, language):
    page.goto(f"{live_server.url}/accounts/login/")
    if language != "fr":
        switch_language(page, language)
    axe_check(page, f"login {language}")
    _password_step(page, live_server, "t_admin", "not the password")
    expect(page.locator(".error-summary")).to_be_visible()
    axe_check(page, f"login refused {language}")

    _password_step(page, live_server, "t_admin")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    axe_check(page, f"code step {language}")
    page.locator("#id_code").fill("000000")
    page.locator("#id_code").press("Enter")
    expect(page.locator(".error-summary")).to_be_visible()
    axe_check(page, f"code step refused {language}")
    page.locator("#id_code").fill(current_code("t_admin"))
    page.locator("#id_code").press("Enter")
    expect(page.locator("header .who")).to_be_visible()

    for path, label in (
        ("/accounts/password/change/", "password change"),
        ("/accounts/sessions/", "sessions"),
        ("/accounts/2fa/", "second factor"),
        ("/accounts/staff/t_agent/", "account page"),
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("html")).to_have_attribute("lang", language)
        axe_check(page, f"{label} {language}")
    page.goto(f"{live_server.url}/accounts/password/change/")
    page.locator("#id_oldpassword").fill("secret-password")
    page.locator("#id_password1").fill("too-short")
    page.locator("#id_password2").fill("too-short")
    page.locator("#id_password2").press("Enter")
    expect(page.locator(".error-summary")).to_be_visible()
    axe_check(page, f"password change refused {language}")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_enrolment_and_recovery_code_pages(page, live_server, personas, axe_check, language):
    page.goto(f"{live_server.url}/accounts/login/")
    if language != "fr":
        switch_language(page, language)
    _password_step(page, live_server, "t_agent")
    page.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    axe_check(page, f"reauthentication {language}")
    page.locator("#id_password").fill("secret-password")
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    axe_check(page, f"enrolment {language}")
    page.locator("#id_code").fill("000000")
    page.locator("#id_code").press("Enter")
    expect(page.locator(".error-summary")).to_be_visible()
    axe_check(page, f"enrolment refused {language}")
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("#id_code").fill(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.locator("#id_code").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    expect(page.locator("ul.codes li")).to_have_count(10)
    axe_check(page, f"recovery codes {language}")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_security_key_as_second_factor(page, live_server, personas, axe_check, settings, language):
    """A passkey (here Chromium's virtual authenticator) is added, then used instead of the app's code."""
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the test server speaks plain HTTP on localhost
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    page.goto(f"{live_server.url}/accounts/login/")
    if language != "fr":
        switch_language(page, language)
    _password_step(page, live_server, "t_agent")
    page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
    page.locator("#id_password").fill("secret-password")
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/webauthn/add/$"))
    axe_check(page, f"add a key {language}")
    page.locator("#id_name").fill("Téléphone")
    page.locator("#mfa_webauthn_add").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$|/accounts/2fa/webauthn/$"))
    page.goto(f"{live_server.url}/accounts/2fa/webauthn/")
    expect(page.locator("main table")).to_contain_text("Téléphone")
    axe_check(page, f"security keys {language}")

    page.locator("header form.logout button").click()
    page.goto(f"{live_server.url}/accounts/login/")
    _password_step(page, live_server, "t_agent")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    axe_check(page, f"code step with a key {language}")
    page.locator("#mfa_webauthn_authenticate").click()
    expect(page.locator("header .who")).to_be_visible()
