"""The public reads of the API: the service catalogue, the centres and the windows (what any visitor may know)."""

from django.db.models import QuerySet

from guichet.network.models import Centre, Service, Window


def service_catalogue() -> QuerySet[Service]:
    """The services offered (active), with their documents, by code."""
    return Service.objects.filter(is_active=True).prefetch_related("documents").order_by("code")


def centre_directory(*, kind: str = "", region: str = "", province: str = "") -> QuerySet[Centre]:
    """The active centres, by code, of a type, region or province (codes) when given."""
    centres = Centre.objects.filter(is_active=True).select_related("commune", "province", "region").order_by("code")
    if kind:
        centres = centres.filter(kind=kind)
    if region:
        centres = centres.filter(region__code=region)
    if province:
        centres = centres.filter(province__code=province)
    return centres


def window_directory(*, status: str = "", kind: str = "", region: str = "") -> QuerySet[Window]:
    """The windows (planned, open and closed ones: a client may show when one opens), by code."""
    windows = Window.objects.select_related("commune", "province", "region").order_by("code")
    if status:
        windows = windows.filter(status=status)
    if kind:
        windows = windows.filter(kind=kind)
    if region:
        windows = windows.filter(region__code=region)
    return windows
