"""The one mechanism for a page's actions: dispatch by the posted action's name, and the confirmation step."""

import pytest
from django.core.exceptions import BadRequest
from django.http import HttpResponse

from guichet.common.actions import action_confirmation, action_confirmed, action_dispatch, action_posted


def _post(rf, user, data, path="/network/holidays/?year=2026"):
    request = rf.post(path, data)
    request.user = user
    return request


def test_the_posted_action_runs_its_handler_with_the_pages_arguments(rf, personas):
    request = _post(rf, personas["admin"], {"action": "remove", "holiday": "3"})

    response = action_dispatch(request, {"remove": lambda req, year: HttpResponse(f"{year}")}, 2026)

    assert response.content == b"2026"


def test_a_form_without_an_action_is_the_pages_main_form(rf, personas):
    request = _post(rf, personas["admin"], {"holiday-date": "2026-05-01"})

    assert action_posted(request) == ""
    assert action_dispatch(request, {"": lambda req: HttpResponse("main")}).content == b"main"


def test_an_action_the_page_does_not_have_is_a_bad_request(rf, personas):
    with pytest.raises(BadRequest):
        action_dispatch(_post(rf, personas["admin"], {"action": "drop"}), {"remove": lambda req: HttpResponse()})


@pytest.mark.parametrize(("data", "confirmed"), [({"confirm": "1"}, True), ({"confirm": "yes"}, False), ({}, False)])
def test_only_the_confirmation_steps_answer_confirms(rf, personas, data, confirmed):
    assert action_confirmed(_post(rf, personas["admin"], {"action": "remove", **data})) is confirmed


def test_a_get_never_confirms(rf, personas):
    request = rf.get("/network/holidays/", {"action": "remove", "confirm": "1"})
    request.user = personas["admin"]

    assert not action_confirmed(request)


def test_the_confirmation_step_posts_the_same_fields_again_to_the_same_address(rf, personas):
    data = {"action": "reject", "note": 'Motif "<b>" & co', "present": ["1", "2"], "csrfmiddlewaretoken": "x"}
    request = _post(rf, personas["admin"], data)

    response = action_confirmation(
        request, question="Rejeter la demande ?", confirm_label="Rejeter", details=[("Motif", data["note"])]
    )

    html = response.content.decode()
    form = html.split('<form method="post" class="confirm"', 1)[1].split("</form>", 1)[0]
    assert "action=" not in form.split(">", 1)[0]  # no action attribute: the same address
    assert '<input type="hidden" name="action" value="reject">' in form
    assert '<input type="hidden" name="note" value="Motif &quot;&lt;b&gt;&quot; &amp; co">' in form
    assert form.count('name="present"') == 2
    assert 'value="x"' not in form and form.count('name="csrfmiddlewaretoken"') == 1
    assert '<button type="submit" name="confirm" value="1" class="primary">Rejeter</button>' in form
    assert 'href="/network/holidays/?year=2026"' in form  # Cancel: back to the page
    assert "<h1>Rejeter la demande ?</h1>" in html and "Motif &quot;&lt;b&gt;&quot; &amp; co" in html
