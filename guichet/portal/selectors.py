"""The one read of the tracking page: a request, if the reference and the date of birth go together."""

import datetime

from guichet.cases.models import Request
from guichet.cases.references import parse_reference


def tracked_request(*, reference: str, birth_date: datetime.date) -> Request | None:
    """The request with this reference whose person was born on this date, else None (whichever is wrong).

    A merged person's file lives on in the one it was merged into: that file's date of birth counts.
    Persons whose only year of birth is known are stored as born on 1 January of that year.
    """
    canonical = parse_reference(reference)
    if canonical is None:
        return None
    request = Request.objects.select_related("person__merged_into", "centre").filter(reference=canonical).first()
    if request is None:
        return None
    person = request.person
    seen = set()
    while person.merged_into_id and person.pk not in seen:
        seen.add(person.pk)
        merged_into = person.merged_into
        assert merged_into is not None  # merged_into_id names it
        person = merged_into
    return request if person.birth_date == birth_date else None
