"""The eligibility explanation kept with a request tells a disability only to roles that may see disability details."""

import pytest
from django.urls import reverse

from guichet.registry.services import disability_record_save

from .helpers import refer


@pytest.fixture
def referred(filed, personas, people, catalogue):
    """The disability centre refers a person with a disability record to a service whose rule asks for one."""
    disability_record_save(
        actor=personas["admin"],
        person=people["casa"],
        expected_version=None,
        data={"kind": "visual", "degree": "severe", "card_number": "", "notes": ""},
    )
    project = catalogue["project"]
    project.eligibility_rule = {"combine": "all", "conditions": [{"field": "disability", "op": "eq", "value": True}]}
    project.save()
    return refer(personas, filed, catalogue)


def _eligibility_section(client, request) -> str:
    html = client.get(reverse("cases:detail", args=[request.reference])).content.decode()
    start = html.index('aria-labelledby="eligibility-title"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize("role", ["incubator", "supervisor_region", "supervisor_national"])
def test_the_receiving_centre_and_supervisors_do_not_learn_the_disability(client, personas, referred, role):
    assert referred.eligibility["eligible"] is True  # evaluated by the referring disability centre, which may see it
    client.force_login(personas[role])
    section = _eligibility_section(client, referred)
    assert "With a recorded disability" in section
    assert 'class="tag ok"' not in section and 'class="tag no"' not in section
    assert "unknown — the centre will check" in section
    assert "The person meets the service&#x27;s eligibility rule." not in section
    assert "Eligibility cannot be fully checked here" in section


@pytest.mark.parametrize("role", ["centre", "admin", "steward"])
def test_roles_that_may_see_disability_details_read_the_whole_explanation(client, personas, referred, role):
    client.force_login(personas[role])
    section = _eligibility_section(client, referred)
    assert "With a recorded disability" in section and 'class="tag ok"' in section


def test_the_verdict_is_worked_out_again_without_the_disability():
    from guichet.network.eligibility import without_disability

    disability = {"field": "disability", "op": "eq", "value": True}
    woman = {"field": "sex", "op": "eq", "value": "F"}
    kept = {
        "combine": "any",
        "eligible": True,
        "results": [
            {"condition": disability, "passed": True, "actual": True},
            {"condition": woman, "passed": False, "actual": "M"},
        ],
    }
    seen = without_disability(kept)
    assert seen["eligible"] is None  # "the centre will check", not "meets the rule because of a disability"
    assert seen["results"][0] == {"condition": disability, "passed": None, "actual": None}
    assert seen["results"][1] == kept["results"][1]
    assert kept["results"][0]["passed"] is True  # the kept snapshot itself is not changed
