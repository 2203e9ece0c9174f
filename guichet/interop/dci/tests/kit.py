"""What the conformance kit test needs around Guichet: the kit copied with its node modules (cached by the hash of
its package-lock), a signing gateway in front of the live server, and a lock so the worker and the server take turns
on the test database (an in-memory SQLite connection is shared between the two threads)."""

import hashlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from guichet.interop.dci import signatures

ROOT = Path(__file__).resolve().parents[4]
# The published kit lives in the shared folder beside the repository (../shared); a clone made elsewhere (CI's clean
# clone) finds it at the shared folder's usual place, or where DCI_KIT_DIR says.
KIT_PLACES = [
    Path(place)
    for place in (
        os.environ.get("DCI_KIT_DIR", ""),
        ROOT.parent / "shared" / "third_party" / "spdci-compliance",
        "/work/shared/third_party/spdci-compliance",
    )
    if str(place)
]
KIT = next((place for place in KIT_PLACES if (place / "package-lock.json").is_file()), KIT_PLACES[0])
# What the kit writes in `signature` when asked to sign (DCI_SIGNATURE): the gateway signs such messages for real,
# and those its common helpers send with their own stand-in ("unsigned": they ignore DCI_SIGNATURE).
PLACEHOLDER = "guichet-test-gateway-signs-this"
STAND_INS = (PLACEHOLDER, "unsigned")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kit_copy(into: Path) -> Path:
    """A writable copy of the kit (shared/ is read-only), its node_modules installed once per package-lock."""
    assert (KIT / "package-lock.json").is_file(), f"No DCI kit in {KIT_PLACES}: set DCI_KIT_DIR."
    lock = (KIT / "package-lock.json").read_bytes()
    cache = Path(tempfile.gettempdir()) / f"guichet-dci-kit-{hashlib.sha256(lock).hexdigest()[:16]}"
    if not (cache / "node_modules").is_dir():
        building = Path(tempfile.mkdtemp(prefix="guichet-dci-kit-build-"))
        shutil.copy(KIT / "package.json", building)
        shutil.copy(KIT / "package-lock.json", building)
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
            cwd=building,
            check=True,
            capture_output=True,
            timeout=600,
        )
        try:
            building.rename(cache)  # atomic: a concurrent run finding it there uses it whole
        except OSError:
            shutil.rmtree(building, ignore_errors=True)
    copy = into / "kit"
    shutil.copytree(KIT, copy, ignore=shutil.ignore_patterns("node_modules", "results"))
    (copy / "node_modules").symlink_to(cache / "node_modules")
    return copy


class SigningGateway:
    """The client's side of the signature: the kit cannot sign (its DCI_SIGNATURE_PRIVATE_KEY is "future"), so the
    requests it sends with a stand-in signature are signed here with the client's private key, as a client's
    DCI gateway would, and forwarded to Guichet. Any other signature (the kit's invalid-signature scenario) is
    forwarded untouched, for Guichet to refuse."""

    def __init__(self, *, target: str, private_key: Ed25519PrivateKey, key_id: str):
        self.target, self.private_key, self.key_id = target.rstrip("/"), private_key, key_id
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, headers, body = gateway.forward(self.path, raw, self.headers)
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.signed = 0

    def __enter__(self) -> "SigningGateway":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def forward(self, path: str, raw: bytes, headers) -> tuple[int, list[tuple[str, str]], bytes]:
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            body = None
        if isinstance(body, dict) and body.get("signature") in STAND_INS:
            body["signature"] = signatures.sign(
                private_key=self.private_key, key_id=self.key_id, header=body.get("header"), message=body.get("message")
            )
            raw = json.dumps(body).encode()
            self.signed += 1
        names = ("Authorization", "Content-Type", "Accept")
        request = urllib.request.Request(
            self.target + path,
            data=raw,
            method="POST",
            headers={name: headers[name] for name in names if headers.get(name) is not None},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, _kept(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, _kept(error.headers), error.read()


def _kept(headers) -> list[tuple[str, str]]:
    return [(name, value) for name, value in headers.items() if name.lower() in ("content-type", "www-authenticate")]


def locked(app, lock: threading.Lock):
    """The live server's WSGI application, one request at a time against the worker (`with lock`)."""

    def application(environ, start_response):
        with lock:
            result = app(environ, start_response)
            try:
                return list(result)
            finally:
                if hasattr(result, "close"):
                    result.close()  # Django's request_finished, as the server would

    return application
