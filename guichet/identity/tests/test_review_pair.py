"""A pair side by side: what differs, the model's reasons in words, the decision, and the merge with its choices."""

import pytest
from django.urls import reverse

from guichet.audit.models import AuditEntry
from guichet.identity.models import Merge, PairDecision
from guichet.identity.services import pair_decide
from guichet.registry.models import Person

from .conftest import rows_touching
from .proposals import propose


@pytest.fixture
def steward_client(client, personas):
    client.force_login(personas["steward"])
    client.cookies["django_language"] = "en"
    return client


def _url(a, b):
    return reverse("identity:pair", args=[a.social_id, b.social_id])


def _merge_post(twins, **values):
    """The merge form as the page fills it: the older file survives, the default choices, the versions seen."""
    survivor, absorbed = twins.survivor, twins.absorbed
    return {
        "action": "merge",
        "survivor": "first",
        "version_first": survivor.version,
        "version_second": absorbed.version,
        "given_name_latin": "first",
        "family_name_latin": "first",
        "family_name_ar": "first",
        "cnie": "first",
        "idcs": "first",
        "phone": "first",
        "address": "second",
        **values,
    }


def test_it_shows_both_files_side_by_side_with_what_differs_marked(steward_client, twins):
    propose(twins.survivor, twins.absorbed)
    html = steward_client.get(_url(twins.absorbed, twins.survivor)).content.decode()

    # The older file first, whichever order the address names them in.
    assert html.index("Mohamed El Idrissi") < html.index("Mohammed Idrissi")
    assert "<mark>Mohamed</mark>" in html and "<mark>Mohammed</mark>" in html
    assert "<mark>BE123456</mark>" in html and "<mark>BK998877</mark>" in html
    assert '<span class="tag">differs</span>' in html
    assert "<td>Male</td>" in html  # the same sex in both files is not marked
    assert "<mark>محمد</mark>" not in html


def test_it_gives_the_models_reasons_in_words_with_signed_weights(steward_client, twins):
    propose(twins.survivor, twins.absorbed)
    html = steward_client.get(_url(twins.survivor, twins.absorbed)).content.decode()

    assert "Same family name, in another spelling or script" in html
    assert "Date of birth" in html and "Same date of birth" in html
    assert "+6.2" in html and "+8.5" in html and "\u22123.1" in html
    reasons = html[html.index('id="reasons-title"') : html.index('id="decide-title"')]
    for raw in ("family_name", "birth_date", "transliteration key", "All other comparisons", "same date"):
        assert raw not in reasons


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_reasons_read_in_the_readers_language(client, personas, twins, language):
    propose(twins.survivor, twins.absorbed)
    client.force_login(personas["steward"])
    client.cookies["django_language"] = language
    html = client.get(_url(twins.survivor, twins.absorbed)).content.decode()
    for english in (
        "Same family name, in another spelling",
        "Same date of birth",
        "Why the model proposes",
        "differs<",
    ):
        assert english not in html
    assert ("+6,2" if language == "fr" else "+6") in html


def test_it_counts_the_records_linked_to_each_file(steward_client, twins):
    html = steward_client.get(_url(twins.survivor, twins.absorbed)).content.decode()
    assert '<tr><th scope="row">Requests</th><td>1</td><td>2</td></tr>' in html
    assert '<tr><th scope="row">Training enrolments</th><td>1</td><td>2</td></tr>' in html
    assert '<tr><th scope="row">Schooling applications</th><td>1</td><td>1</td></tr>' in html


