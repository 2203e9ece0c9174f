"""The system actor: the account that seeding, imports and background jobs act as, which nobody can log in as.

It is inactive with an unusable password, so no login form, session or token ever yields it: a check that
lets it act (`permissions.is_system_actor`) can only be passed by code that holds it, never by a web request.
"""

from django.db import transaction

from .models import Role, User

# Reserved: staff accounts are never given this username.
SYSTEM_USERNAME = "system"


def is_reserved_username(username: str) -> bool:
    """The system actor's name, in any case: the staff forms and services refuse it to an account."""
    return username.strip().casefold() == SYSTEM_USERNAME.casefold()


@transaction.atomic
def system_actor() -> User:
    """The system actor, created the first time it is needed (inactive, with an unusable password)."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"role": Role.STEWARD, "first_name": "Guichet", "last_name": "(système)", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
