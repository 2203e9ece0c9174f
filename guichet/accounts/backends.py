"""Loads the signed-in staff member on every request, with the window or centre that sets their scope: the user
row alone, read by SQL written once (common/kept_reads.py), their province (for a province's supervisor) from the
territory kept for every visitor, the window and the centre from the catalogue kept likewise (common/refcache.py),
so that no other table is read or joined. Each joined table cost the query's compilation more than its reading:
every staff page paid for the 30 columns of a window and a centre."""

from django.contrib.auth.backends import ModelBackend

from guichet.common.kept_reads import KeptRead
from guichet.common.refcache import CATALOGUE, TERRITORY, refcache_rows_by_pk
from guichet.territory.models import Province

from .models import User

_USER = KeptRead(User, ("id", "="))


class ScopedModelBackend(ModelBackend):
    def get_user(self, user_id):
        user = _USER.first(user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        with_places(user)
        return user


def with_places(user: User) -> User:
    """The user's province, window and centre, kept for every request (read them, never change them)."""
    if user.province_id:  # read as registry/places.py reads provinces: one kept table, with its regions
        provinces = refcache_rows_by_pk(TERRITORY, Province, {user.province_id}, related=("region",))
        user.province = provinces[user.province_id]
    for name in ("window", "centre"):
        pk = getattr(user, f"{name}_id")
        if pk:
            model = User._meta.get_field(name).related_model
            setattr(user, name, refcache_rows_by_pk(CATALOGUE, model, {pk})[pk])
    return user
