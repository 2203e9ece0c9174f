"""The request page's actions: only those the viewer and the status allow, grouped, one note box and one button;
every form posts to the page's own address; rejecting, withdrawing and declining are confirmed first."""

import re

import pytest
from django.urls import reverse

from guichet.cases.models import Status
from guichet.cases.transitions import CONFIRM_FIRST, GROUPS, TRANSITIONS

from .conftest import fresh
from .helpers import in_status, refer


def _groups(html: str) -> dict[str, list[str]]:
    """The page's action groups, by legend, with the actions each offers, in order."""
    form = html.split('name="action" value="transition"', 1)[1].split("</form>", 1)[0]
    groups = {}
    for legend, body in re.findall(
        r'<fieldset class="action-group"><legend>(.*?)</legend>(.*?)</fieldset>', form, re.S
    ):
        groups[legend] = re.findall(r'name="transition" value="(\w+)"', body)
    return groups


def test_every_transition_is_in_exactly_one_group_and_the_irreversible_ones_are_confirmed():
    grouped = [name for _, names in GROUPS for name in names]
    assert sorted(grouped) == sorted(TRANSITIONS)
    assert set(CONFIRM_FIRST) == {"reject", "withdraw", "decline"}


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (
            Status.SUBMITTED,
            {"Decide": ["approve", "reject"], "Ask the citizen": ["request_info"], "Close": ["withdraw"]},
        ),
        (Status.INFO_REQUESTED, {"Decide": ["reject"], "Ask the citizen": ["resume"], "Close": ["withdraw"]}),
        (Status.APPROVED, {"Decide": ["deliver"], "Close": ["withdraw"]}),
    ],
)
def test_the_handling_centre_sees_the_actions_of_the_status_grouped(
    client, personas, filed, catalogue, status, expected
):
    request, staff = in_status(status, filed=filed, personas=personas, catalogue=catalogue)
    client.force_login(staff)

    html = client.get(reverse("cases:detail", args=[request.reference])).content.decode()

    assert _groups(html) == expected
    form = html.split('name="action" value="transition"', 1)[1].split("</form>", 1)[0]
    assert form.count("<textarea") == 1 and form.count('type="submit"') == 1
    assert " checked" not in form  # nothing is done by pressing the button without choosing


def test_a_referred_request_offers_accept_and_decline_to_the_receiving_centre(client, personas, filed, catalogue):
    referred = refer(personas, filed, catalogue)
    client.force_login(personas["incubator"])

    html = client.get(reverse("cases:detail", args=[referred.reference])).content.decode()

    assert _groups(html) == {"The referral": ["accept", "decline"], "Close": ["withdraw"]}


def test_the_filing_window_may_only_withdraw(client, personas, filed):
    client.force_login(personas["agent"])

    html = client.get(reverse("cases:detail", args=[filed.reference])).content.decode()

    assert _groups(html) == {"Close": ["withdraw"]}


def test_no_form_of_the_page_posts_elsewhere(client, personas, filed):
    client.force_login(personas["centre"])

    html = client.get(reverse("cases:detail", args=[filed.reference])).content.decode()

    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert re.findall(r"<form[^>]*method=\"post\"[^>]*>", main)
    assert not re.findall(r"<form[^>]*method=\"post\"[^>]*action=", main)


def test_rejecting_asks_for_confirmation_with_the_reason_and_changes_nothing(client, personas, filed):
    client.force_login(personas["centre"])
    url = reverse("cases:detail", args=[filed.reference])
    data = {"action": "transition", "transition": "reject", "version": filed.version, "note": "Revenu trop élevé."}

    response = client.post(url, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Reject request" in html and filed.reference_display in html and "Revenu trop élevé." in html
    assert 'name="confirm" value="1"' in html and f'href="{url}"' in html
    assert fresh(filed).status == Status.SUBMITTED

    confirmed = client.post(url, {**data, "confirm": "1"})

    assert confirmed.status_code == 302 and confirmed["Location"] == url
    assert fresh(filed).status == Status.REJECTED


def test_a_rejection_without_a_reason_is_refused_before_any_confirmation(client, personas, filed):
    client.force_login(personas["centre"])
    url = reverse("cases:detail", args=[filed.reference])

    response = client.post(url, {"action": "transition", "transition": "reject", "version": filed.version})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary"' in html and 'href="#id_note"' in html and "Reason for the rejection" in html
    assert 'name="confirm"' not in html
    assert 'value="reject" id="id_transition_reject" data-note-label="Reason for the rejection" checked' in html
    assert fresh(filed).status == Status.SUBMITTED


def test_choosing_no_action_is_named(client, personas, filed):
    client.force_login(personas["centre"])

    response = client.post(
        reverse("cases:detail", args=[filed.reference]), {"action": "transition", "version": filed.version}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_transition"' in html and 'id="id_transition"' in html and "Choose an action." in html


def test_a_stale_edit_shows_the_conflict_in_the_summary_and_keeps_what_was_typed(client, personas, filed):
    client.force_login(personas["centre"])
    url = reverse("cases:detail", args=[filed.reference])
    seen = filed.version
    client.post(url, {"action": "transition", "transition": "request_info", "version": seen, "note": "Photo."})

    response = client.post(
        url, {"action": "transition", "transition": "reject", "version": seen, "note": "Hors critères", "confirm": "1"}
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert 'id="error-summary"' in html and "Someone else saved this record" in html
    assert "Hors critères" in html and 'value="reject" id="id_transition_reject"' in html
    assert fresh(filed).status == Status.INFO_REQUESTED


def test_an_action_the_page_does_not_have_is_a_bad_request(client, personas, filed):
    client.force_login(personas["centre"])

    response = client.post(reverse("cases:detail", args=[filed.reference]), {"action": "delete"})

    assert response.status_code == 400
    assert fresh(filed).status == Status.SUBMITTED