def test_two_files_never_proposed_can_be_compared(steward_client, people):
    response = steward_client.get(_url(people["casa"], people["rabat"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The matching model did not propose this pair." in html
    assert "Youssef" in html and "Mohamed" in html


def test_opening_a_pair_is_recorded_as_reading_both_files(steward_client, personas, twins):
    steward_client.get(_url(twins.survivor, twins.absorbed))
    read = AuditEntry.objects.filter(actor=personas["steward"], action=AuditEntry.Action.VIEW)
    assert set(read.values_list("object_id", flat=True)) == {str(twins.survivor.pk), str(twins.absorbed.pk)}


def test_an_unknown_or_identical_social_id_is_not_found(steward_client, people):
    casa = people["casa"]
    assert steward_client.get(reverse("identity:pair", args=[casa.social_id, "nothing"])).status_code == 404
    assert steward_client.get(_url(casa, casa)).status_code == 404


def test_same_person_is_remembered_and_leads_to_the_merge(steward_client, twins):
    response = steward_client.post(_url(twins.survivor, twins.absorbed), {"action": "decide", "decision": "same"})
    assert response.status_code == 302 and response["Location"].endswith("#merge-title")
    decision = PairDecision.objects.get()
    assert decision.decision == "same"
    html = steward_client.get(response["Location"]).content.decode()
    assert "Decided: same person" in html


def test_the_merge_form_is_prefilled_with_the_defaults(steward_client, twins):
    html = steward_client.get(_url(twins.survivor, twins.absorbed)).content.decode()
    # The older file survives; the values the newer file changed most recently are taken, and so is the address
    # only it has; the IDCS only the older file has is kept.
    assert 'value="first" id="id_survivor_0" required checked' in html
    assert 'value="second" id="id_address_1" required checked' in html
    assert 'value="second" id="id_given_name_latin_1" required checked' in html
    assert 'value="first" id="id_idcs_0" required checked' in html


def test_a_merge_is_confirmed_then_repoints_the_requests(steward_client, personas, twins):
    url = _url(twins.survivor, twins.absorbed)
    data = _merge_post(twins)

    asked = steward_client.post(url, data)
    assert asked.status_code == 200
    assert "Merge the files" in asked.content.decode()
    assert not Merge.objects.exists()

    done = steward_client.post(url, {**data, "confirm": "1"})

    merge = Merge.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("identity:merge", args=[merge.pk])
    assert (merge.survivor, merge.absorbed) == (twins.survivor, twins.absorbed)
    twins.absorbed_request.refresh_from_db()
    assert twins.absorbed_request.person == twins.survivor
    survivor = Person.objects.get(pk=twins.survivor.pk)
    assert survivor.address == "Derb Sultan, rue 12" and survivor.cnie == "BE123456"


def test_the_steward_chooses_the_surviving_file_and_each_value(steward_client, twins):
    url = _url(twins.survivor, twins.absorbed)
    data = _merge_post(twins, survivor="second", given_name_latin="first", cnie="second", address="second")
    steward_client.post(url, {**data, "confirm": "1"})

    merge = Merge.objects.get()
    assert (merge.survivor, merge.absorbed) == (twins.absorbed, twins.survivor)
    survivor = Person.objects.get(pk=twins.absorbed.pk)
    assert survivor.given_name_latin == "Mohamed" and survivor.cnie == "BK998877"


def test_a_file_changed_since_the_page_was_opened_is_not_merged(steward_client, twins):
    before = rows_touching(twins.survivor, twins.absorbed)
    data = _merge_post(twins, version_second=twins.absorbed.version - 1 if twins.absorbed.version else 99)
    response = steward_client.post(_url(twins.survivor, twins.absorbed), {**data, "confirm": "1"})
    assert response.status_code == 409
    assert "Someone else saved this record" in response.content.decode()
    assert not Merge.objects.exists() and rows_touching(twins.survivor, twins.absorbed) == before


def test_a_refused_merge_shows_why_and_writes_nothing(steward_client, personas, twins):
    pair_decide(actor=personas["steward"], a=twins.survivor, b=twins.absorbed, decision="not_same")
    before = rows_touching(twins.survivor, twins.absorbed)
    client = steward_client
    client.cookies["django_language"] = "fr"
    response = client.post(_url(twins.survivor, twins.absorbed), {**_merge_post(twins), "confirm": "1"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert "choisissez « Même personne » ci-dessus" in response.content.decode()
    assert "were decided not to be the same person" not in response.content.decode()  # translated
    assert not Merge.objects.exists() and rows_touching(twins.survivor, twins.absorbed) == before


def test_the_old_social_id_leads_to_the_surviving_file(steward_client, twins):
    steward_client.post(_url(twins.survivor, twins.absorbed), {**_merge_post(twins), "confirm": "1"})
    response = steward_client.get(reverse("registry:detail", args=[twins.absorbed.social_id]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("registry:detail", args=[twins.survivor.social_id])
    html = response.content.decode()
    assert "This file was merged into another one" in html
    assert reverse("identity:merge", args=[Merge.objects.get().pk]) in html  # the person page lists the merge


def test_numbers_keep_their_order_on_an_arabic_page(client, personas, twins):
    client.force_login(personas["steward"])
    client.cookies["django_language"] = "ar"
    html = client.get(_url(twins.survivor, twins.absorbed)).content.decode()
    # Isolated left to right (LRI … PDI), in the table and in the merge choices alike.
    assert html.count("\u206606 12 34 56 78\u2069") == 2
    assert html.count("\u2066BE123456\u2069") == 2
    assert f"\u2066{twins.survivor.social_id_display}\u2069" in html
