"""The system actor (seeding, imports, jobs): one account, which no login, session or form can ever yield."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from guichet.accounts.models import User
from guichet.accounts.permissions import is_system_actor
from guichet.accounts.services import staff_create
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


def staff_data(username: str) -> dict:
    return {
        "username": username,
        "password": "a-long-enough-pass",
        "first_name": "N",
        "last_name": "F",
        "email": "",
        "role": "steward",
        "is_active": "on",
    }


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This username is reserved for the system: choose another one."),
        ("fr", "Ce nom d'utilisateur est réservé au système : choisissez-en un autre."),
        ("ar", "اسم المستخدم هذا محجوز للنظام: اختاروا اسما آخر."),
    ],
)
def test_the_staff_form_refuses_the_system_actors_name_on_the_field(client, personas, language, message):
    client.force_login(personas["admin"])
    client.cookies["django_language"] = language
    for typed in (SYSTEM_USERNAME, SYSTEM_USERNAME.upper()):  # before the system actor exists, in any case
        response = client.post(reverse("accounts:staff_create"), staff_data(typed))
        assert response.status_code == 200
        assert response.context["form"].errors["username"] == [message]
        assert 'href="#id_username"' in response.content.decode()
    assert not User.objects.filter(username__iexact=SYSTEM_USERNAME).exists()


def test_the_staff_service_refuses_the_system_actors_name(personas):
    with pytest.raises(ValidationError) as caught:
        staff_create(
            actor=personas["admin"],
            username=" System ",
            password="a-long-enough-pass",
            data={"role": "steward", "is_active": True},
        )
    with translation.override("en"):
        assert "reserved for the system" in caught.value.message_dict["username"][0]
    assert not User.objects.filter(username__iexact="system").exists()
