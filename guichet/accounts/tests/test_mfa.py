"""Second factor: enrolment with an authenticator app, login with its code, recovery codes (hashed, one use
each), required for administrators, stewards, supervisors and disability-centre staff, optional for others."""

import time

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.urls import reverse

from guichet.accounts.models import Role
from guichet.audit.models import AuditEntry
from guichet.network.models import Centre
from guichet.network.tests.factories import CentreFactory

from .factories import UserFactory, totp_code
from .signin import PASSWORD, post_password, sign_in


def _enrol(client) -> list[str]:
    """Activate an authenticator app from the enrolment page (the password is asked again first); returns the
    recovery codes, shown once."""
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("account_reauthenticate"))
    client.post(page["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in page.content.decode()  # typed by hand when the QR code cannot be scanned
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_view_recovery_codes")
    shown = client.get(reverse("mfa_view_recovery_codes"))
    return shown.context["unused_codes"]


def test_an_agent_enrols_then_logs_in_with_a_code(client, personas):
    agent = personas["agent"]
    assert not agent.needs_second_factor()
    assert sign_in(client, agent)["Location"] == reverse("home")  # optional: no code asked before enrolment
    codes = _enrol(client)
    assert len(codes) == 10
    client.post(reverse("accounts:logout"))

    response = post_password(client, "t_agent")
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("registry:search")).status_code == 302  # not signed in before the code
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and 'role="alert"' in wrong.content.decode()
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(agent)})
    assert response.status_code == 302
    assert client.get(reverse("registry:search")).status_code == 200


def test_a_totp_code_works_once(client, personas):
    admin = personas["admin"]
    assert sign_in(client, admin)["Location"] == reverse("home")
    client.post(reverse("accounts:logout"))
    post_password(client, "t_admin")
    replay = client.post(reverse("mfa_authenticate"), {"code": totp_code(admin)})
    assert replay.status_code == 200  # the same code again is refused


def test_recovery_codes_are_stored_hashed_and_work_once(client, personas):
    agent = personas["agent"]
    sign_in(client, agent)
    codes = _enrol(client)
    stored = Authenticator.objects.get(user=agent, type=Authenticator.Type.RECOVERY_CODES)
    dumped = str(stored.data)
    assert not any(code in dumped for code in codes)  # seen once: only hashes remain
    assert "seed" not in stored.data
    # Shown once only: the page now masks them.
    again = client.get(reverse("mfa_view_recovery_codes"))
    assert not any(code in again.content.decode() for code in codes)
    client.post(reverse("accounts:logout"))

    post_password(client, "t_agent")
    assert client.post(reverse("mfa_authenticate"), {"code": codes[3]})["Location"] != reverse("mfa_authenticate")
    assert client.get(reverse("registry:search")).status_code == 200
    client.post(reverse("accounts:logout"))
    post_password(client, "t_agent")
    used_again = client.post(reverse("mfa_authenticate"), {"code": codes[3]})
    assert used_again.status_code == 200
    assert client.get(reverse("registry:search")).status_code == 302
    assert client.post(reverse("mfa_authenticate"), {"code": codes[4]}).status_code == 302
    stored.refresh_from_db()
    assert len(stored.data["hashes"]) == 8


@pytest.mark.parametrize("persona", ["admin", "steward", "supervisor_region", "centre"])
def test_the_four_roles_are_sent_to_enrolment_before_anything_else(client, personas, persona):
    user = personas[persona]
    Authenticator.objects.filter(user=user).delete()
    assert user.needs_second_factor()
    client.force_login(user)
    for url in (reverse("registry:search"), reverse("home"), reverse("audit:list"), reverse("usersessions_list")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp"), url
    _enrol(client)
    assert client.get(reverse("registry:search")).status_code == 200


def test_a_supervisor_without_a_factor_logs_in_with_the_password_then_enrols(client, personas):
    supervisor = UserFactory(username="new_sup", role=Role.SUPERVISOR, national=True, second_factor=False)
    response = post_password(client, supervisor.username)
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    _enrol(client)
    assert Authenticator.objects.filter(user=supervisor, type=Authenticator.Type.TOTP).exists()


def test_staff_of_other_centres_and_other_roles_may_skip_the_second_factor(client, personas):
    for persona in ("agent", "incubator", "coordinator", "facilitator", "programme_officer", "association_manager"):
        user = personas[persona]
        assert not user.needs_second_factor(), persona
        assert not Authenticator.objects.filter(user=user).exists()
        client.force_login(user)
        assert client.get(reverse("home")).status_code == 302
        assert client.get(reverse("home"))["Location"] != reverse("mfa_activate_totp"), persona


def test_a_disability_centre_requires_it_an_incubator_does_not(territory):
    disability = CentreFactory(kind=Centre.Kind.DISABILITY, commune=territory["anfa"])
    incubator = CentreFactory(kind=Centre.Kind.INCUBATOR, commune=territory["anfa"])
    assert UserFactory(role=Role.CENTRE_STAFF, centre=disability).needs_second_factor()
    assert not UserFactory(role=Role.CENTRE_STAFF, centre=incubator).needs_second_factor()


def _reauthenticate(client):
    """Enter the password again, as the pages ask before a second factor is changed."""
    response = client.get(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.post(response["Location"], {"password": PASSWORD}).status_code == 302


def test_a_required_second_factor_cannot_be_removed(client, personas):
    admin = personas["admin"]
    sign_in(client, admin)
    _reauthenticate(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists()


def test_an_optional_second_factor_can_be_removed_after_reauthentication(client, personas):
    agent = personas["agent"]
    sign_in(client, agent)
    _enrol(client)
    client.post(reverse("accounts:logout"))
    sign_in(client, agent, step=1)
    session = client.session
    # Long after the login, removing a factor asks for the password again.
    for record in session[AUTHENTICATION_METHODS_SESSION_KEY]:
        record["at"] -= 3600
    session.save()
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    assert Authenticator.objects.filter(user=agent, type=Authenticator.Type.TOTP).exists()
    wrong = client.post(response["Location"], {"password": "not my password"})
    assert wrong.status_code == 200
    assert Authenticator.objects.filter(user=agent, type=Authenticator.Type.TOTP).exists()
    # The right password lets the removal asked for go through.
    client.post(response["Location"], {"password": PASSWORD})
    assert not Authenticator.objects.filter(user=agent, type=Authenticator.Type.TOTP).exists()


def test_a_wrong_code_is_recorded_in_the_audit_log(client, personas):
    post_password(client, "t_admin")
    client.post(reverse("mfa_authenticate"), {"code": "123456"})
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED, object_id=str(personas["admin"].pk))
    assert entry.exists()
