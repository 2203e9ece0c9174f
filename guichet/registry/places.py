"""Where persons live, from the territory kept for every visitor (common/refcache.py): a person's commune,
province and region are attached from it instead of joining three tables to every read of a file. The join is
cheap to run but not to plan: with the consent check of another system's search, PostgreSQL spent more time
choosing the order of the joins (about 1.4 ms) than reading the row.

What is attached is shared by every request of the process: read it, never change it."""

from collections.abc import Iterable

from guichet.common.refcache import TERRITORY, refcache_rows_by_pk
from guichet.territory.models import Commune, Province, Region

from .models import Person


def attach_places(persons: Iterable[Person]) -> None:
    """Set each person's commune (its province and region read with it), province and region."""
    persons = list(persons)
    communes = refcache_rows_by_pk(TERRITORY, Commune, {p.commune_id for p in persons}, related=("province__region",))
    provinces = refcache_rows_by_pk(TERRITORY, Province, {p.province_id for p in persons}, related=("region",))
    regions = refcache_rows_by_pk(TERRITORY, Region, {p.region_id for p in persons})
    for person in persons:
        person.commune = communes[person.commune_id]
        person.province = provinces[person.province_id]
        person.region = regions[person.region_id]
