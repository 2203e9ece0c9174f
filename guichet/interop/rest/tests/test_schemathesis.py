"""The API keeps to its own OpenAPI schema: schemathesis generates calls to every operation of /api/schema/
against a live server (a client with every permission, a few persons and requests seeded), with a bounded number of
examples, and finds no server error, no undocumented status code and no response that contradicts the schema."""

import subprocess
import sys
from pathlib import Path

from guichet.accounts.models import ApiClient
from guichet.registry.models import DisabilityRecord

from .conftest import EVERY_PERMISSION

# Per operation: enough for the boundary cases and some random ones, the whole run well under two minutes.
MAX_EXAMPLES = 15
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def test_the_api_keeps_to_its_schema(live_server, api_clients, people, filed, tmp_path):
    client, token = api_clients(*EVERY_PERMISSION, name="Fuzzer")
    ApiClient.objects.filter(pk=client.pk).update(rate_per_minute=1_000_000)
    DisabilityRecord.objects.create(person=people["casa"], kind="motor", degree="light")
    run = subprocess.run(
        [
            str(SCHEMATHESIS),
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
    assert "No issues found" in run.stdout or "passed" in run.stdout, run.stdout[-3000:]
