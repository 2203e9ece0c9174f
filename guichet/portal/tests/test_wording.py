"""Every status a request can take has the citizen's own words on the tracking page, and what happens next."""

from django.utils.translation import override

from guichet.cases.models import Status
from guichet.portal.wording import NEXT_STEP, STATUS_WORDS


def test_every_status_has_the_citizens_words_and_a_next_step_in_each_language():
    assert set(STATUS_WORDS) == set(Status.values) == set(NEXT_STEP)
    for language in ("fr", "ar", "en"):
        with override(language):
            for status in Status.values:
                assert str(STATUS_WORDS[status]).strip() and str(NEXT_STEP[status]).strip()
    with override("ar"):
        assert str(STATUS_WORDS["approved"]) != "Approved."  # translated, not the English source
