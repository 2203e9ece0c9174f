"""What part of the territory a staff member acts in, and what they may see there."""

from dataclasses import dataclass

from django.db.models import Q

from .models import Role, User


@dataclass(frozen=True)
class Scope:
    """A territorial scope: the nation, one region, or one province."""

    level: str  # "national", "region", "province", or "none"
    region_id: int | None = None
    province_id: int | None = None

    def person_filter(self, prefix: str = "") -> Q:
        """A filter on persons (or on rows that reach a person through `prefix`) inside this scope."""
        if self.level == "national":
            return Q()
        if self.level == "region":
            return Q(**{f"{prefix}region_id": self.region_id})
        if self.level == "province":
            return Q(**{f"{prefix}province_id": self.province_id})
        return Q(pk__in=[])

    def contains(self, *, region_id: int | None, province_id: int | None) -> bool:
        if self.level == "national":
            return True
        if self.level == "region":
            return region_id is not None and region_id == self.region_id
        if self.level == "province":
            return province_id is not None and province_id == self.province_id
        return False


NO_SCOPE = Scope("none")


def scope_of(user: User) -> Scope:
    """The territory whose full person files the user may open.

    Window agents and centre staff work in the province of their window or centre; supervisors, training
    coordinators and programme officers in the province, region or nation they are given; data stewards and
    administrators nationally. Facilitators and association managers open no file through the registry:
    they reach their learners and children through their cohorts and their association.
    """
    if not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    role = user.role
    if role in (Role.ADMIN, Role.STEWARD):
        return Scope("national")
    if role in (Role.SUPERVISOR, Role.COORDINATOR, Role.PROGRAMME_OFFICER):
        if user.province_id:
            return Scope("province", region_id=user.province.region_id, province_id=user.province_id)
        if user.region_id:
            return Scope("region", region_id=user.region_id)
        return Scope("national")
    place = None
    if role == Role.AGENT and user.window_id:
        place = user.window.commune.province
    elif role == Role.CENTRE_STAFF and user.centre_id:
        place = user.centre.commune.province
    if place is None:
        return NO_SCOPE
    return Scope("province", region_id=place.region_id, province_id=place.pk)


def can_register_persons(user: User) -> bool:
    return user.is_authenticated and user.role in (
        Role.AGENT,
        Role.CENTRE_STAFF,
        Role.STEWARD,
        Role.ADMIN,
        Role.COORDINATOR,
        Role.ASSOCIATION_MANAGER,
    )


def can_see_disability(user: User) -> bool:
    """Disability details: centre staff of disability centres, data stewards and administrators."""
    if not user.is_authenticated:
        return False
    if user.role in (Role.ADMIN, Role.STEWARD):
        return True
    from guichet.network.models import Centre

    return user.role == Role.CENTRE_STAFF and user.centre is not None and user.centre.kind == Centre.Kind.DISABILITY


def can_browse_audit(user: User) -> bool:
    return user.is_authenticated and user.role in (Role.ADMIN, Role.SUPERVISOR)
