"""Staff accounts: the first administrator, and the attachments each role needs."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError

from guichet.accounts import scopes
from guichet.accounts.models import Role, User


def test_createsuperuser_makes_an_administrator(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-enough-password")
    call_command("createsuperuser", username="root", email="root@example.org", interactive=False)
    user = User.objects.get(username="root")
    assert user.role == Role.ADMIN and scopes.scope_of(user).level == "national"


def test_an_agent_needs_a_window(db):
    user = User(username="lost", role=Role.AGENT)
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "window" in error.value.message_dict
    with pytest.raises(IntegrityError):
        user.save()


def test_centre_staff_need_a_centre(db):
    with pytest.raises(ValidationError) as error:
        User(username="lost", role=Role.CENTRE_STAFF, password="x").full_clean()
    assert "centre" in error.value.message_dict


def test_scopes_of_each_persona(personas, territory):
    assert scopes.scope_of(personas["agent"]).province_id == territory["casablanca"].pk
    assert scopes.scope_of(personas["centre_rabat"]).province_id == territory["rabat"].pk
    assert scopes.scope_of(personas["supervisor_region"]).level == "region"
    assert scopes.scope_of(personas["supervisor_province"]).province_id == territory["settat"].pk
    assert scopes.scope_of(personas["supervisor_national"]).level == "national"
    assert scopes.scope_of(personas["steward"]).level == "national"


def test_an_inactive_account_has_no_scope(personas):
    agent = personas["agent"]
    agent.is_active = False
    assert scopes.scope_of(agent) == scopes.NO_SCOPE
