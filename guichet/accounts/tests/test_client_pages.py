"""The administrator's pages for client systems: registering one shows its token once; revoking and renewing are
confirmed; bad input is named on its field and writes nothing; nobody but an administrator reaches them."""

import base64
import datetime
import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from guichet.accounts.api_clients import api_client_for_token, api_client_revoke, api_client_update
from guichet.accounts.models import ApiClient, User
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.common.exceptions import NotAllowed, StaleEdit

pytestmark = pytest.mark.django_db

OTHER_ROLES = [
    "steward",
    "agent",
    "centre",
    "supervisor_region",
    "supervisor_national",
    "coordinator",
    "facilitator",
    "programme_officer",
    "association_manager",
]


@pytest.fixture(autouse=True)
def _in_english(client):
    client.cookies["django_language"] = "en"  # the words asserted below; French and Arabic: test_errors_are_translated


def _key() -> str:
    raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def _in_a_year() -> str:
    return (timezone.localdate() + datetime.timedelta(days=365)).isoformat()


def _form(territory, **changes):
    data = {
        "name": "RSU",
        "contact": "Équipe RSU, it@rsu.example.ma",
        "province": "",
        "region": territory["casa_settat"].pk,
        "permissions": ["read_persons", "file_requests"],
        "expires_at": _in_a_year(),
        "rate_per_minute": "120",
        "public_key": "",
        "callback_urls": "https://rsu.example.ma/dci/on-search\n\nhttps://rsu.example.ma/dci/on-subscribe\n",
    }
    data.update(changes)
    return data


def _edit_form(client, **changes):
    user = client.user
    data = {
        "name": client.name,
        "contact": client.contact,
        "province": user.province_id or "",
        "region": user.region_id or "",
        "permissions": list(client.permissions),
        "expires_at": timezone.localdate(client.expires_at).isoformat(),
        "rate_per_minute": str(client.rate_per_minute),
        "public_key": client.public_key,
        "callback_urls": "\n".join(client.callback_urls),
        "version": client.version,
    }
    if user.national:
        data["national"] = "on"
    data.update(changes)
    return data


@pytest.mark.parametrize("persona", [*OTHER_ROLES, "client system"])
def test_only_administrators_reach_the_client_pages(client, personas, api_clients, territory, persona):
    registered, token = api_clients("read_persons")
    client.force_login(registered.user if persona == "client system" else personas[persona])
    for name, args in [
        ("client_list", []),
        ("client_create", []),
        ("client_detail", [registered.pk]),
        ("client_edit", [registered.pk]),
        ("client_token", [registered.pk]),
    ]:
        assert client.get(reverse(f"accounts:{name}", args=args)).status_code == 403, name
    assert client.post(reverse("accounts:client_create"), _form(territory)).status_code == 403
    detail = reverse("accounts:client_detail", args=[registered.pk])
    assert client.post(detail, {"action": "revoke", "confirm": "1"}).status_code == 403
    assert client.post(detail, {"action": "renew", "expires_at": _in_a_year(), "confirm": "1"}).status_code == 403
    assert ApiClient.objects.count() == 1 and api_client_for_token(token) == registered


