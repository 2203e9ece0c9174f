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
