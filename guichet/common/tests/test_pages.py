"""The stable addresses: health check, staff login, language switch."""

from unittest import mock

from django.db.utils import OperationalError
from django.urls import reverse


def test_healthz_says_the_database_is_reachable(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_down(client, db):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_login_page_and_login(client, personas):
    assert client.get("/accounts/login/").status_code == 200
    response = client.post("/accounts/login/", {"username": "t_agent", "password": "secret-password"})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_wrong_password_is_told_without_saying_which(client, personas):
    response = client.post("/accounts/login/", {"username": "t_agent", "password": "nope"})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()


def test_language_switch_is_remembered_and_mirrors_the_layout(client, personas):
    client.force_login(personas["agent"])
    assert 'lang="fr" dir="ltr"' in client.get("/persons/").content.decode()
    client.post("/i18n/setlang/", {"language": "ar", "next": "/persons/"})
    html = client.get("/persons/").content.decode()
    assert 'lang="ar" dir="rtl"' in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/persons/"})
    assert 'lang="en" dir="ltr"' in client.get("/persons/").content.decode()


def test_every_page_offers_the_three_languages(client, db):
    html = client.get("/accounts/login/").content.decode()
    for code in ("fr", "ar", "en"):
        assert f'value="{code}"' in html


def test_each_role_lands_on_its_own_work(client, personas):
    from guichet.accounts.tests.factories import UserFactory

    manager = UserFactory(username="t_manager", role="association_manager")
    facilitator = UserFactory(username="t_facilitator", role="facilitator")
    for user, where in [
        (personas["agent"], reverse("desk:window")),
        (personas["centre"], reverse("cases:queue")),
        (facilitator, reverse("training:home")),
        (manager, reverse("associations:list")),
    ]:
        client.force_login(user)
        assert client.get("/")["Location"] == where
