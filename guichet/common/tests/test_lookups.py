"""An `in` lookup with a number beyond the database's range finds nothing instead of crashing the query."""

import pytest

from guichet.territory.models import Commune

HUGE = 99999999999999999999999


def test_in_with_a_number_too_large_for_the_database_finds_nothing(territory):
    anfa = territory["anfa"]

    assert list(Commune.objects.filter(pk__in=[HUGE])) == []
    assert list(Commune.objects.filter(pk__in=[HUGE, anfa.pk])) == [anfa]
    assert list(Commune.objects.filter(pk__in=[-HUGE, anfa.pk])) == [anfa]
    assert Commune.objects.filter(pk__in=[]).count() == 0


@pytest.mark.parametrize("value", [str(HUGE), "-" + str(HUGE)])
def test_a_multiple_choice_field_refuses_a_huge_id_with_its_message(territory, value):
    from django import forms

    field = forms.ModelMultipleChoiceField(queryset=Commune.objects.all())
    with pytest.raises(forms.ValidationError) as refused:
        field.clean([value])
    assert refused.value.code == "invalid_choice"


def test_among_finds_what_in_finds_on_a_key_and_on_a_foreign_key(territory):
    communes = list(Commune.objects.order_by("pk"))
    ids = [commune.pk for commune in communes[:3]] + [10**9]  # an id no row has
    assert list(Commune.objects.filter(pk__among=ids).order_by("pk")) == communes[:3]
    province = communes[0].province_id
    assert set(Commune.objects.filter(province_id__among=[province])) == set(Commune.objects.filter(province=province))
    assert Commune.objects.filter(pk__among=[]).count() == 0
    assert Commune.objects.exclude(pk__among=ids).count() == len(communes) - 3


def test_among_sends_one_array_to_postgresql_and_a_list_elsewhere(territory):
    from django.db import connection

    sql, params = Commune.objects.filter(pk__among=[3, 1, 2]).values("pk").query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(%s::bigint[])" in sql and params == ("{3,1,2}",)
    else:
        assert "IN (%s, %s, %s)" in sql and params == (3, 1, 2)


def test_among_takes_only_whole_numbers(territory):
    with pytest.raises(ValueError):
        Commune.objects.filter(pk__among=["1) OR (1=1"])
