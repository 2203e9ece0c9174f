"""The sealed archive: a stream cut in chunks, each encrypted and authenticated with AES-256-GCM.

Layout: a header (format name, version, key id, a random salt), then records (4-byte length, ciphertext with its
16-byte tag). Each archive has its own key, derived from the settings' key and the salt (HKDF), so nonces never
repeat across archives. A chunk's nonce is its position and a flag marking the last one, and every chunk
authenticates the header: a chunk altered, moved, dropped or added, a header edited, or a stream cut short after
any chunk but the last, is refused. The key id (an HMAC of a fixed label under the key) names the key without
revealing it, so that a wrong key is told apart from an altered archive.
"""

import base64
import binascii
import hashlib
import hmac
import os
import struct
from collections.abc import Mapping
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils.translation import gettext as _

MAGIC = b"GUICHET-BACKUP\n"
VERSION = 1
CHUNK_BYTES = 1 << 20
_HEADER = struct.Struct(f">{len(MAGIC)}sB8s16s")  # magic, version, key id, salt
_LENGTH = struct.Struct(">I")
_TAG_BYTES = 16


class BackupError(Exception):
    """A backup or a restore refused or failed; its text says why, in the reader's language."""


def backup_key() -> bytes:
    """The settings' key (base64 of 32 bytes); a clear refusal when it is missing or malformed."""
    value = settings.GUICHET_BACKUP_KEY
    if not value:
        raise BackupError(
            _(
                "No backup key: set GUICHET_BACKUP_KEY to the base64 of 32 random bytes "
                '(python -c "import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())") '
                "and keep a copy of it away from the backups."
            )
        )
    key = _decoded(value)
    if len(key) != 32:
        raise BackupError(_("GUICHET_BACKUP_KEY must be the base64 of exactly 32 bytes."))
    return key


def opening_keys() -> dict[str, bytes]:
    """The keys a restore may open an archive with, by id: GUICHET_BACKUP_KEY, and those of
    GUICHET_BACKUP_PREVIOUS_KEYS (the keys that sealed older archives, kept while those archives are)."""
    keys = [backup_key()]
    for value in settings.GUICHET_BACKUP_PREVIOUS_KEYS:
        key = _decoded(value)
        if len(key) != 32:
            raise BackupError(_("Each key of GUICHET_BACKUP_PREVIOUS_KEYS must be the base64 of exactly 32 bytes."))
        keys.append(key)
    return {key_id(key): key for key in keys}


def _decoded(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return b""


def key_id(key: bytes) -> str:
    return hmac.new(key, b"guichet backup key id", hashlib.sha256).hexdigest()[:16]


def _archive_key(key: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"guichet backup v1").derive(key)
    return AESGCM(derived)


def _nonce(index: int, *, last: bool) -> bytes:
    return struct.pack(">QxxxB", index, 1 if last else 0)


class SealingWriter:
    """A writable stream that encrypts into `out`; `close()` writes the last chunk (the archive is whole then)."""

    def __init__(self, out: BinaryIO, key: bytes) -> None:
        salt = os.urandom(16)
        self._out = out
        self._header = _HEADER.pack(MAGIC, VERSION, bytes.fromhex(key_id(key)), salt)
        self._aead = _archive_key(key, salt)
        self._buffer = bytearray()
        self._index = 0
        self._closed = False
        out.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK_BYTES:
            self._seal(bytes(self._buffer[:CHUNK_BYTES]), last=False)
            del self._buffer[:CHUNK_BYTES]
        return len(data)

    def close(self) -> None:
        if not self._closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True

    def _seal(self, plain: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._index, last=last), plain, self._header)
        self._out.write(_LENGTH.pack(len(sealed)) + sealed)
        self._index += 1


class OpeningReader:
    """A readable stream of what `SealingWriter` sealed. Every byte it hands out has been authenticated; it
    raises BackupError at the first chunk that does not authenticate, and at the end if the last chunk is missing
    or something follows it."""

    def __init__(self, source: BinaryIO, keys: Mapping[str, bytes]) -> None:
        """`keys` by id (opening_keys()): the one the header names opens the archive."""
        header = source.read(_HEADER.size)
        if len(header) < _HEADER.size or not header.startswith(MAGIC):
            raise BackupError(_("This file is not a Guichet backup."))
        _magic, version, archive_key_id, salt = _HEADER.unpack(header)
        if version != VERSION:
            raise BackupError(
                _("This backup is in format %(version)s, which this version of Guichet cannot read.")
                % {"version": version}
            )
        key = keys.get(archive_key_id.hex())
        if key is None:
            current, *previous = keys
            names = {"archive": archive_key_id.hex(), "configured": current, "previous": ", ".join(previous)}
            if previous:
                message = _(
                    "Wrong key: this backup was sealed with key %(archive)s; GUICHET_BACKUP_KEY is key %(configured)s "
                    "and GUICHET_BACKUP_PREVIOUS_KEYS holds keys %(previous)s. Nothing was restored."
                )
            else:
                message = _(
                    "Wrong key: this backup was sealed with key %(archive)s, GUICHET_BACKUP_KEY is key %(configured)s. "
                    "Nothing was restored."
                )
            raise BackupError(message % names)
        self._source = source
        self._header = header
        self._aead = _archive_key(key, salt)
        self._index = 0
        self._buffer = b""
        self._done = False

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) < size):
            self._buffer += self._open_next()
        if size < 0:
            size = len(self._buffer)
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def _open_next(self) -> bytes:
        length = self._source.read(_LENGTH.size)
        if len(length) < _LENGTH.size:
            raise BackupError(_("This backup is cut short (its end is missing). Nothing was restored."))
        (size,) = _LENGTH.unpack(length)
        sealed = self._source.read(size)
        if size < _TAG_BYTES or size > CHUNK_BYTES + _TAG_BYTES or len(sealed) < size:
            raise BackupError(_("This backup is cut short (its end is missing). Nothing was restored."))
        for last in (False, True):
            try:
                plain = self._aead.decrypt(_nonce(self._index, last=last), sealed, self._header)
            except InvalidTag:
                continue
            self._index += 1
            if last:
                self._done = True
                if self._source.read(1):
                    raise BackupError(_("This backup was altered (data follows its end). Nothing was restored."))
            return plain
        raise BackupError(
            _("This backup was altered or damaged (part %(part)s does not authenticate). Nothing was restored.")
            % {"part": self._index + 1}
        )
