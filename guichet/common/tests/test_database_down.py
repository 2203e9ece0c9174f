"""A database that stops answering: every page answers a translated 503 page, made without the database, that
asks to try again; no stack trace, no session written; once the database answers again, pages are served."""

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.urls import reverse

from guichet.accounts.api_clients import TOKEN_START


class DatabaseDown:
    """Every query the application sends fails as it does when PostgreSQL restarts under it."""

    def __init__(self, error: type[Exception] = OperationalError) -> None:
        self.error = error
        self.attempts = 0

    def __call__(self, execute, sql, params, many, context):
        self.attempts += 1
        raise self.error("server closed the connection unexpectedly")


@pytest.fixture
def visitor(client):
    client.raise_request_exception = False  # the page the user would see, not the error behind it
    return client


@pytest.mark.parametrize(
    ("language", "direction", "title"),
    [
        ("fr", "ltr", "Service momentanément indisponible"),
        ("ar", "rtl", "الخدمة غير متاحة مؤقتًا"),
        ("en", "ltr", "Service temporarily unavailable"),
    ],
)
def test_a_citizen_gets_a_translated_page_asking_to_try_again(visitor, db, language, direction, title):
    down = DatabaseDown()
    with connection.execute_wrapper(down):
        response = visitor.get(reverse("open_data:page"), headers={"accept-language": language})

    assert response.status_code == 503
    page = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert f"<title>{title} · Guichet</title>" in page
    assert f"<h1>{title}</h1>" in page
    assert "Traceback" not in page and "OperationalError" not in page and "server closed" not in page
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert down.attempts >= 1  # the page did ask the database, and got the failure


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_signed_in_agent_gets_the_page_and_no_session_is_written(visitor, personas, error):
    visitor.force_login(personas["agent"])
    cookie = visitor.cookies["sessionid"].value

    with connection.execute_wrapper(DatabaseDown(error)):
        searched = visitor.get(reverse("registry:search") + "?q=Fatima", headers={"accept-language": "en"})
        posted = visitor.post(reverse("registry:create"), {"last_name": "Alaoui"}, headers={"accept-language": "en"})

    for response in (searched, posted):
        assert response.status_code == 503
        assert "Guichet cannot reach its database at this moment" in response.content.decode()
        assert "sessionid" not in response.cookies  # the session was not saved (nor ended)
    assert visitor.cookies["sessionid"].value == cookie


def test_pages_are_served_again_as_soon_as_the_database_answers(visitor, personas):
    visitor.force_login(personas["agent"])
    with connection.execute_wrapper(DatabaseDown()):
        assert visitor.get(reverse("registry:search")).status_code == 503

    assert visitor.get(reverse("registry:search")).status_code == 200


def test_an_api_client_gets_problem_details_in_its_language(visitor, db):
    with connection.execute_wrapper(DatabaseDown()):
        response = visitor.get(
            "/api/v1/persons/?q=Fatima",
            headers={"accept-language": "ar", "authorization": f"Bearer {TOKEN_START}{'a' * 40}"},
        )

    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {"type": "about:blank", "title": "الخدمة غير متاحة مؤقتًا", "status": 503}
    assert response["Retry-After"] == "30"
