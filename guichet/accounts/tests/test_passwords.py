"""Passwords: 12 characters at least, common ones refused, no composition rule; new accounts choose their own
at first login (demo accounts excepted); an administrator's reset sends a one-time, expiring link."""

import datetime
import re

import pytest
from allauth.account.forms import default_token_generator
from django.core import mail
from django.urls import reverse

from guichet.accounts.models import Role, User
from guichet.audit.models import AuditEntry

from .factories import UserFactory
from .signin import PASSWORD, sign_in


def _change(client, new, old=PASSWORD):
    return client.post(reverse("account_change_password"), {"oldpassword": old, "password1": new, "password2": new})


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("eleven-char", "au minimum 12 caractères"),
        ("password1234", "trop courant"),
        ("qazwsxedcrfv", "trop courant"),
    ],
)
def test_short_and_common_passwords_are_refused(client, personas, password, message):
    sign_in(client, personas["agent"])
    response = _change(client, password)
    assert response.status_code == 200 and message in response.content.decode()
    assert User.objects.get(username="t_agent").check_password(PASSWORD)


def test_twelve_characters_without_any_composition_rule_are_accepted(client, personas):
    sign_in(client, personas["agent"])
    response = _change(client, "river under the old bridge")
    assert response.status_code == 302
    assert User.objects.get(username="t_agent").check_password("river under the old bridge")
    assert _change(client, "abcdefghijkz", old="river under the old bridge").status_code == 302


def test_the_current_password_is_asked_before_a_change(client, personas):
    sign_in(client, personas["agent"])
    response = _change(client, "a brand new sentence", old="not-my-password")
    assert response.status_code == 200
    assert User.objects.get(username="t_agent").check_password(PASSWORD)


def test_a_new_account_chooses_its_own_password_at_first_login(client, personas):
    client.force_login(personas["admin"])
    response = client.post(
        reverse("accounts:staff_create"),
        {
            "username": "nadia",
            "password": "given by the admin",
            "first_name": "Nadia",
            "last_name": "B",
            "role": Role.AGENT,
            "window": personas["agent"].window_id,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    nadia = User.objects.get(username="nadia")
    assert nadia.must_change_password
    client.logout()
    assert sign_in(client, nadia, "given by the admin").status_code == 302
    for url in (reverse("registry:search"), reverse("home"), reverse("usersessions_list")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("account_change_password"), url
    assert "Choisissez votre propre mot de passe" in client.get(reverse("account_change_password")).content.decode()
    assert _change(client, "my very own sentence", old="given by the admin").status_code == 302
    nadia.refresh_from_db()
    assert not nadia.must_change_password
    assert client.get(reverse("registry:search")).status_code == 200


def _reset_link(client, admin, account, capture) -> str:
    client.force_login(admin)
    with capture(execute=True):  # the e-mail leaves once the reset is committed
        response = client.post(reverse("accounts:staff_edit", args=[account.username]), {"action": "reset_password"})
    assert response.status_code == 302
    client.logout()
    body = mail.outbox[-1].body
    assert mail.outbox[-1].to == [account.email]
    link = re.search(r"https?://\S+", str(body))
    assert link is not None
    return link.group(0)


def test_an_administrator_sends_a_one_time_link_never_a_password(
    client, personas, settings, django_capture_on_commit_callbacks
):
    settings.GUICHET_PUBLIC_URL = "https://guichet.example.ma"
    agent = UserFactory(username="reset_me", role=Role.AGENT, window=personas["agent"].window, email="r@example.org")
    link = _reset_link(client, personas["admin"], agent, django_capture_on_commit_callbacks)
    assert link.startswith("https://guichet.example.ma/accounts/password/reset/key/")  # never the request's Host
    agent.refresh_from_db()
    assert agent.check_password(PASSWORD)  # nothing changed until the owner chooses
    assert PASSWORD not in mail.outbox[-1].body
    assert AuditEntry.objects.filter(actor=personas["admin"], object_id=str(agent.pk), action="update").exists()

    form = client.get(link, follow=True)
    assert form.status_code == 200 and "password1" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"password1": "chosen by myself", "password2": "chosen by myself"})
    assert done.status_code == 302
    agent.refresh_from_db()
    assert agent.check_password("chosen by myself") and not agent.must_change_password

    again = client.get(link, follow=True)
    assert "password1" not in again.content.decode()
    assert "a déjà servi" in again.content.decode()


def test_a_reset_link_expires(client, personas, monkeypatch, django_capture_on_commit_callbacks):
    agent = UserFactory(username="late", role=Role.AGENT, window=personas["agent"].window, email="l@example.org")
    link = _reset_link(client, personas["admin"], agent, django_capture_on_commit_callbacks)
    later = datetime.datetime.now() + datetime.timedelta(hours=25)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    response = client.get(link, follow=True)
    assert "password1" not in response.content.decode() and "a expiré" in response.content.decode()


def test_a_reset_needs_an_address_and_an_administrator(client, personas):
    client.force_login(personas["admin"])
    url = reverse("accounts:staff_edit", args=["t_agent"])
    response = client.post(url, {"action": "reset_password"}, follow=True)
    assert "adresse e-mail : ajoutez-en une" in response.content.decode() and not mail.outbox
    assert response.status_code == 400 and 'id="error-summary"' in response.content.decode()
    client.force_login(personas["supervisor_national"])
    assert client.post(url, {"action": "reset_password"}).status_code == 403


def test_a_password_change_ends_the_other_sessions(client, personas):
    from django.test import Client

    other = Client()
    sign_in(other, personas["agent"], HTTP_USER_AGENT="Phone")
    assert other.get(reverse("registry:search")).status_code == 200
    sign_in(client, personas["agent"], HTTP_USER_AGENT="Desktop")
    assert _change(client, "a fresh long sentence").status_code == 302
    assert client.get(reverse("registry:search")).status_code == 200  # this one goes on
    assert other.get(reverse("registry:search")).status_code == 302  # the other one is over


def test_no_public_sign_up_e_mail_change_or_self_service_reset(client, personas):
    for path in ("/accounts/signup/", "/accounts/email/", "/accounts/password/reset/"):
        response = client.post(path, {"email": "t_agent@example.org", "username": "intruder"})
        assert response.status_code == 302 and response["Location"] == reverse("accounts:login"), path
    assert not mail.outbox and not User.objects.filter(username="intruder").exists()
