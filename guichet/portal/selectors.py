"""The one read of the tracking page: a request, if the reference and the date of birth go together."""

import datetime

from guichet.cases.models import Request
from guichet.cases.references import parse_reference
from guichet.network.selectors import centres_by_pk
from guichet.registry.models import Person

# The page is public and the most asked for: it reads only what it shows and what it checks (one row, one join);
# the centre's name and contact come from the catalogue kept for every visitor.
TRACKED_COLUMNS = ("reference", "status", "due_date", "centre_id", "person__birth_date", "person__merged_into_id")


def tracked_request(*, reference: str, birth_date: datetime.date) -> Request | None:
    """The request with this reference whose person was born on this date, else None (whichever is wrong).

    A merged person's file lives on in the one it was merged into: that file's date of birth counts.
    Persons whose only year of birth is known are stored as born on 1 January of that year.
    """
    canonical = parse_reference(reference)
    if canonical is None:
        return None
    request = Request.objects.select_related("person").only(*TRACKED_COLUMNS).filter(reference=canonical).first()
    if request is None:
        return None
    person = request.person
    seen = set()
    while person.merged_into_id and person.pk not in seen:  # rare: one more read per merge
        seen.add(person.pk)
        person = Person.objects.only("birth_date", "merged_into_id").get(pk=person.merged_into_id)
    if person.birth_date != birth_date:
        return None
    request.centre = centres_by_pk(ids={request.centre_id})[request.centre_id]
    return request
