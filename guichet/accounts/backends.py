"""Loads the signed-in staff member with the window or centre that sets their scope, in one query on every
request: the window and the centre carry their province and region, so no territory table is joined."""

from django.contrib.auth.backends import ModelBackend

from .models import User


class ScopedModelBackend(ModelBackend):
    def get_user(self, user_id):
        users = list(User._default_manager.select_related("window", "centre", "province").filter(pk=user_id)[:1])
        user = users[0] if users else None
        return user if user is not None and self.user_can_authenticate(user) else None
