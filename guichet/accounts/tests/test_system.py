"""The system actor (seeding, imports, jobs): one account, which no login, session or form can ever yield."""

import pytest
from django.urls import reverse

from guichet.accounts.permissions import is_system_actor
from guichet.accounts.system import SYSTEM_USERNAME, system_actor
from guichet.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_system_actor_is_one_inactive_account_without_a_password():
    actor = system_actor()
    assert system_actor() == actor
    assert actor.username == SYSTEM_USERNAME
    assert not actor.is_active and not actor.has_usable_password()
    assert is_system_actor(actor)


def test_nobody_can_log_in_as_the_system_actor(client):
    actor = system_actor()
    assert not client.login(username=SYSTEM_USERNAME, password="")
    assert not client.login(username=SYSTEM_USERNAME, password="!")
    # Even a session forced onto it is not signed in: every page sends it to the login.
    client.force_login(actor)
    response = client.get(reverse("registry:search"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not response.wsgi_request.user.is_authenticated
    assert not is_system_actor(response.wsgi_request.user)


def test_no_one_else_is_the_system_actor(personas):
    inactive = UserFactory(username="t_gone", is_active=False)
    inactive.set_unusable_password()
    assert not is_system_actor(inactive)
    assert not any(is_system_actor(user) for user in personas.values())
    assert not is_system_actor(None)


def test_the_reserved_name_given_to_an_account_that_can_log_in_is_not_the_system_actor():
    impostor = UserFactory(username=SYSTEM_USERNAME, is_active=True)
    assert not is_system_actor(impostor)
    assert system_actor() == impostor  # the name is taken: the check, not the name, decides
    assert not is_system_actor(system_actor())
