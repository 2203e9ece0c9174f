"""A read written in SQL once gives the row the ORM gives (every column, converted alike on SQLite and PostgreSQL),
None when no row meets its conditions, and the session read by it signs in, and out once expired. A query kept
per shape is written once for each and answers each value sent."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from guichet.accounts.models import User
from guichet.common.kept_reads import KeptQuery, KeptRead

pytestmark = pytest.mark.django_db

BY_ID = KeptRead(User, ("id", "="))
SINCE = KeptRead(User, ("username", "="), ("date_joined", ">"), fields=("username", "date_joined"))


def test_a_kept_read_gives_every_column_as_the_orm(personas):
    user = personas["supervisor_province"]
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    kept, orm = BY_ID.first(str(user.pk)), User.objects.get(pk=user.pk)  # a session keeps the id as text
    for field in User._meta.concrete_fields:
        assert getattr(kept, field.attname) == getattr(orm, field.attname), field.name
    assert timezone.is_aware(kept.last_login) and kept.province_id == orm.province_id
    assert kept._state.db == "default" and not kept._state.adding  # saved as a loaded row is


def test_conditions_compare_and_the_fields_not_named_are_deferred(personas):
    user = personas["agent"]
    before = user.date_joined - datetime.timedelta(seconds=1)
    found = SINCE.first(user.username, before)
    assert found.pk == user.pk and found.username == user.username
    assert found.get_deferred_fields() >= {"first_name", "role"}
    assert SINCE.first(user.username, user.date_joined) is None  # not strictly after it
    assert BY_ID.first(10**9) is None


def test_the_session_is_read_by_it_and_an_expired_one_signs_out(client, personas):
    client.force_login(personas["agent"])
    assert client.get(reverse("cases:queue")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("cases:queue"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_joined_row_and_whether_others_point_to_it(personas):
    """A foreign key's row read in the same statement (an empty one gives None), and whether rows of another table
    point to the row read (EXISTS), in the one query a kept read makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from guichet.audit.models import AuditEntry
    from guichet.audit.services import audit_record

    with_province = KeptRead(User, ("id", "="), joined=("province",), exists={"acted": ((AuditEntry, "actor"),)})
    supervisor = personas["supervisor_province"]
    acted_before = AuditEntry.objects.filter(actor=supervisor).exists()
    with CaptureQueriesContext(connection) as queries:
        found = with_province.first(supervisor.pk)
        assert found.province == supervisor.province and found.province.name_fr == "Settat"
    assert len(queries) == 1 and found.acted is acted_before
    audit_record(actor=supervisor, action=AuditEntry.Action.VIEW, obj=supervisor)
    assert with_province.first(supervisor.pk).acted is True
    agent = with_province.first(personas["agent"].pk)
    assert agent.province is None and agent.pk == personas["agent"].pk  # no province: a left join gives None


def _users_of_role(shape, value):
    role, limit = shape
    calls.append(shape)
    return User.objects.filter(role=role, username=value).annotate(kind=F("role")).order_by("pk")[:limit]


calls: list = []
USERS = KeptQuery(User, _users_of_role)


def test_a_kept_query_is_written_once_per_shape_and_run_with_each_value(personas):
    calls.clear()
    agent, admin = personas["agent"], personas["admin"]
    [found] = USERS.rows((agent.role, 5), agent.username)
    assert found.pk == agent.pk and found.kind == agent.role  # annotations become attributes
    assert found.date_joined == agent.date_joined  # the model's columns converted as the ORM does
    assert USERS.rows((agent.role, 5), admin.username) == []  # the value sent, with the shape's other conditions
    assert USERS.rows((admin.role, 5), admin.username)[0].pk == admin.pk
    assert calls == [(agent.role, 5), (admin.role, 5)]  # the ORM wrote each shape once


def test_a_value_not_compared_once_as_given_is_refused_when_written():
    twice = KeptQuery(User, lambda shape, value: User.objects.filter(username=value, first_name=value))
    with pytest.raises(AssertionError):
        twice.rows("any", "x")


def test_a_kept_query_with_no_value_counts_up_to_its_limit_and_an_empty_scope_reads_nothing(personas):
    every = KeptQuery(User, lambda shape, value: User.objects.filter(is_active=True).order_by("pk")[:shape])
    assert every.count(2) == 2 and every.count(1000) == User.objects.filter(is_active=True).count()
    assert [user.pk for user in every.rows(2)] == list(User.objects.order_by("pk").values_list("pk", flat=True)[:2])
    nobody = KeptQuery(User, lambda shape, value: User.objects.filter(pk__in=[]))  # no SQL can be written
    assert nobody.rows("any") == [] and nobody.count("any") == 0
