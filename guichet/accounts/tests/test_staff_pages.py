"""Administrators manage staff accounts; nobody else may, and nothing is half-saved or overwritten."""

import pytest
from django.urls import reverse

from guichet.accounts.models import Role, User
from guichet.audit.models import AuditEntry

OTHER_ROLES = ["agent", "centre", "steward", "supervisor_region", "supervisor_national"]


@pytest.mark.parametrize("persona", OTHER_ROLES)
def test_only_administrators_manage_staff(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("accounts:staff_list")).status_code == 403
    assert client.get(reverse("accounts:staff_create")).status_code == 403
    assert client.get(reverse("accounts:staff_edit", args=["t_agent"])).status_code == 403


def test_administrator_creates_an_agent(client, personas):
    client.force_login(personas["admin"])
    window = personas["agent"].window
    response = client.post(
        reverse("accounts:staff_create"),
        {
            "username": "nadia",
            "password": "a-long-enough-pass",
            "first_name": "Nadia",
            "last_name": "Fassi",
            "email": "",
            "role": "agent",
            "window": window.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="nadia")
    assert user.role == Role.AGENT and user.window == window and user.check_password("a-long-enough-pass")
    assert AuditEntry.objects.filter(action="create", object_type="accounts.user", object_id=str(user.pk)).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"role": "agent", "window": ""}, "window"),
        ({"role": "centre_staff", "centre": ""}, "centre"),
        ({"username": "t_agent"}, "username"),
        ({"password": "short"}, "password"),
        ({"username": "bad name!"}, "username"),
    ],
)
def test_bad_account_data_names_the_field(client, personas, changes, field):
    client.force_login(personas["admin"])
    data = {
        "username": "nadia",
        "password": "a-long-enough-pass",
        "first_name": "N",
        "last_name": "F",
        "email": "",
        "role": "steward",
        "is_active": "on",
        **changes,
    }
    response = client.post(reverse("accounts:staff_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors or response.context["form"].non_field_errors()
    assert not User.objects.filter(username="nadia").exists()


def test_changing_role_clears_the_old_attachment(client, personas, territory):
    client.force_login(personas["admin"])
    agent = personas["agent"]
    response = client.post(
        reverse("accounts:staff_edit", args=[agent.username]),
        {
            "first_name": "A",
            "last_name": "B",
            "email": "",
            "role": "supervisor",
            "region": territory["casa_settat"].pk,
            "is_active": "on",
            "account_version": agent.account_version,
        },
    )
    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.role == Role.SUPERVISOR and agent.window is None and agent.region == territory["casa_settat"]


def test_two_administrators_cannot_overwrite_each_other(client, personas):
    client.force_login(personas["admin"])
    agent = personas["agent"]
    data = {
        "first_name": "A",
        "last_name": "B",
        "email": "",
        "role": "agent",
        "window": agent.window_id,
        "is_active": "on",
        "account_version": agent.account_version,
    }
    assert client.post(reverse("accounts:staff_edit", args=[agent.username]), data).status_code == 302
    response = client.post(reverse("accounts:staff_edit", args=[agent.username]), {**data, "first_name": "Z"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    agent.refresh_from_db()
    assert agent.first_name == "A"


def test_deactivating_an_account_stops_its_access(client, personas):
    admin, agent = personas["admin"], personas["agent"]
    client.force_login(admin)
    client.post(
        reverse("accounts:staff_edit", args=[agent.username]),
        {
            "first_name": "A",
            "last_name": "B",
            "email": "",
            "role": "agent",
            "window": agent.window_id,
            "account_version": agent.account_version,
        },
    )
    agent.refresh_from_db()
    assert not agent.is_active
    client.logout()
    response = client.post("/accounts/login/", {"username": "t_agent", "password": "secret-password"})
    assert response.status_code == 200  # refused: the form is shown again


def test_an_administrator_cannot_lock_themself_out(client, personas):
    admin = personas["admin"]
    client.force_login(admin)
    response = client.post(
        reverse("accounts:staff_edit", args=[admin.username]),
        {"first_name": "A", "last_name": "B", "email": "", "role": "admin", "account_version": admin.account_version},
    )
    assert response.status_code == 200
    admin.refresh_from_db()
    assert admin.is_active
