"""The audit log as CSV rows: the story in the reader's language beside the raw columns, read in chunks."""

import json
from collections.abc import Iterator
from itertools import islice
from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from guichet.common import l10n

from .listed import listed
from .models import AuditEntry
from .story import actor_label, describe

CHUNK = 500


def audit_rows(entries: QuerySet[AuditEntry], *, language: str) -> Iterator[list[Any]]:
    """The header, then one row per entry; written in `language` even when streamed after the view returned."""
    with translation.override(language):
        yield [
            _("When"),
            _("Who"),
            _("Username"),
            _("What happened"),
            _("Action"),
            _("Record type"),
            _("Record"),
            _("Social ID of the person"),
            _("What changed"),
            _("From address"),
            _("Position"),
        ]
        iterator = listed(entries, chunk_size=CHUNK)
        while batch := list(islice(iterator, CHUNK)):
            for story in describe(batch):
                entry = story.entry
                yield [
                    l10n.format_datetime(entry.at),  # the one date-time format of the language
                    actor_label(entry),
                    entry.actor.username if entry.actor else "",
                    story.text(),
                    entry.action,
                    entry.object_type,
                    entry.object_id,
                    entry.person.social_id_display if entry.person else "",
                    json.dumps(entry.changes, ensure_ascii=False, sort_keys=True) if entry.changes else "",
                    entry.ip_address or "",
                    entry.seq,
                ]
