"""Sessions: they end after 30 idle minutes and 12 hours in all (both settings), a staff member lists and ends
their own, and an administrator ends someone's (audited)."""

import time

from django.test import Client
from django.urls import reverse

from guichet.accounts import sessionstate
from guichet.audit.models import AuditEntry

from .signin import sign_in


def _age(client, *, idle_minutes: float = 0, since_login_hours: float = 0) -> None:
    session = client.session
    now = time.time()
    session[sessionstate.SEEN_AT] = now - idle_minutes * 60
    session[sessionstate.SIGNED_IN_AT] = now - since_login_hours * 3600
    session.save()


def test_a_session_ends_after_thirty_idle_minutes(client, personas):
    sign_in(client, personas["agent"])
    _age(client, idle_minutes=29, since_login_hours=1)
    assert client.get(reverse("registry:search")).status_code == 200
    _age(client, idle_minutes=31, since_login_hours=1)
    response = client.get(reverse("registry:search"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "Votre session a pris fin" in page.content.decode()


def test_the_idle_time_is_a_setting(client, personas, settings):
    settings.GUICHET_SESSION_IDLE_MINUTES = 5
    sign_in(client, personas["agent"])
    _age(client, idle_minutes=6, since_login_hours=0.2)
    assert client.get(reverse("registry:search")).status_code == 302


def test_a_session_ends_after_twelve_hours_even_when_in_use(client, personas, settings):
    sign_in(client, personas["agent"])
    _age(client, idle_minutes=1, since_login_hours=11.9)
    assert client.get(reverse("registry:search")).status_code == 200
    _age(client, idle_minutes=1, since_login_hours=12.1)
    assert client.get(reverse("registry:search")).status_code == 302
    settings.GUICHET_SESSION_MAX_HOURS = 24
    sign_in(client, personas["agent"])
    _age(client, idle_minutes=1, since_login_hours=13)
    assert client.get(reverse("registry:search")).status_code == 200


def test_a_staff_member_sees_their_sessions_and_ends_the_others(client, personas):
    phone = Client()
    sign_in(phone, personas["agent"], HTTP_USER_AGENT="Phone browser")
    sign_in(client, personas["agent"], HTTP_USER_AGENT="Counter browser", step=1)
    page = client.get(reverse("usersessions_list")).content.decode()
    assert "Phone browser" in page and "Counter browser" in page
    assert page.count('class="tag ok"') == 1  # the current one is marked
    response = client.post(reverse("usersessions_list"))
    assert response.status_code == 302
    assert phone.get(reverse("registry:search")).status_code == 302
    assert client.get(reverse("registry:search")).status_code == 200
    assert "Phone browser" not in client.get(reverse("usersessions_list")).content.decode()


def test_an_administrator_ends_a_staff_members_sessions(client, personas):
    agent_browser = Client()
    sign_in(agent_browser, personas["agent"])
    client.force_login(personas["admin"])
    url = reverse("accounts:staff_edit", args=["t_agent"])
    asked = client.post(url, {"action": "end_sessions"})
    assert 'name="confirm" value="1"' in asked.content.decode()
    assert agent_browser.get(reverse("registry:search")).status_code == 200
    response = client.post(url, {"action": "end_sessions", "confirm": "1"}, follow=True)
    assert "t_agent est déconnecté partout : 1 session fermée." in response.content.decode()
    assert agent_browser.get(reverse("registry:search")).status_code == 302
    assert AuditEntry.objects.filter(actor=personas["admin"], object_id=str(personas["agent"].pk)).exists()


def test_only_an_administrator_ends_someone_elses_sessions(client, personas):
    agent_browser = Client()
    sign_in(agent_browser, personas["agent"])
    client.force_login(personas["supervisor_national"])
    url = reverse("accounts:staff_edit", args=["t_agent"])
    assert client.post(url, {"action": "end_sessions", "confirm": "1"}).status_code == 403
    assert agent_browser.get(reverse("registry:search")).status_code == 200


def test_session_and_csrf_cookies_are_httponly_and_samesite(client, personas):
    response = sign_in(client, personas["agent"])
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
