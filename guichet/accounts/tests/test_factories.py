"""A staff account made by the factory with only a role is one the model accepts: what the role needs is given."""

import pytest

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory
from guichet.territory.tests.factories import ProvinceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", Role.values)
def test_an_account_of_every_role_passes_the_models_own_checks(role):
    user = UserFactory(role=role)
    user.full_clean()


def test_a_scope_given_is_the_only_one_kept():
    by_province = UserFactory(role=Role.SUPERVISOR, province=ProvinceFactory())
    national = UserFactory(role=Role.COORDINATOR, national=True)
    assert by_province.region is None and national.region is None and national.province is None
    assert UserFactory(role=Role.SUPERVISOR).region is not None
    assert UserFactory(role=Role.ADMIN).window is None
