"""Every role rule of Guichet, as named predicates: views, selectors, services and menus ask here, never a role name.

Territory (which province, region or nation a staff member acts in) is `scopes.scope_of`; what a role may do
is decided below. Objects of the layers above (requests, associations) are read by duck typing: this module
imports nothing above accounts.
"""

from django.db.models import Q

from guichet.common.choices import CentreKind

from .models import ApiPermission, Role
from .scopes import TERRITORIAL_ROLES, scope_of
from .system import SYSTEM_USERNAME


def _active(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _is(user, *roles: str) -> bool:
    return _active(user) and user.role in roles


# --- the kinds of staff -------------------------------------------------------------------------------------


def is_administrator(user) -> bool:
    return _is(user, Role.ADMIN)


def is_window_agent(user) -> bool:
    return _is(user, Role.AGENT)


def is_centre_staff(user) -> bool:
    return _is(user, Role.CENTRE_STAFF)


def is_facilitator(user) -> bool:
    return _is(user, Role.FACILITATOR)


def is_association_manager(user) -> bool:
    return _is(user, Role.ASSOCIATION_MANAGER)


def is_system_actor(user) -> bool:
    """The account seeding, imports and jobs act as (accounts.system): the reserved username, inactive, with an
    unusable password. Since it cannot log in, no web request ever passes this check; an account given that
    name but able to log in is not it."""
    return bool(
        user is not None
        and getattr(user, "username", None) == SYSTEM_USERNAME
        and not user.is_active
        and not user.has_usable_password()
    )


def is_api_client(user) -> bool:
    """A client system calling the API (accounts.models.ApiClient), whatever it may do."""
    return _is(user, Role.API_CLIENT)


def client_allows(user, permission: str) -> bool:
    """Whether `user` is a client system whose token is still usable and that was given `permission`."""
    if not is_api_client(user):
        return False
    client = getattr(user, "api_client", None)
    return client is not None and client.is_usable() and client.allows(permission)


def works_in_territory(role: str) -> bool:
    """Whether the role covers a province, a region or (ticked on purpose) the nation."""
    return role in TERRITORIAL_ROLES


def needs_window(role: str) -> bool:
    """Window agents work at one window."""
    return role == Role.AGENT


def needs_centre(role: str) -> bool:
    """Centre staff work at one centre."""
    return role == Role.CENTRE_STAFF


def administers(role: str) -> bool:
    """The administrator role (also Django's staff flag, for the admin site)."""
    return role == Role.ADMIN


def facilitators_filter() -> Q:
    """Staff accounts that may run a cohort."""
    return Q(role=Role.FACILITATOR, is_active=True)


def centre_staff_filter(centre_id: int) -> Q:
    """Staff accounts of a centre: those a request of that centre can be assigned to."""
    return Q(role=Role.CENTRE_STAFF, centre_id=centre_id, is_active=True)


# --- the registry ----------------------------------------------------------------------------------------------


def can_register_persons(user) -> bool:
    """Registering someone new: the window and the centres, data stewards and administrators, and the two
    programmes that meet people the registry does not know yet (coordinators enrolling a woman, managers
    listing a child)."""
    return _is(
        user,
        Role.AGENT,
        Role.CENTRE_STAFF,
        Role.STEWARD,
        Role.ADMIN,
        Role.COORDINATOR,
        Role.ASSOCIATION_MANAGER,
    ) or client_allows(user, ApiPermission.WRITE_PERSONS)


def can_edit_persons(user) -> bool:
    """Changing a person's file (identity, CNIE, phone, address, commune): the registry's own staff only.

    Supervisors read; coordinators and association managers register on their way to an enrolment or an
    application, but do not keep files up to date afterwards.
    """
    return _is(user, Role.AGENT, Role.CENTRE_STAFF, Role.STEWARD, Role.ADMIN) or client_allows(
        user, ApiPermission.WRITE_PERSONS
    )


def can_edit_person(user, person) -> bool:
    return can_edit_persons(user) and scope_of(user).contains(
        region_id=person.region_id, province_id=person.province_id
    )


def can_merge_persons(user, *persons) -> bool:
    """Deciding whether two files are one person, merging and unmerging them: data stewards and administrators,
    for files in their territory."""
    if not _is(user, Role.STEWARD, Role.ADMIN):
        return False
    scope = scope_of(user)
    return all(scope.contains(region_id=p.region_id, province_id=p.province_id) for p in persons)


def can_import_persons(user) -> bool:
    """Bulk imports of persons and households from a file (/imports/): data stewards and administrators, for the
    nation; a client system given the import permission, for the persons of its territory."""
    return _is(user, Role.STEWARD, Role.ADMIN) or client_allows(user, ApiPermission.IMPORT_PERSONS)


def can_see_disability(user) -> bool:
    """Disability details: centre staff of disability centres, data stewards and administrators."""
    if _is(user, Role.ADMIN, Role.STEWARD) or client_allows(user, ApiPermission.SEE_DISABILITY):
        return True
    return is_centre_staff(user) and user.centre is not None and user.centre.kind == CentreKind.DISABILITY


def can_write_disability(user, person) -> bool:
    """Writing a person's disability record in the registry: those who may see it, in their territory."""
    if is_api_client(user) and not client_allows(user, ApiPermission.WRITE_PERSONS):
        return False
    return can_see_disability(user) and scope_of(user).contains(
        region_id=person.region_id, province_id=person.province_id
    )


# --- requests (cases) ----------------------------------------------------------------------------------------


def reads_every_request(user) -> bool:
    return _is(user, Role.ADMIN, Role.STEWARD)


def reads_requests_of_territory(user) -> bool:
    """Supervisors, and client systems allowed to read requests, read those handled by the centres of their
    territory."""
    return _is(user, Role.SUPERVISOR) or client_allows(user, ApiPermission.READ_REQUESTS)


def can_file_requests(user) -> bool:
    """Requests are filed at a window, by its agents, or by a client system allowed to (channel "api")."""
    return (is_window_agent(user) and user.window_id is not None) or client_allows(user, ApiPermission.FILE_REQUESTS)


def has_work_queue(user) -> bool:
    """The work queue page: centre staff (their centre's), supervisors and administrators (what they read)."""
    return _is(user, Role.CENTRE_STAFF, Role.SUPERVISOR, Role.ADMIN)


def reads_persons(user) -> bool:
    """Every staff role reads persons as far as its scope and reach go; a client system only when allowed to."""
    if is_api_client(user):
        return client_allows(user, ApiPermission.READ_PERSONS) or client_allows(user, ApiPermission.WRITE_PERSONS)
    return _active(user)


def updates_requests_of_territory(user) -> bool:
    """A client system allowed to change the status of requests does so, as their centre's staff would, for the
    requests of the centres of its territory."""
    return client_allows(user, ApiPermission.UPDATE_REQUESTS)


def may_be_assigned(user, centre_id: int) -> bool:
    return is_centre_staff(user) and user.centre_id == centre_id


# --- audit, network, messages, staff ------------------------------------------------------------------------


def reads_insights(user) -> bool:
    """The dashboards (/insights/): supervisors in their territory, administrators for the nation."""
    return _is(user, Role.SUPERVISOR, Role.ADMIN)


def can_browse_audit(user) -> bool:
    return _is(user, Role.ADMIN, Role.SUPERVISOR)


def reads_whole_audit(user) -> bool:
    """Administrators read every entry; supervisors only those of their territory."""
    return is_administrator(user)


def can_manage_network(user) -> bool:
    """Centres, windows, the catalogue and the holidays are administered by administrators only."""
    return is_administrator(user)


def can_manage_messages(user) -> bool:
    """Message templates and the outbox: administrators only (the outbox holds citizens' numbers)."""
    return is_administrator(user)


def can_manage_staff(user) -> bool:
    return is_administrator(user)


# --- distance training -----------------------------------------------------------------------------------------


def can_manage_courses(user) -> bool:
    """Courses, cohorts and enrolments: training coordinators (in their territory) and administrators."""
    return _is(user, Role.ADMIN, Role.COORDINATOR)


def can_use_training(user) -> bool:
    return _is(user, Role.ADMIN, Role.COORDINATOR, Role.FACILITATOR)


def can_enrol(user) -> bool:
    return can_manage_courses(user)


# --- associations ------------------------------------------------------------------------------------------------


def is_association_reviewer(user) -> bool:
    """Programme officers and administrators review associations and decide applications."""
    return _is(user, Role.PROGRAMME_OFFICER, Role.ADMIN)


def reviewer_covers(user, association) -> bool:
    return is_association_reviewer(user) and scope_of(user).contains(
        region_id=association.region_id, province_id=association.province_id
    )


def manages(user, association) -> bool:
    return is_association_manager(user) and association.manager_id == user.pk


def works_in_schooling(user) -> bool:
    return _is(user, Role.ADMIN, Role.PROGRAMME_OFFICER, Role.ASSOCIATION_MANAGER)


# --- where each role starts its day --------------------------------------------------------------------------

ROLE_HOME = {
    Role.AGENT: "desk:window",
    Role.SUPERVISOR: "desk:territory",
    Role.STEWARD: "desk:registry",
    Role.ADMIN: "desk:network",
    Role.CENTRE_STAFF: "cases:queue",
    Role.COORDINATOR: "training:home",
    Role.FACILITATOR: "training:home",
    Role.PROGRAMME_OFFICER: "associations:list",
    Role.ASSOCIATION_MANAGER: "associations:list",
}


def home_url_name(user) -> str:
    """The page a staff member lands on after login; the others start at the registry search."""
    if not _active(user):
        return "registry:search"
    return ROLE_HOME.get(user.role, "registry:search")


def menu_flags(user) -> dict[str, bool]:
    """What the menus may offer: templates read these flags, never a role name."""
    return {
        "can_register": can_register_persons(user),
        "can_browse_audit": can_browse_audit(user),
        "reads_insights": reads_insights(user),
        "is_administrator": is_administrator(user),
        "has_work_queue": has_work_queue(user),
        "works_in_training": can_use_training(user),
        "works_in_schooling": works_in_schooling(user),
        "is_association_manager": is_association_manager(user),
        "is_association_reviewer": is_association_reviewer(user),
        "reviews_duplicates": can_merge_persons(user),
        "imports_persons": can_import_persons(user),
    }
