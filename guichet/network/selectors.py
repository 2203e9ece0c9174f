"""Reads of the network: which centre handles a service for a person, and the administrators' lists."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from guichet.accounts import permissions as roles
from guichet.common.exceptions import NotAllowed
from guichet.common.refcache import refcache_rows_by_pk
from guichet.network import eligibility
from guichet.network.models import Centre, Holiday, Service, ServiceDocument, Window
from guichet.network.signals import CATALOGUE
from guichet.territory.models import Region


def services_by_pk(*, ids: set[int]) -> dict[int, Service]:
    """The services of `ids` by primary key (and the others), from the catalogue kept for every visitor."""
    return _catalogue_by_pk(Service, ids)


def centres_by_pk(*, ids: set[int]) -> dict[int, Centre]:
    return _catalogue_by_pk(Centre, ids)


def windows_by_pk(*, ids: set[int]) -> dict[int, Window]:
    return _catalogue_by_pk(Window, ids)


def _catalogue_by_pk(model, ids: set[int]) -> dict:
    return refcache_rows_by_pk(CATALOGUE, model, ids)


def centres_by_distance(*, commune, service: Service | None = None, exclude: Centre | None = None) -> QuerySet[Centre]:
    """Active centres (offering `service` if given, leaving out `exclude`), nearest to the commune first: in the
    commune, then the province, then the region, then the rest of the nation; among equals the lowest code
    (stable, predictable routing). Each carries `distance` (0 to 3)."""
    centres = Centre.objects.filter(is_active=True)
    if service is not None:
        centres = centres.filter(services=service)
    if exclude is not None:
        centres = centres.exclude(pk=exclude.pk)
    province = commune.province
    distance = Case(
        When(commune=commune, then=Value(0)),
        When(province_id=province.pk, then=Value(1)),
        When(region_id=province.region_id, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return centres.annotate(distance=distance).order_by("distance", "code")


def centre_for(*, service: Service, commune) -> Centre | None:
    """The competent centre: the nearest one offering the service (see centres_by_distance)."""
    return centres_by_distance(commune=commune, service=service).first()


def nearest_other_centre(*, service: Service, commune, exclude: Centre) -> Centre | None:
    """Where to refer a person for a service: like centre_for, leaving out the referring centre."""
    return centres_by_distance(commune=commune, service=service, exclude=exclude).first()


def ensure_can_manage_network(user) -> None:
    if not roles.can_manage_network(user):
        raise NotAllowed


def eligibility_explained(*, viewer, rule: dict, person, on: datetime.date | None = None) -> eligibility.Explanation:
    """A rule (a service's or a course's) evaluated for the person as `viewer` may see them, condition by
    condition: a disability hidden from the viewer is unknown ("the centre will check"), never a refusal.
    Filing, the courses and the service pages all ask here."""
    return eligibility_evaluate(rule=rule, person=person, show_disability=roles.can_see_disability(viewer), on=on)


def eligibility_evaluate(
    *, rule: dict, person, show_disability: bool, on: datetime.date | None = None
) -> eligibility.Explanation:
    """The rule evaluated for the person with their disability facts shown or hidden: eligibility_explained
    decides that from the viewer; the snapshot kept when filing from the actor who files."""
    return eligibility.evaluate(rule, eligibility.person_facts(person, show_disability=show_disability, on=on))


def eligibility_for(*, viewer, person, service: Service, on: datetime.date | None = None) -> eligibility.Explanation:
    """The service's rule evaluated for the person as `viewer` may see them (see eligibility_explained)."""
    return eligibility_explained(viewer=viewer, rule=service.eligibility_rule, person=person, on=on)


def windows_target() -> int:
    return settings.GUICHET_WINDOWS_TARGET


@dataclass(frozen=True)
class WindowsFigure:
    """ "N open windows of the national target T"."""

    open: int
    target: int

    @property
    def percent(self) -> int:
        return round(100 * self.open / self.target) if self.target else 0


