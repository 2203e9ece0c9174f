"""Login limits: the 11th wrong password of an account from one address is refused with a translated message
saying how long to wait; a stranger cannot keep a colleague out for long; every attempt is audited."""

import time

from django.urls import reverse

from guichet.audit.models import AuditEntry

from .signin import post_password, sign_in

STRANGER = {"REMOTE_ADDR": "203.0.113.7"}
COLLEAGUE = {"REMOTE_ADDR": "198.51.100.20"}


def _fail(client, username, times, **extra):
    for _ in range(times):
        response = post_password(client, username, "wrong-password-guess", **extra)
        assert response.status_code == 200
    return response


def test_the_eleventh_wrong_password_is_refused_with_the_wait(client, personas):
    _fail(client, "t_agent", 10, **STRANGER)
    response = post_password(client, "t_agent", "wrong-password-guess", **STRANGER)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trop de tentatives" in html and "15 minutes" in html
    # Even the right password waits from this address: guessing cannot go on.
    right = post_password(client, "t_agent", **STRANGER)
    assert right.status_code == 200 and "Trop de tentatives" in right.content.decode()
    assert client.get(reverse("registry:search"), **STRANGER).status_code == 302


def test_the_message_is_translated(client, personas):
    _fail(client, "t_agent", 10, **STRANGER)
    client.cookies["django_language"] = "ar"
    html = post_password(client, "t_agent", "x", HTTP_ACCEPT_LANGUAGE="ar", **STRANGER).content.decode()
    assert "محاولات فاشلة كثيرة" in html


def test_a_stranger_does_not_lock_a_colleague_out_from_another_address(client, personas):
    _fail(client, "t_agent", 11, **STRANGER)
    response = sign_in(client, personas["agent"], **COLLEAGUE)
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_the_lock_ends_with_its_window(client, personas, settings):
    settings.GUICHET_LOGIN_WINDOW_SECONDS = 2
    _fail(client, "t_agent", 11, **STRANGER)
    assert "Trop de tentatives" in post_password(client, "t_agent", **STRANGER).content.decode()
    time.sleep(2.2)
    assert post_password(client, "t_agent", **STRANGER)["Location"] == reverse("home")


def test_every_success_and_failure_is_in_the_audit_log(client, personas):
    agent = personas["agent"]
    _fail(client, "t_agent", 3, **STRANGER)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED).count() == 3
    sign_in(client, agent, **COLLEAGUE)
    login = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN, actor=agent)
    assert login.ip_address == COLLEAGUE["REMOTE_ADDR"]
    # A second-factor login is recorded once, when the code is accepted.
    client.post(reverse("accounts:logout"))
    admin = personas["admin"]
    post_password(client, "t_admin", **COLLEAGUE)
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN, actor=admin).exists()
    client.post(reverse("mfa_authenticate"), {"code": "999999"}, **COLLEAGUE)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED, object_id=str(admin.pk)).count() == 1
    client.post(reverse("accounts:logout"))
    sign_in(client, admin, step=1, **COLLEAGUE)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN, actor=admin).count() == 1


def test_guessing_second_factor_codes_is_limited_too(client, personas):
    post_password(client, "t_admin")
    for _ in range(10):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})
    from .factories import totp_code

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(personas["admin"])})
    assert response.status_code == 200 and "Trop de tentatives" in response.content.decode()