def test_a_visitor_is_sent_to_the_login_page(client, api_clients):
    registered, _ = api_clients("read_persons")
    response = client.get(reverse("accounts:client_detail", args=[registered.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_administrator_registers_a_client_and_sees_its_token_once(client, personas, territory):
    client.force_login(personas["admin"])
    response = client.post(reverse("accounts:client_create"), _form(territory, public_key=_key()))
    registered = ApiClient.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:client_token", args=[registered.pk]
    )

    shown = client.get(response["Location"])
    token = shown.context["token"]
    assert token.startswith(f"gch_{registered.token_prefix}_") and token in shown.content.decode()
    assert shown["Cache-Control"].count("no-store") == 1  # the browser keeps no copy to show on Back
    assert api_client_for_token(token) == registered

    again = client.get(response["Location"])
    assert again.context["token"] is None and token not in again.content.decode()
    assert "not shown again" in again.content.decode()
    assert registered.user.region == territory["casa_settat"] and registered.user.username == "api:rsu"
    assert registered.callback_urls == [
        "https://rsu.example.ma/dci/on-search",
        "https://rsu.example.ma/dci/on-subscribe",
    ]
    assert registered.rate_per_minute == 120 and registered.permissions == ["file_requests", "read_persons"]
    assert AuditEntry.objects.filter(
        object_type="accounts.apiclient", action="create", actor=personas["admin"]
    ).exists()


def test_the_token_waiting_for_its_page_is_sealed_and_never_written_in_clear(client, personas, territory):
    client.force_login(personas["admin"])
    client.post(reverse("accounts:client_create"), _form(territory))
    registered = ApiClient.objects.get()
    stored = " ".join(f"{row.session_data} {row.get_decoded()}" for row in Session.objects.all())
    token = client.get(reverse("accounts:client_token", args=[registered.pk])).context["token"]
    secret = token.split("_", 2)[2]  # gch_<prefix>_<secret>: the secret may itself hold a "_"
    assert token and token not in stored and secret not in stored
    audited = " ".join(str(entry.changes) for entry in AuditEntry.objects.all())
    assert secret not in audited


def test_the_token_of_one_client_is_not_shown_on_another_clients_page(client, personas, territory, api_clients):
    other, _ = api_clients("read_persons", name="Other")
    client.force_login(personas["admin"])
    client.post(reverse("accounts:client_create"), _form(territory))
    response = client.get(reverse("accounts:client_token", args=[other.pk]))
    assert response.context["token"] is None
    # ... and it went: the right page does not show it afterwards either.
    registered = ApiClient.objects.get(name="RSU")
    assert client.get(reverse("accounts:client_token", args=[registered.pk])).context["token"] is None


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"name": ""}, "name", "required"),
        ({"name": "صندوق"}, "name", "Latin"),
        ({"contact": ""}, "contact", "required"),
        ({"permissions": []}, "permissions", "at least one permission"),
        ({"permissions": ["read_persons", "fly"]}, "permissions", "fly"),
        ({"region": ""}, "province", "province or the region"),
        ({"national": "on"}, "province", "province or the region"),
        ({"expires_at": timezone.localdate().isoformat()}, "expires_at", "in the future"),
        ({"expires_at": "31/02/2027"}, "expires_at", "valid date"),
        ({"public_key": "not a key"}, "public_key", "32 bytes"),
        ({"public_key": base64.b64encode(b"short").decode()}, "public_key", "32 bytes"),
        ({"callback_urls": "https://ok.example.ma/cb\nftp://files.example.ma"}, "callback_urls", "https://"),
        ({"rate_per_minute": "0"}, "rate_per_minute", "between 1 and 100000"),
        ({"rate_per_minute": "ten"}, "rate_per_minute", "whole number"),
    ],
)
def test_bad_input_is_named_on_its_field_and_nothing_is_written(client, personas, territory, changes, field, words):
    client.force_login(personas["admin"])
    response = client.post(reverse("accounts:client_create"), _form(territory, **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and words in " ".join(errors[field]), errors
    assert f'id="id_{field}_error"' in response.content.decode() or field == "permissions"
    assert not ApiClient.objects.exists() and not User.objects.filter(username__startswith="api:").exists()


def test_a_second_client_of_the_same_name_is_refused(client, personas, territory, api_clients):
    api_clients("read_persons", name="rsu")
    client.force_login(personas["admin"])
    response = client.post(reverse("accounts:client_create"), _form(territory))
    assert "exists already" in " ".join(response.context["form"].errors["name"])
    assert ApiClient.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "permissions", "rate"),
    [
        ("fr", "Choisissez au moins une autorisation", "Indiquez un nombre d’appels par minute entre 1 et 100000."),
        ("ar", "اختر إذنًا واحدًا على الأقل", "أدخل عددًا من الطلبات في الدقيقة بين 1 و100000."),
    ],
)
def test_errors_are_translated(client, personas, territory, language, permissions, rate):
    client.force_login(personas["admin"])
    client.cookies["django_language"] = language
    url = reverse("accounts:client_create")
    refused_by_the_form = client.post(url, _form(territory, permissions=[])).context["form"].errors
    refused_by_the_service = client.post(url, _form(territory, rate_per_minute="0")).context["form"].errors
    assert permissions in refused_by_the_form["permissions"][0]
    assert refused_by_the_service["rate_per_minute"] == [rate]


def test_the_list_filters_by_name_and_status(client, personas, api_clients):
    api_clients("read_persons", name="Programme Tayssir")
    revoked, _ = api_clients("read_persons", name="Ancien SI")
    expired, _ = api_clients("read_persons", name="Pilote RSU")
    api_client_revoke(actor=personas["admin"], client=revoked)
    ApiClient.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(personas["admin"])
    url = reverse("accounts:client_list")

    def names(**query):
        return [row.client.name for row in client.get(url, query).context["rows"]]

    assert names() == ["Ancien SI", "Pilote RSU", "Programme Tayssir"]
    assert names(status="active") == ["Programme Tayssir"]
    assert names(status="revoked") == ["Ancien SI"]
    assert names(status="expired") == ["Pilote RSU"]
    assert names(q="rsu") == ["Pilote RSU"]
    assert names(status="nonsense") == names()
    html = client.get(url, {"status": "revoked"}).content.decode()
    assert '<span class="tag no">Revoked</span>' in html


