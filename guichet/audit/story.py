"""The audit log told as sentences in the reader's language: what happened to what, field by field.

"Status of the request 45891 74533: received → approved": the record by its reference or name, the field by
its translated name, a choice by its label, another record by its name. The records a page names are read in
bulk, one query per record type, whatever the number of entries.
"""

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from guichet.common import l10n
from guichet.common.html_text import escaped

from .forms import AuditFilterForm
from .kinds import BACKUP, GENERIC_OF, INSIGHTS_EXPORT, KINDS, PSEUDO_FIELDS, label_of, model_of, noun_of
from .listed import Entry
from .models import AuditEntry

EMPTY = "—"
# The first sentence of an entry, by its action; translated when a sentence is written, only the one it needs.
HEADLINES: dict[str, Promise] = {
    AuditEntry.Action.VIEW: gettext_lazy("Opening %(of)s"),
    AuditEntry.Action.VIEW_SENSITIVE: gettext_lazy("Opening, disability details included, %(of)s"),
    AuditEntry.Action.CREATE: gettext_lazy("Creation %(of)s"),
    AuditEntry.Action.UPDATE: gettext_lazy("Change %(of)s"),
    AuditEntry.Action.DELETE: gettext_lazy("Removal %(of)s"),
}
HIDDEN = "…"  # what services write in place of a sensitive value
PERSON = "registry.person"


@dataclass(frozen=True)
class Sentence:
    """A translated pattern and its values; the values are isolated from the text around them in HTML."""

    pattern: str
    values: dict[str, "str | Sentence"] = field(default_factory=dict)

    def text(self) -> str:
        return self.pattern % {name: v.text() if isinstance(v, Sentence) else v for name, v in self.values.items()}

    def html(self) -> SafeString:
        values = {name: v.html() if isinstance(v, Sentence) else _isolated(v) for name, v in self.values.items()}
        return SafeString(escaped(self.pattern) % values)  # every value escaped above


# A number written in groups ("45891 74533", "123 456 789", "2026-2027"): kept left-to-right in one piece.
_NUMBER = re.compile(r"\+?\d(?:[\d\s./-]*\d)?")


def _isolated(value: str) -> SafeString:
    """A value in its own direction (<bdi>), its numbers kept in order even inside an Arabic sentence."""
    parts, start = [], 0
    for match in _NUMBER.finditer(value):
        parts.append(escaped(value[start : match.start()]))
        parts.append(l10n.ltr_html(match[0]))
        start = match.end()
    parts.append(escaped(value[start:]))
    return SafeString(f"<bdi>{''.join(parts)}</bdi>")  # every part escaped above


@dataclass(frozen=True)
class Story:
    entry: Entry
    lines: list[Sentence]

    def text(self) -> str:
        return _("; ").join(line.text() for line in self.lines)

    def html(self) -> list[SafeString]:
        return [line.html() for line in self.lines]


def actor_label(entry: Entry) -> str:
    """Who did it, by name: never "accounts.user 1"."""
    if entry.actor is None:
        return _("not signed in")
    return entry.actor.get_full_name() or entry.actor.username


def describe(entries: Iterable[Entry]) -> list[Story]:
    """One story per entry; `entries` should come with their actor and person (select_related)."""
    entries = list(entries)
    names = _Names()
    for entry in entries:
        names.want_entry(entry)
    names.resolve()
    return [Story(entry, _lines(entry, names)) for entry in entries]


