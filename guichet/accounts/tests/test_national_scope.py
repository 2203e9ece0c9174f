"""National scope is an explicit choice: a supervisor, coordinator or officer without a territory sees nothing."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from guichet.accounts.models import Role, User
from guichet.accounts.scopes import NO_SCOPE, scope_of


def _staff_data(role, **territory):
    return {
        "username": "nadia",
        "password": "a-long-enough-pass",
        "first_name": "Nadia",
        "last_name": "Fassi",
        "email": "",
        "role": role,
        "is_active": "on",
        **territory,
    }


@pytest.mark.parametrize("role", ["supervisor", "coordinator", "programme_officer"])
def test_an_account_created_without_a_territory_is_refused(client, personas, role):
    """Such an account silently got national scope."""
    client.force_login(personas["admin"])
    response = client.post(reverse("accounts:staff_create"), _staff_data(role))
    assert response.status_code == 200
    assert "province" in response.context["form"].errors
    assert not User.objects.filter(username="nadia").exists()


def test_national_scope_is_ticked_on_purpose(client, personas):
    client.force_login(personas["admin"])
    response = client.post(reverse("accounts:staff_create"), _staff_data("supervisor", national="on"))
    assert response.status_code == 302
    assert scope_of(User.objects.get(username="nadia")).level == "national"


def test_a_territory_and_the_nation_together_are_refused(client, personas, territory):
    client.force_login(personas["admin"])
    data = _staff_data("coordinator", region=territory["casa_settat"].pk, national="on")
    response = client.post(reverse("accounts:staff_create"), data)
    assert response.status_code == 200 and "region" in response.context["form"].errors
    assert not User.objects.filter(username="nadia").exists()


def test_without_territory_the_scope_is_empty_and_the_database_refuses_it(personas):
    ghost = User(username="ghost", role=Role.SUPERVISOR, is_active=True)
    assert scope_of(ghost) is NO_SCOPE
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="ghost", role=Role.PROGRAMME_OFFICER)


def test_other_roles_never_keep_the_national_flag(client, personas):
    client.force_login(personas["admin"])
    data = _staff_data("agent", window=personas["agent"].window_id, national="on")
    assert client.post(reverse("accounts:staff_create"), data).status_code == 302
    assert User.objects.get(username="nadia").national is False
