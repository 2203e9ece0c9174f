"""The demo accounts: the four that need a second factor share one TOTP secret, printed by seed_demo --staff;
none is asked to change its password."""

import io
import re

from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.urls import reverse

from guichet.accounts.tests.signin import sign_in
from guichet.demo.staff import DEMO_PASSWORD, demo_staff_reset


def test_seed_demo_prints_the_one_secret_of_the_demo_accounts(client, territory):
    out = io.StringIO()
    call_command("seed_demo", "--staff", "--persons", "0", stdout=out)
    secret = re.search(r"^TOTP secret: ([A-Z2-7]{32})$", out.getvalue(), re.M).group(1)
    enrolled = Authenticator.objects.filter(type=Authenticator.Type.TOTP).select_related("user")
    assert sorted(a.user.username for a in enrolled) == ["admin", "centre", "steward", "supervisor"]
    assert {a.data["secret"] for a in enrolled} == {secret}

    # Seeding again keeps the secret, so an authenticator app set up once keeps working.
    again = io.StringIO()
    call_command("seed_demo", "--staff", "--persons", "0", stdout=again)
    assert f"TOTP secret: {secret}" in again.getvalue()

    admin = enrolled.get(user__username="admin").user
    assert sign_in(client, admin, DEMO_PASSWORD)["Location"] == reverse("home")


def test_demo_accounts_are_not_asked_to_change_their_password(client, territory):
    accounts = demo_staff_reset()
    assert not any(user.must_change_password for user in accounts.values())
    response = sign_in(client, accounts["agent"], DEMO_PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("registry:search")).status_code == 200