class _Names:
    """The display of every record the entries name, read in one query per record type."""

    def __init__(self) -> None:
        self.wanted: dict[str, set[str]] = defaultdict(set)
        self.found: dict[tuple[str, str], str] = {}

    def want(self, object_type: str, value: Any) -> None:
        if value not in (None, ""):
            self.wanted[object_type].add(str(value))

    def want_entry(self, entry: Entry) -> None:
        # A sign-in names its user as the actor already; a failed one names what was typed, not a record.
        if entry.object_type and entry.action not in (AuditEntry.Action.LOGIN, AuditEntry.Action.LOGIN_FAILED):
            if entry.object_type == PERSON and entry.person is not None and str(entry.person_id) == entry.object_id:
                # The entry's own person, read with it (most entries): named without reading the person again.
                self.found.setdefault((PERSON, entry.object_id), KINDS[PERSON].label(entry.person))
            else:
                self.want(entry.object_type, entry.object_id)
        for key, values in (entry.changes or {}).items():
            target = _reference(entry.object_type, key)
            if target is not None:
                for value in values if isinstance(values, list) else [values]:
                    for part in _parts(value):
                        self.want(target, part)

    def resolve(self) -> None:
        for object_type, wanted in self.wanted.items():
            values = {value for value in wanted if (object_type, value) not in self.found}
            model = model_of(object_type)
            if model is None or not values:
                continue
            # Services name another record by its id, or, for a request's service and centre, by its code.
            by_code = _has_field(model, "code")
            ids = [int(value) for value in values if value.isdigit() and len(value) < 19]
            condition = Q(pk__in=ids) | (Q(code__in=sorted(values)) if by_code else Q(pk__in=[]))
            rows = model._base_manager.filter(condition)
            kind = KINDS.get(object_type)
            if kind is not None and kind.related:
                rows = rows.select_related(*kind.related)
            if kind is not None and kind.columns:
                rows = rows.only(*kind.columns, *(("code",) if by_code else ()))
            for obj in rows:
                label = label_of(obj)
                if by_code:
                    self.found.setdefault((object_type, str(obj.code)), label)  # type: ignore[attr-defined]
                self.found[(object_type, str(obj.pk))] = label

    def get(self, object_type: str, value: Any) -> str | None:
        return self.found.get((object_type, "" if value is None else str(value)))


@functools.lru_cache(maxsize=4096)
def _reference(object_type: str, key: str) -> str | None:
    """The record type of the record a key of `changes` names, if it names one (kept: the models do not change
    while the process runs, and a page of creations asks it for every field of every entry)."""
    kind = KINDS.get(object_type)
    if kind is not None and key in kind.references:
        return kind.references[key]
    model_field = _field(model_of(object_type), key)
    related = getattr(model_field, "related_model", None) if model_field is not None else None
    if not getattr(model_field, "many_to_one", False) or not isinstance(related, type):
        return None
    return related._meta.label_lower  # type: ignore[attr-defined]


