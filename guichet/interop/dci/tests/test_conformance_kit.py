"""The public DCI conformance kit (spdci-compliance) passes its Social Registry server profile against Guichet.

The kit runs with DOMAIN=social, its server scenarios (TAGS below) with signature validation enabled
(DCI_SIGNATURE_VALIDATION_ENABLED=true), against a live Guichet server started here on the test database, with a
client system, its key, its callback addresses (the kit's callback server) and persons seeded. The worker delivers the
callbacks between the kit's requests. Messages are signed for real by a gateway in front of Guichet (tests/kit.py).
"""

import datetime
import json
import os
import subprocess
import threading
import time
import urllib.request

import pytest
from django.conf import settings

from guichet.accounts.models import ApiPermission
from guichet.interop.dci.models import Callback
from guichet.notify.tests.secrets import run_worker_once
from guichet.registry.models import Household, Membership
from guichet.registry.tests.factories import PersonFactory

from . import kit
from .conftest import sharing

# Every server scenario of the kit for DOMAIN=social: the core tier (the sr-registry profile and the common features),
# the SR security tier (bearer auth, invalid signature) and the extra reg_records check. Left out: the client and
# subscriber profiles (they test an SPMIS, not a registry) and common/features/security_headers.feature, whose steps
# the kit does not define (all five scenarios "undefined").
TAGS = os.environ.get(
    "DCI_KIT_TAGS",
    "(@tier=core and not @profile=spmis-client and not @profile=spmis-subscriber and not @category=security)"
    " or (@profile=sr-registry and (@tier=security or @tier=extra))",
)
CALLBACK_PATHS = ("registry/on-search", "registry/on-subscribe", "registry/on-unsubscribe", "registry/txn/on-status")


def _seed(territory) -> None:
    """A young person in a poor household (the kit's predicate: age < 25, poverty_score < 2.5), and her mother."""
    today = datetime.date.today()
    young = sharing(PersonFactory(commune=territory["anfa"], birth_date=today.replace(year=today.year - 20)))
    mother = sharing(PersonFactory(given_name_latin="Khadija", commune=territory["anfa"]))
    household = Household.objects.get(memberships__person=mother)
    household.rsu_score = 2
    household.save()
    Membership.objects.filter(person=young).update(household=household, relationship="child")


@pytest.mark.django_db(transaction=True)
def test_the_kit_social_registry_profile_passes(live_server, territory, make_caller, tmp_path, capsys):
    started = time.monotonic()
    kit_dir = kit.kit_copy(tmp_path)
    callback_port = kit.free_port()
    base = f"http://127.0.0.1:{callback_port}"
    caller = make_caller(
        permissions=[ApiPermission.READ_PERSONS, ApiPermission.SUBSCRIBE],
        callbacks=[f"{base}/{path}" for path in (*CALLBACK_PATHS, "registry/notify")],
    )
    _seed(territory)
    lock = threading.Lock()
    server = live_server.thread.httpd
    app = server.get_app()
    server.set_app(kit.locked(app, lock))
    try:
        output, process, gateway, report = _run_kit(live_server, caller, callback_port, kit_dir, tmp_path, lock)
    finally:
        server.set_app(app)  # the live server is the session's: the next tests get it back as it was
    counts = _counts(report)
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\nDCI kit ({TAGS}): {counts} in {elapsed:.0f} s; {gateway.signed} messages signed by the gateway")
    text = "".join(output)
    assert process.returncode == 0, text[text.find("Failures:") :][:20000]
    assert counts["failed"] == 0 and counts["passed"] >= 45, counts
    assert gateway.signed > 0
    # Each kind of callback was delivered, every one to an address registered for the client (the last scenarios'
    # callbacks may find the kit's callback server already closed: they wait for a retry).
    callbacks = Callback.objects.filter(client=caller.client)
    delivered = set(callbacks.filter(status=Callback.Status.SENT).values_list("action", flat=True))
    assert delivered == {"on-search", "on-subscribe", "on-unsubscribe", "txn-on-status"}
    assert all(caller.client.accepts_callback(url) for url in callbacks.values_list("url", flat=True))


def _run_kit(live_server, caller, callback_port, kit_dir, tmp_path, lock):
    """Run cucumber through the signing gateway; the worker delivers callbacks between the kit's requests."""
    key_id = f"{caller.sender_id}|k1|ed25519"
    with kit.SigningGateway(target=live_server.url + "/dci", private_key=caller.key, key_id=key_id) as gateway:
        env = {
            **os.environ,
            "DOMAIN": "social",
            "API_BASE_URL": gateway.url + "/",
            "DCI_AUTH_TOKEN": caller.token,
            "DCI_SIGNATURE": kit.PLACEHOLDER,
            "DCI_SIGNATURE_VALIDATION_ENABLED": "true",
            "DCI_SENDER_ID": caller.sender_id,
            "DCI_RECEIVER_ID": settings.GUICHET_DCI_REGISTRY_ID,
            # The kit's common helpers read other names for the same two.
            "SENDER_ID": caller.sender_id,
            "RECEIVER_ID": settings.GUICHET_DCI_REGISTRY_ID,
            "CALLBACK_SERVER_ENABLED": "true",
            "CALLBACK_SERVER_HOST": "127.0.0.1",
            "CALLBACK_SERVER_PORT": str(callback_port),
            "CALLBACK_WAIT_MS": "30000",
            "QUIET_LOGS": "1",
            # The kit holds answers to 15 s (its timely-manner steps); its HTTP client's own default, 3 s, is shorter
            # than a busy CI machine may need while the worker has the database.
            "PACTUM_REQUEST_TIMEOUT": "15000",
        }
        # A first request loads the URL configuration and the views: not the kit's to wait for.
        with urllib.request.urlopen(f"{live_server.url}/dci/keys", timeout=60) as warm:
            assert warm.status == 200
        run_worker_once()
        report = tmp_path / "report.json"
        command = [
            "node",
            "node_modules/@cucumber/cucumber/bin/cucumber-js",
            "--tags",
            TAGS,
            "--format",
            f"json:{report}",
        ]
        process = subprocess.Popen(
            command, cwd=kit_dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        output: list[str] = []
        reader = threading.Thread(target=lambda: output.extend(process.stdout or []), daemon=True)
        reader.start()
        deadline = time.monotonic() + 900
        while process.poll() is None:  # the worker delivers the callbacks while the kit waits for them
            if time.monotonic() > deadline:
                process.kill()
                raise AssertionError("the kit ran for more than 15 minutes")
            with lock:
                run_worker_once()
            time.sleep(0.2)
        reader.join(timeout=10)
        return output, process, gateway, report


def _counts(report) -> dict[str, int]:
    """Scenarios passed, failed and skipped, from cucumber's JSON report."""
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for feature in json.loads(report.read_text()):
        for element in feature.get("elements", []):
            if element.get("type") != "scenario":
                continue
            statuses = {step["result"]["status"] for step in element.get("steps", [])}
            if "failed" in statuses or "undefined" in statuses or "ambiguous" in statuses:
                counts["failed"] += 1
            elif statuses <= {"passed"}:
                counts["passed"] += 1
            else:
                counts["skipped"] += 1
    return counts