def windows_open_vs_target() -> WindowsFigure:
    return WindowsFigure(
        open=Window.objects.filter(status=Window.Status.OPEN).count(),
        target=windows_target(),
    )


@dataclass(frozen=True)
class NetworkSummary:
    centres_by_kind: list[tuple[str, str, int]]  # (kind, label, count), every kind, zero included
    windows_by_status: list[tuple[str, str, int]]
    windows: WindowsFigure
    services: int
    centres: int


def network_summary(*, viewer) -> NetworkSummary:
    ensure_can_manage_network(viewer)
    centres = dict(Centre.objects.values_list("kind").annotate(n=Count("pk")).order_by())
    windows = dict(Window.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return NetworkSummary(
        centres_by_kind=[(value, label, centres.get(value, 0)) for value, label in Centre.Kind.choices],
        windows_by_status=[(value, label, windows.get(value, 0)) for value, label in Window.Status.choices],
        windows=WindowsFigure(open=windows.get(Window.Status.OPEN, 0), target=windows_target()),
        services=Service.objects.count(),
        centres=sum(centres.values()),
    )


def regions() -> QuerySet:
    return Region.objects.order_by("code")


def centre_list(*, viewer, kind: str = "", region: str = "", text: str = "") -> QuerySet:
    """Centres for the administrators' list, filtered by type, region (code) and a piece of name or code."""
    ensure_can_manage_network(viewer)
    centres = (
        Centre.objects.select_related("commune", "province", "region")
        .annotate(service_count=Count("services"))
        .order_by("name", "pk")
    )
    if kind in Centre.Kind.values:
        centres = centres.filter(kind=kind)
    if region:
        centres = centres.filter(region__code=region)
    text = text.strip()[:100]
    if text:
        centres = centres.filter(Q(name__icontains=text) | Q(name_ar__icontains=text) | Q(code__icontains=text))
    return centres


def window_list(*, viewer, status: str = "", kind: str = "", region: str = "") -> QuerySet:
    ensure_can_manage_network(viewer)
    windows = Window.objects.select_related("commune", "province", "region").order_by("name", "pk")
    if status in Window.Status.values:
        windows = windows.filter(status=status)
    if kind in Window.Kind.values:
        windows = windows.filter(kind=kind)
    if region:
        windows = windows.filter(region__code=region)
    return windows


def service_list(*, viewer) -> QuerySet:
    ensure_can_manage_network(viewer)
    return Service.objects.annotate(
        document_count=Count("documents", distinct=True), centre_count=Count("centres", distinct=True)
    ).order_by("code")


def centre_get(*, viewer, pk: int) -> Centre:
    ensure_can_manage_network(viewer)
    return get_object_or_404(Centre.objects.select_related("commune__province__region"), pk=pk)


def window_get(*, viewer, pk: int) -> Window:
    ensure_can_manage_network(viewer)
    return get_object_or_404(Window.objects.select_related("commune__province__region"), pk=pk)


def service_get(*, viewer, code: str) -> Service:
    ensure_can_manage_network(viewer)
    return get_object_or_404(Service, code=code)


def holiday_list(*, viewer, year: int) -> QuerySet:
    ensure_can_manage_network(viewer)
    return Holiday.objects.filter(date__year=year).order_by("date")


def document_in_use(document: ServiceDocument) -> bool:
    """Whether anything points to this required document (a request that received it, an attachment): such a
    document is kept, lest removing it rewrite the history of those requests."""
    for relation in ServiceDocument._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        if relation.many_to_many:
            through = relation.through
            rows = through.objects.filter(**{relation.field.m2m_reverse_field_name(): document.pk})
        else:
            rows = relation.related_model._base_manager.filter(**{relation.field.name: document.pk})
        if rows.exists():
            return True
    return False


def holiday_years() -> list[int]:
    return sorted({day.year for day in Holiday.objects.dates("date", "year")})
