"""What the public home reads: the open windows of the network, by region and province, nothing personal."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from guichet.network.models import Window
from guichet.territory.models import Province, Region, name_column

WINDOWS_PAGE_SIZE = 30


@dataclass(frozen=True)
class WindowPlaces:
    """The choices of the filter: the regions and provinces that have an open window."""

    regions: QuerySet[Region]
    provinces: QuerySet[Province]


def window_places() -> WindowPlaces:
    open_windows = Window.objects.filter(status=Window.Status.OPEN)
    return WindowPlaces(
        regions=Region.objects.filter(pk__in=open_windows.values("region_id")).order_by("code"),
        provinces=Province.objects.filter(pk__in=open_windows.values("province_id"))
        .select_related("region")
        .order_by("region__code", name_column()),
    )


def open_windows(*, region: str = "", province: str = "", page_number: int | str = 1) -> Page:
    """One page of the open windows, region by region then province by province; a province chosen wins over
    its region (codes as in ISO 3166-2:MA)."""
    windows = Window.objects.filter(status=Window.Status.OPEN)
    if province:
        windows = windows.filter(province__code=province)
    elif region:
        windows = windows.filter(region__code=region)
    windows = windows.select_related("commune", "province", "region").order_by(
        "region__code", f"province__{name_column()}", "name", "pk"
    )
    return Paginator(windows, WINDOWS_PAGE_SIZE).get_page(page_number)
