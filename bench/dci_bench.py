"""What bench/api.py sends to the DCI API: signed synchronous searches by social ID, as a client's gateway would.

The bench client signs with a fixed Ed25519 key (a benchmark's, never a real system's) so that the key registered
for it stays valid from one run to the next.
"""

import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from guichet.interop.dci import signatures
from guichet.interop.dci.envelope import new_id, now_iso

BENCH_SEED = bytes(range(32))  # a benchmark's key: public in this file, registered only for the bench client
SENDER_ID = "bench-api"  # the slug of bench/api.py's CLIENT_NAME, "Bench API"
KEY = Ed25519PrivateKey.from_private_bytes(BENCH_SEED)


def public_key() -> str:
    return signatures.public_key_text(KEY)


def search_by_id(social_id: str) -> bytes:
    """A signed sync search of one person by social ID."""
    header = {
        "version": "1.0.0",
        "message_id": new_id("m"),
        "message_ts": now_iso(),
        "action": "search",
        "sender_id": SENDER_ID,
        "receiver_id": "guichet",
        "total_count": 1,
    }
    message = {
        "transaction_id": new_id("t"),
        "search_request": [
            {
                "reference_id": new_id("r"),
                "timestamp": now_iso(),
                "search_criteria": {
                    "query_type": "idtype-value",
                    "query": {"type": "SOCIAL_ID", "value": social_id},
                },
            }
        ],
    }
    signature = signatures.sign(private_key=KEY, key_id=f"{SENDER_ID}|bench|ed25519", header=header, message=message)
    return json.dumps({"signature": signature, "header": header, "message": message}).encode()
