"""The API keeps to its own OpenAPI schema: schemathesis generates calls to every operation of /api/schema/
against a live server (a client with every permission, a few persons and requests seeded), with a bounded number of
examples, and finds no server error, no undocumented status code and no response that contradicts the schema."""

import json
import subprocess
import sys
from pathlib import Path

from guichet.accounts.models import ApiClient
from guichet.audit.models import AuditEntry
from guichet.registry.models import DisabilityRecord

from .conftest import EVERY_PERMISSION

# Per operation: enough for the boundary cases and some random ones, the whole run well under two minutes.
MAX_EXAMPLES = 10
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def _config(*, people, filed, personas, card) -> str:
    """Half of the generated addresses name records that exist (persons, requests, codes) and half of the versions
    sent are current, so that the calls reach the reads and writes themselves, not only their 404 and 412."""
    dictionaries = {
        "social_ids": [person.social_id for person in people.values()],
        "references": [request.reference for request in filed.values()],
        "codes": [
            card.code,
            personas["centre"].centre.code,
            personas["centre_rabat"].centre.code,
            personas["agent"].window.code,
        ],
        "versions": ['"1"', '"2"'],
    }
    bindings = {
        "path.social_id": "social_ids",
        "path.reference": "references",
        "path.code": "codes",
        "header.If-Match": "versions",
    }
    lines = []
    for name, values in dictionaries.items():
        quoted = ", ".join(json.dumps(value) for value in values)
        lines += [f"[dictionaries.{name}]", f"values = [{quoted}]", ""]
    lines.append("[parameters]")
    lines += [f'"{key}" = {{ dictionary = "{name}", probability = 0.5 }}' for key, name in bindings.items()]
    return "\n".join(lines) + "\n"


def test_the_api_keeps_to_its_schema(live_server, api_clients, people, filed, personas, card, tmp_path):
    client, token = api_clients(*EVERY_PERMISSION, name="Fuzzer")
    ApiClient.objects.filter(pk=client.pk).update(rate_per_minute=1_000_000)
    DisabilityRecord.objects.create(person=people["casa"], kind="motor", degree="light")
    config = tmp_path / "schemathesis.toml"
    config.write_text(_config(people=people, filed=filed, personas=personas, card=card))
    run = subprocess.run(
        [
            str(SCHEMATHESIS),
            "--config-file",
            str(config),
            "run",
            f"{live_server.url}/api/schema/",
            "--url",
            live_server.url,
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            "not_a_server_error,status_code_conformance,response_schema_conformance",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--phases",
            "examples,coverage,fuzzing",
            "--workers",
            "1",
            "--seed",
            "20261206",
            "--generation-database",
            "none",
            "--no-color",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    # The calls reached real files and requests, not only their refusals.
    reads = AuditEntry.objects.filter(actor=client.user, action=AuditEntry.Action.VIEW)
    assert reads.filter(object_type="registry.person").exists(), run.stdout[-3000:]
    assert reads.filter(object_type="cases.request").exists(), run.stdout[-3000:]