def test_the_list_is_paginated_and_its_queries_do_not_grow_with_it(client, personas, api_clients, territory):
    client.force_login(personas["admin"])
    url = reverse("accounts:client_list")
    api_clients("read_persons", province=territory["rabat"])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(55):
        scope = [{"province": territory["rabat"]}, {"region": territory["casa_settat"]}, {}][number % 3]
        api_clients("read_persons", **scope)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["rows"]) == 50 and response.context["page"].paginator.num_pages == 2
    assert len(many.captured_queries) <= len(few.captured_queries) + 1  # the count of the paginator
    assert len(client.get(url, {"page": 2}).context["rows"]) == 6


def test_the_detail_page_shows_rights_scope_expiry_and_last_calls(client, personas, api_clients, territory, people):
    registered, _ = api_clients("read_persons", "subscribe", province=territory["casablanca"])
    audit_record(actor=registered.user, action=AuditEntry.Action.VIEW, obj=people["casa"], person=people["casa"])
    client.force_login(personas["admin"])
    response = client.get(reverse("accounts:client_detail", args=[registered.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert ("Casablanca" in html and "Lire les personnes" in html) or "read persons" in html.lower()
    assert registered.token_prefix in html
    assert people["casa"].social_id_display in html  # its call, read from the audit log of its account
    assert 'name="action" value="revoke"' in html and 'name="action" value="renew"' in html


def test_revoking_is_confirmed_then_stops_the_token(client, personas, api_clients):
    registered, token = api_clients("read_persons")
    client.force_login(personas["admin"])
    url = reverse("accounts:client_detail", args=[registered.pk])
    asked = client.post(url, {"action": "revoke"})
    assert asked.status_code == 200 and 'name="confirm"' in asked.content.decode()
    assert api_client_for_token(token) == registered  # not yet
    done = client.post(url, {"action": "revoke", "confirm": "1"})
    assert done.status_code == 302 and done["Location"] == url
    assert api_client_for_token(token) is None
    registered.refresh_from_db()
    assert registered.revoked_at is not None
    html = client.get(url).content.decode()
    assert 'value="revoke"' not in html  # nothing left to revoke
    assert client.post(url, {"action": "fly"}).status_code == 400


def test_renewing_is_confirmed_and_shows_the_new_token_once(client, personas, api_clients):
    registered, old = api_clients("read_persons")
    api_client_revoke(actor=personas["admin"], client=registered)
    client.force_login(personas["admin"])
    url = reverse("accounts:client_detail", args=[registered.pk])
    later = (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    asked = client.post(url, {"action": "renew", "expires_at": later})
    assert asked.status_code == 200 and 'name="confirm"' in asked.content.decode()
    done = client.post(url, {"action": "renew", "expires_at": later, "confirm": "1"})
    assert done["Location"] == reverse("accounts:client_token", args=[registered.pk])
    new = client.get(done["Location"]).context["token"]
    assert new != old and api_client_for_token(new) == registered and api_client_for_token(old) is None
    registered.refresh_from_db()
    assert timezone.localdate(registered.expires_at).isoformat() == later and registered.revoked_at is None
    assert client.get(done["Location"]).context["token"] is None


def test_renewing_until_a_past_day_is_refused_on_the_field(client, personas, api_clients):
    registered, token = api_clients("read_persons")
    client.force_login(personas["admin"])
    url = reverse("accounts:client_detail", args=[registered.pk])
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {"action": "renew", "expires_at": yesterday, "confirm": "1"})
    assert response.status_code == 400
    assert "in the future" in " ".join(response.context["renew_form"].errors["expires_at"])
    assert 'id="id_expires_at_error"' in response.content.decode()
    assert api_client_for_token(token) == registered


def test_editing_changes_rights_territory_and_rotates_the_key(client, personas, api_clients, territory):
    registered, token = api_clients("read_persons", name="MIS Tayssir")
    key = _key()
    client.force_login(personas["admin"])
    response = client.post(
        reverse("accounts:client_edit", args=[registered.pk]),
        _edit_form(
            registered,
            name="MIS Tayssir 2",
            national="",
            province=territory["rabat"].pk,
            permissions=["read_persons", "subscribe"],
            public_key=key,
            callback_urls="https://mis.example.ma/cb",
            rate_per_minute="30",
        ),
    )
    assert response.status_code == 302
    registered.refresh_from_db()
    registered.user.refresh_from_db()
    assert registered.name == "MIS Tayssir 2" and registered.user.username == "api:mis-tayssir-2"
    assert registered.user.province == territory["rabat"] and not registered.user.national
    assert registered.permissions == ["read_persons", "subscribe"] and registered.public_key == key
    assert registered.callback_urls == ["https://mis.example.ma/cb"] and registered.rate_per_minute == 30
    assert api_client_for_token(token) == registered  # its token is untouched
    entry = AuditEntry.objects.filter(object_type="accounts.apiclient", action="update").get()
    assert set(entry.changes) >= {"name", "province", "national", "permissions", "public_key", "rate_per_minute"}


def test_two_administrators_cannot_overwrite_each_other(client, personas, api_clients):
    registered, _ = api_clients("read_persons")
    client.force_login(personas["admin"])
    url = reverse("accounts:client_edit", args=[registered.pk])
    assert client.post(url, _edit_form(registered, contact="first")).status_code == 302
    response = client.post(url, _edit_form(registered, contact="second"))
    assert response.status_code == 200 and "Someone else saved" in " ".join(response.context["form"].non_field_errors())
    registered.refresh_from_db()
    assert registered.contact == "first"


def test_bad_edits_are_named_and_change_nothing(client, personas, api_clients):
    registered, _ = api_clients("read_persons")
    api_clients("read_persons", name="Taken")
    client.force_login(personas["admin"])
    url = reverse("accounts:client_edit", args=[registered.pk])
    for changes, field in [
        ({"name": "taken"}, "name"),
        ({"permissions": []}, "permissions"),
        ({"public_key": "AAAA"}, "public_key"),
        ({"region": "", "province": "", "national": ""}, "province"),
    ]:
        response = client.post(url, _edit_form(registered, **changes))
        assert field in response.context["form"].errors, changes
    assert ApiClient.objects.get(pk=registered.pk).version == registered.version
    assert not AuditEntry.objects.filter(object_type="accounts.apiclient", action="update").exists()


def test_the_menu_offers_client_systems_to_administrators_only(client, personas):
    link = reverse("accounts:client_list")
    client.force_login(personas["admin"])
    assert f'href="{link}"' in client.get(reverse("accounts:staff_list")).content.decode()
    client.force_login(personas["supervisor_national"])
    assert f'href="{link}"' not in client.get(reverse("registry:search")).content.decode()


ACCOUNTS = Path(__file__).resolve().parents[1]
MARKED = re.compile(r'\b_\(\s*"((?:[^"\\]|\\.)+)"\s*\)')
SAME_IN_FRENCH = {"Contact", "contact"}
TRANSLATED = re.compile(r"""\{%\s*translate\s+"([^"]+)"|\{%\s*translate\s+'([^']+)'""")


def _client_page_messages() -> set[str]:
    found: set[str] = set()
    for name in ("views_clients.py", "forms_clients.py", "selectors_clients.py", "api_clients.py"):
        found.update(MARKED.findall((ACCOUNTS / name).read_text()))
    for template in (ACCOUNTS / "templates" / "accounts" / "clients").glob("*.html"):
        found.update(a or b for a, b in TRANSLATED.findall(template.read_text()))
    return found


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_message_of_the_client_pages_is_translated(language):
    marked = _client_page_messages()
    assert len(marked) > 40
    with translation.override(language):
        untranslated = sorted(m for m in marked if gettext(m) == m and not (language == "fr" and m in SAME_IN_FRENCH))
    assert untranslated == []


def test_only_an_administrator_changes_a_client_and_nothing_moves_when_refused(personas, api_clients):
    registered, _ = api_clients("read_persons")
    with pytest.raises(NotAllowed):
        api_client_update(
            actor=personas["supervisor_national"],
            client=registered,
            expected_version=registered.version,
            data={"permissions": ["read_persons", "see_disability"]},
        )
    with pytest.raises(StaleEdit):
        api_client_update(actor=personas["admin"], client=registered, expected_version=0, data={"contact": "x"})
    stored = ApiClient.objects.get(pk=registered.pk)
    assert stored.permissions == ["read_persons"] and stored.contact == registered.contact
    assert stored.version == registered.version
