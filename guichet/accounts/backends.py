"""Loads the signed-in staff member with the window or centre that sets their scope, in one query."""

from django.contrib.auth.backends import ModelBackend

from .models import User


class ScopedModelBackend(ModelBackend):
    def get_user(self, user_id):
        user = (
            User._default_manager.select_related("window__commune__province", "centre__commune__province", "province")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
