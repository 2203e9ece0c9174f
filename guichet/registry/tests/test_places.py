"""A person's file takes its commune, province and region from the territory kept for every visitor: a renamed
commune or a commune added since is seen at once, and reading a file joins no territory table."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guichet.registry import selectors
from guichet.territory.models import Commune

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_file_is_read_with_its_place_without_joining_the_territory(personas, people, territory):
    selectors.person_get(viewer=personas["agent"], social_id=people["casa"].social_id)  # the territory is kept
    with CaptureQueriesContext(connection) as queries:
        person = selectors.person_get(viewer=personas["agent"], social_id=people["casa"].social_id)
        place = (person.commune.name_fr, person.commune.province.name_fr, person.commune.province.region.code)
        assert (person.province.code, person.region.code) == ("MA-CAS", "MA-06")
    assert place == ("Anfa", "Casablanca", "MA-06")
    assert not [query for query in queries if "territory_" in query["sql"]]


def test_a_renamed_commune_and_a_commune_added_since_are_seen_at_once(personas, people, territory):
    selectors.person_get(viewer=personas["agent"], social_id=people["casa"].social_id)
    anfa = territory["anfa"]
    anfa.name_fr = "Anfa (arrondissement)"
    anfa.save()
    person = selectors.person_get(viewer=personas["agent"], social_id=people["casa"].social_id)
    assert person.commune.name_fr == "Anfa (arrondissement)"
    # Communes loaded in bulk send no signal: the one missing from the kept territory is read from its table.
    (added,) = Commune.objects.bulk_create(
        [Commune(code="C-MAARIF", province=territory["casablanca"], name_fr="Maârif", name_ar="المعاريف")]
    )
    newcomer = PersonFactory(commune=added)
    person = selectors.person_get(viewer=personas["agent"], social_id=newcomer.social_id)
    assert (person.commune.name_fr, person.commune.province.code) == ("Maârif", "MA-CAS")
