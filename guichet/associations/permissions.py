"""Who may do what with associations: the association's own manager, programme officers in scope, admins."""

from guichet.accounts.models import Role, User
from guichet.accounts.scopes import scope_of


def is_reviewer(user: User) -> bool:
    """Programme officers and administrators review associations and decide applications."""
    return user.is_authenticated and user.is_active and user.role in (Role.PROGRAMME_OFFICER, Role.ADMIN)


def is_manager(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.ASSOCIATION_MANAGER


def reviewer_covers(user: User, association) -> bool:
    return is_reviewer(user) and scope_of(user).contains(
        region_id=association.region_id, province_id=association.province_id
    )


def manages(user: User, association) -> bool:
    return is_manager(user) and association.manager_id == user.pk
