"""/api/docs/ in a real browser: Swagger UI loads from our own static files under the project's
Content-Security-Policy, shows every operation of the API, and nothing is requested from anywhere but Guichet."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_docs_load_locally_under_the_content_security_policy(live_server, page):
    requested: list[str] = []
    refused: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: refused.append(message.text) if message.type == "error" else None)
    response = page.goto(f"{live_server.url}/api/docs/")
    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_text("/api/v1/persons/{social_id}/update/").first.wait_for()
    for path in ("/api/v1/requests/{reference}/transition/", "/api/v1/services/", "/api/v1/centres/{code}/queue/"):
        assert page.get_by_text(path, exact=True).count() >= 1
    assert page.get_by_role("button", name="Authorize").count() == 1
    server = urlsplit(live_server.url).netloc
    assert requested and all(urlsplit(url).netloc == server for url in requested if not url.startswith("data:"))
    assert not [text for text in refused if "Content Security Policy" in text or "Refused" in text], refused
