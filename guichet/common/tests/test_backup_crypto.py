"""The sealed archive format: what goes in comes out, and any change to it, a wrong key or a missing one is refused
with a message naming the problem, in French, Arabic and English."""

import ast
import base64
import io
import os
import secrets
import struct
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.utils import translation

from guichet.common.backup.crypto import (
    CHUNK_BYTES,
    MAGIC,
    BackupError,
    OpeningReader,
    SealingWriter,
    backup_key,
    key_id,
    opening_keys,
)

ROOT = Path(__file__).resolve().parents[3]
KEY = secrets.token_bytes(32)
DATA = os.urandom(2 * CHUNK_BYTES + 12345)  # three chunks, the last one short


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def seal(data: bytes, key: bytes = KEY) -> bytes:
    out = io.BytesIO()
    writer = SealingWriter(out, key)
    for start in range(0, len(data), 70_000):
        writer.write(data[start : start + 70_000])
    writer.close()
    return out.getvalue()


def open_all(sealed: bytes, key: bytes = KEY) -> bytes:
    reader = OpeningReader(io.BytesIO(sealed), {key_id(key): key})
    return b"".join(iter(lambda: reader.read(100_000), b""))


def chunks(sealed: bytes) -> tuple[bytes, list[bytes]]:
    """The header and each record (length and ciphertext) of an archive."""
    header_size = len(MAGIC) + 1 + 8 + 16
    records, at = [], header_size
    while at < len(sealed):
        (size,) = struct.unpack(">I", sealed[at : at + 4])
        records.append(sealed[at : at + 4 + size])
        at += 4 + size
    return sealed[:header_size], records


def test_what_is_sealed_opens_the_same_and_reads_as_noise():
    sealed = seal(DATA)
    assert open_all(sealed) == DATA
    assert DATA[:1000] not in sealed
    assert len(chunks(sealed)[1]) == 3


def test_an_empty_stream_still_has_its_last_chunk():
    assert open_all(seal(b"")) == b""
    with pytest.raises(BackupError, match="cut short"):
        open_all(chunks(seal(b""))[0])


def test_two_archives_of_the_same_data_differ():
    assert seal(b"same") != seal(b"same")


@pytest.mark.parametrize(
    "change",
    [
        lambda header, records: header + records[1] + records[0] + records[2],  # chunks swapped
        lambda header, records: header + records[0] + records[2],  # a middle chunk dropped
        lambda header, records: header + records[0] + records[0] + records[1] + records[2],  # one repeated
    ],
    ids=["swapped", "dropped", "repeated"],
)
def test_moved_dropped_or_repeated_chunks_are_refused(change):
    with pytest.raises(BackupError, match="altered"):
        open_all(change(*chunks(seal(DATA))))


def test_a_stream_cut_after_a_whole_chunk_is_refused():
    header, records = chunks(seal(DATA))
    with pytest.raises(BackupError, match="cut short"):
        open_all(header + records[0] + records[1])


def test_anything_after_the_last_chunk_is_refused():
    with pytest.raises(BackupError, match="data follows its end"):
        open_all(seal(DATA) + b"\x00\x00\x00\x20" + os.urandom(32))


@pytest.mark.parametrize("position", [len(MAGIC) + 1, len(MAGIC) + 20], ids=["key-id", "salt"])
def test_a_changed_header_is_refused(position):
    sealed = bytearray(seal(DATA))
    sealed[position] ^= 1
    with pytest.raises(BackupError, match="Wrong key" if position < len(MAGIC) + 9 else "altered"):
        open_all(bytes(sealed))


def test_the_wrong_key_is_named_apart_from_an_altered_archive():
    other = secrets.token_bytes(32)
    with pytest.raises(BackupError) as refused:
        open_all(seal(DATA), key=other)
    assert key_id(KEY) in str(refused.value) and key_id(other) in str(refused.value)
    assert "Wrong key" in str(refused.value)


def test_a_file_that_is_no_backup_is_named_so():
    with pytest.raises(BackupError, match="not a Guichet backup"):
        open_all(b"PK\x03\x04 a zip file")


def test_a_later_format_is_named():
    sealed = bytearray(seal(b"x"))
    sealed[len(MAGIC)] = 9
    with pytest.raises(BackupError, match="format 9"):
        open_all(bytes(sealed))


def test_the_key_comes_from_the_settings_and_a_bad_one_is_explained_in_the_readers_language(settings):
    settings.GUICHET_BACKUP_KEY = base64.b64encode(KEY).decode()
    assert backup_key() == KEY
    settings.GUICHET_BACKUP_KEY = ""
    with translation.override("fr"), pytest.raises(BackupError, match="Pas de clé de sauvegarde"):
        backup_key()
    for wrong in ["not base64!", base64.b64encode(b"16 bytes only...").decode()]:
        settings.GUICHET_BACKUP_KEY = wrong
        with translation.override("ar"), pytest.raises(BackupError, match="32 بايتًا بالضبط"):
            backup_key()


def _marked() -> set[str]:
    sources = [
        *(ROOT / "guichet/common/backup").glob("*.py"),
        *(ROOT / "guichet/common/management/commands").glob("*.py"),
    ]
    found = set()
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_" and node.args:
                argument = node.args[0]
                assert isinstance(argument, ast.Constant), f"{source}: a message must be a literal"
                found.add(str(argument.value))
    return found


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_every_backup_message_is_translated(language):
    with (ROOT / "guichet/locale" / language / "LC_MESSAGES/django.po").open("rb") as po:
        catalogue = {message.id: message.string for message in read_po(po) if message.id}
    marked = _marked()
    assert len(marked) > 20
    assert {msgid for msgid in marked if not catalogue.get(msgid)} == set()


def test_after_a_key_change_the_previous_key_still_opens_the_archives_it_sealed(settings):
    old, new, lost = KEY, secrets.token_bytes(32), secrets.token_bytes(32)
    sealed = seal(DATA, key=old)
    settings.GUICHET_BACKUP_KEY = base64.b64encode(new).decode()
    settings.GUICHET_BACKUP_PREVIOUS_KEYS = [base64.b64encode(lost).decode(), base64.b64encode(old).decode()]
    assert list(opening_keys()) == [key_id(new), key_id(lost), key_id(old)]
    reader = OpeningReader(io.BytesIO(sealed), opening_keys())
    assert b"".join(iter(lambda: reader.read(100_000), b"")) == DATA

    settings.GUICHET_BACKUP_PREVIOUS_KEYS = [base64.b64encode(lost).decode()]
    with pytest.raises(BackupError) as refused:
        OpeningReader(io.BytesIO(sealed), opening_keys())
    assert f"sealed with key {key_id(old)}" in str(refused.value)
    assert f"GUICHET_BACKUP_PREVIOUS_KEYS holds keys {key_id(lost)}" in str(refused.value)

    settings.GUICHET_BACKUP_PREVIOUS_KEYS = ["c2hvcnQ="]
    with translation.override("fr"), pytest.raises(BackupError, match="Chaque clé de GUICHET_BACKUP_PREVIOUS_KEYS"):
        opening_keys()
