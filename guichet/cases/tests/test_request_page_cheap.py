"""The request page reads a referral both ways in one joined query (after a plain look at the one table, which
is all a request without referrals costs), with only what it shows, and still shows it all."""

from django.urls import reverse

from guichet.cases.models import Referral

from .helpers import act, refer


def test_the_referrals_both_ways_cost_one_query_and_show_their_other_side(
    client, personas, filed, catalogue, django_assert_max_num_queries
):
    received = refer(personas, filed, catalogue)
    act(personas["incubator"], received, "decline", note="Pas de session cette année.")
    client.force_login(personas["centre"])
    client.get(reverse("cases:detail", args=[filed.reference]))  # the catalogue (service, centre, window) is kept
    # Session, user, request, its filer and assignee, audit (begin, durability, chain head, entry, commit),
    # documents, attachments, timeline, referrals (are there any, then the joined read): 14.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("cases:detail", args=[filed.reference]), headers={"Accept-Language": "en"})
    html = response.content.decode()
    assert response.status_code == 200
    referral = Referral.objects.get()
    assert "Referred to" in html and referral.to_centre.name in html
    assert received.reference_display in html and "Pas de session cette année." in html
    assert f'href="{reverse("cases:detail", args=[received.reference])}"' in html  # the sender may open it

    client.force_login(personas["incubator"])
    client.get(reverse("cases:detail", args=[received.reference]))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("cases:detail", args=[received.reference]), headers={"Accept-Language": "en"})
    html = response.content.decode()
    assert "Referred by" in html and referral.from_centre.name in html
    assert filed.reference_display in html and "Souhaite lancer une activité de couture." in html
    assert catalogue["card"].name_en in html  # the service of the request at the other end


def test_a_request_without_referrals_says_nothing_of_them(client, personas, filed, django_assert_max_num_queries):
    client.force_login(personas["centre"])
    client.get(reverse("cases:detail", args=[filed.reference]))  # the catalogue is kept after the first page
    with django_assert_max_num_queries(13):
        response = client.get(reverse("cases:detail", args=[filed.reference]), headers={"Accept-Language": "en"})
    html = response.content.decode()
    assert response.status_code == 200 and "Referred to" not in html and "Referred by" not in html
