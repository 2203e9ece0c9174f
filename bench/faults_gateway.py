"""A fake HTTP text-message gateway for bench/faults.py: it takes what Guichet's http gateway posts, logs every
message id it receives, and honours the Idempotency-Key header as real gateways do (a key seen before is answered
200 again and not delivered twice).

Its log (one JSON line per POST received: key, whether it was delivered or absorbed as a duplicate) is what the
bench reads afterwards: every key delivered once, none missing. `stall_at` holds the answer to the n-th delivery
for `stall_seconds` after it was delivered, so that a worker killed during that wait has sent a message without
hearing so: the case the idempotency key is for.

Run alone: .venv/bin/python bench/faults_gateway.py --port 8999 --log /tmp/gateway.jsonl
"""

import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class Gateway:
    def __init__(self, log: Path, *, stall_at: int = 0, stall_seconds: float = 0.0, delay: float = 0.0) -> None:
        self.log = Path(log)
        self.log.write_text("")
        self.lock = threading.Lock()
        self.delivered: dict[str, int] = {}  # key -> how many times it was received
        self.received = 0
        self.stall_at, self.stall_seconds, self.delay = stall_at, stall_seconds, delay
        self.stalled = threading.Event()  # set while the n-th delivery's answer is held back
        self.server: ThreadingHTTPServer | None = None

    def take(self, key: str, body: dict) -> bool:
        """Record one POST; True when it delivers the message (first time this key is seen)."""
        with self.lock:
            self.received += 1
            first = key not in self.delivered
            self.delivered[key] = self.delivered.get(key, 0) + 1
            count = len(self.delivered)
            line = {"n": self.received, "key": key, "to": body.get("to"), "delivered": first, "t": time.time()}
            with self.log.open("a") as handle:
                handle.write(json.dumps(line) + "\n")
        if first and self.stall_at and count == self.stall_at:
            self.stalled.set()
            time.sleep(self.stall_seconds)
        return first

    def start(self, port: int) -> "Gateway":
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                key = self.headers.get("Idempotency-Key") or ""
                if not key or not body.get("to"):
                    self.send_response(400)
                    self.end_headers()
                    return
                if gateway.delay:
                    time.sleep(gateway.delay)
                gateway.take(key, body)
                answer = json.dumps({"id": key, "status": "accepted"}).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:  # the worker was killed while it waited: it never heard that the message left
                    self.close_connection = True

            def log_message(self, *args) -> None:  # the JSON log is the record; no line per request on stderr
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()


def read_log(path: Path) -> tuple[dict[str, int], dict[str, int]]:
    """(key -> deliveries, key -> POSTs received) from a gateway log."""
    deliveries: dict[str, int] = {}
    received: dict[str, int] = {}
    for line in Path(path).read_text().splitlines():
        entry = json.loads(line)
        received[entry["key"]] = received.get(entry["key"], 0) + 1
        if entry["delivered"]:
            deliveries[entry["key"]] = deliveries.get(entry["key"], 0) + 1
    return deliveries, received


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8999)
    parser.add_argument("--log", type=Path, default=Path("gateway.jsonl"))
    arguments = parser.parse_args()
    Gateway(arguments.log).start(arguments.port)
    print(f"fake SMS gateway on http://127.0.0.1:{arguments.port}/, log {arguments.log}", flush=True)
    threading.Event().wait()
