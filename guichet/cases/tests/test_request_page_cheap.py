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
    # Session, user, request (with whether it has attachments and referrals), its filer and assignee, audit (begin,
    # durability, chain head, entry, commit), documents, attachments, timeline, the referrals' joined read: 14.
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
    """Neither attachments nor referrals: the request's own read says so, and neither is read (10 queries, not 12)."""
    client.force_login(personas["centre"])
    client.get(reverse("cases:detail", args=[filed.reference]))  # the catalogue is kept after the first page
    with django_assert_max_num_queries(10):
        response = client.get(reverse("cases:detail", args=[filed.reference]), headers={"Accept-Language": "en"})
    html = response.content.decode()
    assert response.status_code == 200 and "Referred to" not in html and "Referred by" not in html


def test_attachments_and_timeline_are_read_with_the_names_they_show_at_no_extra_cost(
    client, personas, filed, catalogue, django_assert_max_num_queries
):
    """Attachments and events are read with only their staff's names and their document's (request_reads.py): what
    the page shows of them needs no further read, however many there are."""
    from guichet.cases import services

    from .test_attachments import PDF, upload

    agent = personas["agent"]
    agent.first_name, agent.last_name = "Nadia", "Chraibi"
    agent.save()
    document = filed.service.documents.first()
    services.request_attach(actor=agent, request=filed, uploads=[upload("scan.pdf", PDF)], document=document)
    services.request_attach(actor=agent, request=filed, uploads=[upload("autre.pdf", PDF), upload("b.pdf", PDF)])
    services.request_comment(actor=personas["centre"], request=filed, text="Pièces reçues.")
    client.force_login(personas["centre"])
    client.get(reverse("cases:detail", args=[filed.reference]))  # the catalogue is kept after the first page
    with django_assert_max_num_queries(13):
        response = client.get(reverse("cases:detail", args=[filed.reference]), headers={"Accept-Language": "fr"})
    html = response.content.decode()
    assert html.count("Nadia Chraibi") >= 3 and "Pièces reçues." in html
    assert "scan.pdf" in html and "autre.pdf" in html and document.name_fr in html


def test_each_request_page_shows_its_own_timeline_and_documents_from_the_kept_reads(
    client, personas, people, filed, catalogue
):
    """The timeline and the documents are read by SQL written once for every request: each page still shows its
    own, in order, with the actor's name (the system's own events have none)."""
    from guichet.cases import services

    other = services.request_file(
        actor=personas["agent"],
        person=people["casa"],
        service=catalogue["card"],
        language="fr",
        documents=[],
        duplicate_reason="Deuxième carte",
        missing_documents_reason="Pas encore apportés",
    )
    services.request_comment(actor=personas["centre"], request=filed, text="Premier appel.")
    services.request_comment(actor=personas["centre"], request=other, text="Autre dossier.")
    client.force_login(personas["centre"])
    first = client.get(reverse("cases:detail", args=[filed.reference]), headers={"Accept-Language": "fr"})
    second = client.get(reverse("cases:detail", args=[other.reference]), headers={"Accept-Language": "fr"})
    first_html, second_html = first.content.decode(), second.content.decode()
    assert "Premier appel." in first_html and "Autre dossier." not in first_html
    assert "Autre dossier." in second_html and "Premier appel." not in second_html
    received = first_html[first_html.index('id="documents-title"') :]
    assert received.index("Certificat médical") < received.index("Copie de la CNIE")
    documents_of_other = second_html[second_html.index('id="documents-title"') :]
    assert documents_of_other.index("Aucun enregistré.") < documents_of_other.index("</ul>")
    centre_name = personas["centre"].get_full_name() or personas["centre"].username
    assert centre_name in first_html
