"""What the menu may offer the signed-in staff member."""

from . import scopes


def permissions(request):
    user = request.user
    return {
        "can_register": scopes.can_register_persons(user),
        "can_browse_audit": scopes.can_browse_audit(user),
        "is_administrator": user.is_authenticated and user.role == "admin",
        "works_in_training": user.is_authenticated and user.role in ("admin", "coordinator", "facilitator"),
        "works_in_schooling": user.is_authenticated
        and user.role in ("admin", "programme_officer", "association_manager"),
    }
