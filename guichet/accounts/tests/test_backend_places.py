"""The signed-in staff member is read in one query, their window and centre taken from the catalogue kept for every
visitor and their province from the territory kept likewise (accounts/backends.py), and a renamed centre shows under
its new name on the next page."""

from django.urls import reverse

from guichet.accounts.backends import ScopedModelBackend


def test_the_user_is_one_query_and_their_centre_and_window_none_more(personas, django_assert_num_queries):
    backend = ScopedModelBackend()
    backend.get_user(personas["centre"].pk)  # the catalogue is read once, then kept
    backend.get_user(personas["agent"].pk)
    backend.get_user(personas["supervisor_province"].pk)  # the territory too
    with django_assert_num_queries(1):
        staff = backend.get_user(personas["centre"].pk)
        assert staff.centre.name == "Centre Anfa" and staff.centre.region_id == personas["centre"].centre.region_id
    with django_assert_num_queries(1):
        agent = backend.get_user(personas["agent"].pk)
        assert agent.window.name == "Guichet Anfa" and agent.centre is None
    with django_assert_num_queries(1):
        supervisor = backend.get_user(personas["supervisor_province"].pk)
        assert supervisor.province.name_fr == "Settat" and supervisor.province.region.pk


def test_an_inactive_account_is_not_loaded(personas):
    staff = personas["centre"]
    staff.is_active = False
    staff.save()
    assert ScopedModelBackend().get_user(staff.pk) is None


def test_a_renamed_centre_shows_its_new_name_on_the_next_page(client, personas):
    staff = personas["centre"]
    client.force_login(staff)
    assert "Centre Anfa" in client.get(reverse("cases:queue")).content.decode()
    centre = staff.centre
    centre.name = "Centre Anfa-Sidi Maarouf"
    centre.save()
    assert "Centre Anfa-Sidi Maarouf" in client.get(reverse("cases:queue")).content.decode()
