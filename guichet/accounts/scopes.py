"""What part of the territory a staff member acts in, and what they may see there."""

from dataclasses import dataclass
from typing import Any

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

# Roles whose staff work in a territory given to them: a province, a region or, ticked on purpose, the nation.
# A client system is given a territory the same way (guichet/accounts/api_clients.py).
TERRITORIAL_ROLES = (Role.SUPERVISOR, Role.COORDINATOR, Role.PROGRAMME_OFFICER, Role.API_CLIENT)


def scope_of(user: User) -> Scope:
    """The territory whose full person files the user may open.

    Window agents and centre staff work in the province of their window or centre; supervisors, training
    coordinators and programme officers in the province or region they are given, or in the nation when it
    was ticked on purpose (`User.national`; with none of the three they see nothing); data stewards and
    administrators nationally. Facilitators and association managers open no file through the registry:
    they reach their learners and children through their cohorts and their association.
    """
    if not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    role = user.role
    if role == Role.API_CLIENT and not _client_usable(user):
        return NO_SCOPE
    if role in (Role.ADMIN, Role.STEWARD):
        return Scope("national")
    if role in TERRITORIAL_ROLES:
        if user.province is not None:
            return Scope("province", region_id=user.province.region_id, province_id=user.province_id)
        if user.region_id:
            return Scope("region", region_id=user.region_id)
        if user.national:
            return Scope("national")
        # No territory and no explicit national scope: nothing, rather than everything.
        return NO_SCOPE
    place: Any = None  # a window or centre keeps its commune's province and region (network.models.Located)
    if role == Role.AGENT and user.window is not None:
        place = user.window
    elif role == Role.CENTRE_STAFF and user.centre is not None:
        place = user.centre
    if place is None:
        return NO_SCOPE
    return Scope("province", region_id=place.region_id, province_id=place.province_id)


def _client_usable(user: User) -> bool:
    """A client system whose token was revoked or has expired reaches nothing, even through an old session."""
    client = getattr(user, "api_client", None)
    return client is not None and client.is_usable()
