"""The shared cache (a real Redis server of the test's own) stops: the login page refuses every attempt with its
limit message (the login limits fail closed), the tracking page keeps answering with a limit counted in the
process, and no page fails; once Redis is back, staff log in again."""

import datetime
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import caches
from django.urls import reverse

from guichet.accounts.tests.signin import post_password
from guichet.common import ratelimit
from guichet.network.models import Centre
from guichet.notify.tests.factories import make_person, make_request

TRACK = reverse("portal:track")
WRONG_BIRTH_DATE = {"day": "15", "month": "3", "year": "1985"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        server = shutil.which("redis-server")
        assert server, "redis-server is needed by this test (apt-get install redis-server)"
        self.process = subprocess.Popen(
            [server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        for _ in range(200):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.02)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server(settings):
    server = RedisServer()
    server.start()
    # The shared cache becomes Redis as GUICHET_REDIS_URL makes it; the page fragments stay in the process.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
        },
    }
    ratelimit.fallback.clear()
    yield server
    server.stop()
    caches["default"].close()
    ratelimit.fallback.clear()


@pytest.fixture
def visitor(client):
    client.raise_request_exception = False  # what the user gets, as in production
    return client


def test_with_redis_down_every_login_is_refused_with_the_limit_message(visitor, personas, redis_server):
    agent = personas["agent"]
    assert post_password(visitor, agent.username).status_code == 302  # Redis up: the right password signs in
    visitor.logout()

    redis_server.stop()
    wrong = [post_password(visitor, agent.username, "not-the-password", HTTP_ACCEPT_LANGUAGE="en") for _ in range(3)]
    right = post_password(visitor, agent.username, HTTP_ACCEPT_LANGUAGE="en")

    for response in [*wrong, right]:
        assert response.status_code == 200  # the form again, never a server error, never signed in
        assert "Too many failed attempts. For your safety, try again in" in response.content.decode()
    assert "_auth_user_id" not in visitor.session

    redis_server.start()
    assert post_password(visitor, agent.username).status_code == 302


def test_with_redis_down_tracking_answers_and_counts_in_the_process(visitor, personas, settings, redis_server):
    settings.GUICHET_TRACK_ATTEMPTS = 3
    person = make_person(birth_date=datetime.date(1985, 3, 14))
    request = make_request(person=person, centre=Centre.objects.get(name="Centre Anfa"))
    redis_server.stop()

    answers = [
        visitor.post(TRACK, {"reference": request.reference, **WRONG_BIRTH_DATE}, HTTP_ACCEPT_LANGUAGE="en")
        for _ in range(4)
    ]

    assert [response.status_code for response in answers] == [200, 200, 200, 429]
    assert "Too many attempts" in answers[-1].content.decode()
