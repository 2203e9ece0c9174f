"""Loads the signed-in staff member on every request, with the window or centre that sets their scope: the user
row (and their province, for a province's supervisor) in one query, the window and the centre from the catalogue
kept for every visitor (common/refcache.py), so that no network table is read or joined. Each joined table cost the
query's compilation more than its reading: every staff page paid for the 30 columns of a window and a centre."""

from django.contrib.auth.backends import ModelBackend

from guichet.common.refcache import CATALOGUE, refcache_rows_by_pk

from .models import User


class ScopedModelBackend(ModelBackend):
    def get_user(self, user_id):
        users = list(User._default_manager.select_related("province").filter(pk=user_id)[:1])
        user = users[0] if users else None
        if user is None or not self.user_can_authenticate(user):
            return None
        with_places(user)
        return user


def with_places(user: User) -> User:
    """The user's window and centre from the catalogue (shared by every request: read them, never change them)."""
    for name in ("window", "centre"):
        pk = getattr(user, f"{name}_id")
        if pk:
            model = User._meta.get_field(name).related_model
            setattr(user, name, refcache_rows_by_pk(CATALOGUE, model, {pk})[pk])
    return user
