"""Where the dashboards and the open data are reached from: the staff menu, and the public pages' footer."""

import pytest
from django.urls import reverse

DASHBOARD = reverse("insights:dashboard")
MENU_LINK = f'<a href="{DASHBOARD}">Tableaux de bord</a>'


@pytest.mark.parametrize("persona", ["supervisor_national", "supervisor_region", "supervisor_province", "admin"])
def test_supervisors_and_administrators_find_the_dashboards_in_the_menu(client, personas, persona):
    client.force_login(personas[persona])
    html = client.get(reverse("registry:search")).content.decode()
    assert MENU_LINK in html
    assert client.get(DASHBOARD).status_code == 200


@pytest.mark.parametrize("persona", ["agent", "centre", "steward", "coordinator", "programme_officer"])
def test_other_staff_are_not_offered_the_dashboards(client, personas, persona):
    client.force_login(personas[persona])
    assert DASHBOARD not in client.get(reverse("registry:search")).content.decode()


@pytest.mark.django_db
def test_the_public_pages_link_to_the_open_data(client):
    html = client.get(reverse("portal:track")).content.decode()
    assert f'<a href="{reverse("open_data:page")}">Données ouvertes</a>' in html
    client.cookies["django_language"] = "ar"
    assert "البيانات المفتوحة" in client.get(reverse("portal:track")).content.decode()
