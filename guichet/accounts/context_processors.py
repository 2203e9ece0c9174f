"""What the menu may offer the signed-in staff member: flags from accounts.permissions, never role names."""

from .permissions import menu_flags


def permissions(request):
    return menu_flags(request.user)