def _has_field(model: type[models.Model], name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def _field(model: type[models.Model] | None, key: str) -> Any:
    if model is None:
        return None
    try:
        model_field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return model_field if model_field.concrete else None  # a reverse relation ("attachments") is not a field


def _parts(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(part) for part in value]
    return [part.strip() for part in str(value).split(",") if part.strip()]


def _lines(entry: Entry, names: _Names) -> list[Sentence]:
    of = _of(entry, names)
    action = entry.action
    Action = AuditEntry.Action
    changes = entry.changes or {}
    if action == Action.LOGIN:
        return [Sentence(_("Sign-in of %(name)s"), {"name": actor_label(entry)})]
    if action == Action.LOGIN_FAILED:
        return [Sentence(_("Failed sign-in with the username %(name)s"), {"name": entry.object_id or EMPTY})]
    if action == Action.SEARCH:
        kinds = l10n.join_list(_field_name(entry, key) for key in changes) or EMPTY
        if entry.object_id:
            return [
                Sentence(
                    _("Search of the registry by %(kinds)s, which found %(name)s"),
                    {"kinds": kinds, "name": _name(entry, names)},
                )
            ]
        return [Sentence(_("Search of the registry by %(kinds)s, which found no one"), {"kinds": kinds})]
    if entry.object_type == BACKUP:
        return [_backup_line(entry)]
    if action == Action.EXPORT:
        return _export_lines(entry)
    if action == Action.UPDATE and changes:
        return [_change_line(entry, key, values, of, names) for key, values in changes.items()]
    headline = HEADLINES.get(action)
    if headline is not None:
        lines = [Sentence(str(headline), {"of": of})]
    else:  # the action's own name (a page writes few of these: Django's display of a choice costs 0.2 ms)
        lines = [Sentence(_("%(action)s %(of)s"), {"of": of, "action": capfirst(entry.get_action_display())})]
    for key, values in changes.items():
        after = values[-1] if isinstance(values, list) and values else values
        lines.append(
            Sentence(
                _("%(field)s: %(value)s"),
                {"field": _field_title(entry, key), "value": _value(entry, key, after, names)},
            )
        )
    return lines


def _change_line(entry: Entry, key: str, values: Any, of: Sentence, names: _Names) -> Sentence:
    before, after = [*values, None, None][:2] if isinstance(values, list) else (None, values)
    field_name = _field_title(entry, key)
    if before in (None, ""):
        return Sentence(
            _("%(field)s %(of)s: %(after)s"), {"field": field_name, "of": of, "after": _value(entry, key, after, names)}
        )
    return Sentence(
        _("%(field)s %(of)s: %(before)s → %(after)s"),
        {
            "field": field_name,
            "of": of,
            "before": _value(entry, key, before, names),
            "after": _value(entry, key, after, names),
        },
    )


def _backup_line(entry: Entry) -> Sentence:
    """A backup made (an export of everything) or restored, by its archive, what it held, and the system account."""
    changes = entry.changes or {}
    values: dict[str, str | Sentence] = {
        "name": _last(changes.get("archive")),
        "rows": l10n.format_number(_count(changes.get("rows"))),
        "files": l10n.format_number(_count(changes.get("files"))),
        "account": _last(changes.get("account")),
    }
    if entry.action == AuditEntry.Action.RESTORE:
        pattern = _(
            "Restore of the backup %(name)s (rows: %(rows)s, files: %(files)s) by the system account %(account)s"
        )
    else:
        pattern = _(
            "Backup %(name)s of the whole register (rows: %(rows)s, files: %(files)s) by the system account %(account)s"
        )
    return Sentence(pattern, values)


def _last(values: Any) -> str:
    """A value of `changes` as services write it ([before, after]): the after, as text."""
    return str(values[-1]) if isinstance(values, list) and values and values[-1] not in (None, "") else EMPTY


def _count(values: Any) -> int:
    text = _last(values)
    return int(text) if text.isdigit() else 0


def _export_lines(entry: Entry) -> list[Sentence]:
    changes = dict(entry.changes or {})
    rows = changes.pop("rows", [None, "0"])
    count = int(rows[-1]) if str(rows[-1]).isdigit() else 0
    if entry.object_type == INSIGHTS_EXPORT:
        return _table_export_lines(entry, changes, count)
    lines = [
        Sentence(
            ngettext("Export of %(count)s audit entry", "Export of %(count)s audit entries", count),
            {"count": str(count)},
        )
    ]
    for key, values in changes.items():
        value = str(values[-1])
        if key == "action":
            value = str(dict(AuditEntry.Action.choices).get(value, value))
        elif key == "object_type":
            value = noun_of(value)
        lines.append(
            Sentence(_("Filter — %(field)s: %(value)s"), {"field": capfirst(filter_label(key)), "value": value})
        )
    return lines


def _table_export_lines(entry: Entry, changes: dict, count: int) -> list[Sentence]:
    """A dashboard's table downloaded: which, in which format, how many rows, and the filters as the file wrote
    them (their labels in the language of the one who exported)."""
    table, fmt = changes.pop("table", [None, entry.object_id]), changes.pop("format", [None, ""])
    lines = [
        Sentence(
            ngettext(
                "Export of the table “%(name)s” (%(format)s, %(count)s row)",
                "Export of the table “%(name)s” (%(format)s, %(count)s rows)",
                count,
            ),
            {"name": str(table[-1]), "format": str(fmt[-1]).upper(), "count": str(count)},
        )
    ]
    for key, values in changes.items():
        lines.append(Sentence(_("Filter — %(field)s: %(value)s"), {"field": key, "value": str(values[-1])}))
    return lines


def filter_label(key: str) -> str:
    """The name of a filter of the log, as the filter form calls it (the selector's `person_social_id` is the
    form's `person`)."""
    form_field = AuditFilterForm.base_fields.get("person" if key == "person_social_id" else key)
    return str(form_field.label) if form_field is not None and form_field.label else key


def _of(entry: Entry, names: _Names) -> Sentence:
    kind = KINDS.get(entry.object_type)
    name = _name(entry, names)
    if kind is not None:
        return Sentence(str(kind.of), {"name": name})
    if not entry.object_type:
        return Sentence(_("of the audit log"))
    return Sentence(str(GENERIC_OF), {"type": noun_of(entry.object_type), "name": name})


def _name(entry: Entry, names: _Names) -> str:
    found = names.get(entry.object_type, entry.object_id)
    if found:
        return found
    if entry.person is not None:
        return entry.person.full_name  # a record removed since (a child taken off a draft): who it was about
    return f"#{entry.object_id}" if entry.object_id else EMPTY


@functools.lru_cache(maxsize=4096)
def _model_field(object_type: str, key: str) -> Any:
    """The model field a key of `changes` names, if any (kept: the models do not change while the process runs)."""
    return _field(model_of(object_type), key)


def _named_by_hand(model_field: Any) -> bool:
    """Whether the field was given a (translated) name, rather than the one Django derives from its attribute."""
    return bool(model_field.verbose_name) and model_field.verbose_name != model_field.name.replace("_", " ")


def _field_name(entry: Entry, key: str) -> str:
    """The field's name in the reader's language: kept for each record type, field and language (a page of
    creations names about 500 fields, each asked of the model's lazy, translated names)."""
    return _field_name_in(entry.object_type, key, translation.get_language())


def _field_title(entry: Entry, key: str) -> str:
    """_field_name with a capital, kept alike."""
    return _field_title_in(entry.object_type, key, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _field_title_in(object_type: str, key: str, language: str | None) -> str:
    return capfirst(_field_name_in(object_type, key, language))


@functools.lru_cache(maxsize=4096)
def _field_name_in(object_type: str, key: str, language: str | None) -> str:
    model_field = _model_field(object_type, key)
    if model_field is not None and _named_by_hand(model_field):
        return str(model_field.verbose_name)
    if model_field is not None and model_field.related_model is not None:
        # A link named only by its attribute ("person", "course") reads as the model it leads to, translated.
        return str(model_field.related_model._meta.verbose_name)
    if key in PSEUDO_FIELDS:
        return str(PSEUDO_FIELDS[key])
    return key.replace("_", " ")


def _value(entry: Entry, key: str, value: Any, names: _Names) -> str:
    if value in (None, "", []):
        return EMPTY
    if value == HIDDEN:
        return HIDDEN
    target = _reference(entry.object_type, key)
    if target is not None:
        shown = [names.get(target, part) or part for part in _parts(value)]
        return l10n.join_list(shown) or EMPTY
    model_field = _model_field(entry.object_type, key)
    text = str(value)
    if model_field is not None and model_field.choices:
        return str({str(k): v for k, v in model_field.flatchoices}.get(text, text))
    if isinstance(model_field, models.BooleanField):
        return {"True": _("yes"), "False": _("no")}.get(text, text)
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(text)
        return l10n.format_datetime(moment) if moment else text
    if isinstance(model_field, models.DateField):
        day = parse_date(text)
        return l10n.format_date(day) if day else text
    kind = KINDS.get(entry.object_type)
    if kind is not None and key in kind.values:
        return kind.values[key](text)
    return text
