"""The network home: centres by type, windows by status, open windows against the national target."""

import os

from django.urls import reverse

from guichet.network.tests.factories import WindowFactory


def test_home_counts_centres_and_windows(admin_client, personas, settings, django_assert_max_num_queries):
    settings.GUICHET_WINDOWS_TARGET = 500
    WindowFactory(status="planned", opened_on=None, commune=personas["agent"].window.commune)
    with django_assert_max_num_queries(6):
        response = admin_client.get(reverse("network:home"))
    summary = response.context["summary"]
    centres = {kind: count for kind, _label, count in summary.centres_by_kind}
    assert centres == {
        "disability": 2,
        "incubator": 1,
        "training": 0,
        "association": 0,
        "social_protection": 0,
        "other": 0,
    }
    windows = {status: count for status, _label, count in summary.windows_by_status}
    assert windows == {"planned": 1, "open": 2, "closed": 0}
    page = response.content.decode()
    assert "2 open windows of the national target of 500" in page
    for name in ("network:centre_list", "network:window_list", "network:service_list", "network:holiday_list"):
        assert reverse(name) in page


def test_the_target_defaults_to_500(admin_client, personas, settings):
    # The default is declared once, in settings.py; the test environment does not set GUICHET_WINDOWS_TARGET.
    assert "GUICHET_WINDOWS_TARGET" not in os.environ
    assert "of the national target of 500" in admin_client.get(reverse("network:home")).content.decode()
