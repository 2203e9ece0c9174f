"""The commune field of every form: the communes grouped by province, sorted in the language shown, searchable.

Without JavaScript the list is grouped by province (<optgroup>) and the browser's own type-ahead finds a commune by
its first letters; with JavaScript (static/js/list-filter.js) a search box above the list narrows it as one types.
"""

import unicodedata
from collections import Counter
from collections.abc import Iterator
from itertools import groupby
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Commune, Province


def sort_key(text: str) -> str:
    """A key that sorts names as a reader of their language expects: accents, vowel marks and hamza seats set
    aside (É with E, أ and إ with ا), case ignored."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold().strip()


def communes_grouped(communes) -> list[tuple[Any, list[Commune]]]:
    """`communes` (with their provinces) as (province, communes) pairs, both sorted by their name in the active
    language."""
    by_province = sorted(communes, key=lambda c: (sort_key(c.province.name), c.province_id, sort_key(c.name), c.code))
    return [(province, list(group)) for province, group in groupby(by_province, key=lambda c: c.province)]


class CommuneChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices as one <optgroup> per province; a name found in two provinces of the list says its province."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups = communes_grouped(self.queryset)
        counts = Counter(commune.name for _province, communes in groups for commune in communes)
        twice = {name for name, count in counts.items() if count > 1}
        for province, communes in groups:
            yield (
                province.name,
                [
                    (
                        forms.models.ModelChoiceIteratorValue(self.field.prepare_value(commune), commune),
                        f"{commune.name} — {province.name}" if commune.name in twice else commune.name,
                    )
                    for commune in communes
                ],
            )


COMMUNE_SELECT = "territory/widgets/commune_select.html"


def _with_search_box(context: dict) -> dict:
    context["widget"]["filter_label"] = _("Type part of a commune or province name to narrow the list")
    context["widget"]["filter_status"] = _("Communes shown: %(count)s")
    return context


class CommuneSelect(forms.Select):
    template_name = COMMUNE_SELECT

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        return _with_search_box(super().get_context(name, value, attrs))


class CommuneSelectMultiple(forms.SelectMultiple):
    template_name = COMMUNE_SELECT

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        return _with_search_box(super().get_context(name, value, attrs))


def _communes(queryset):
    return (Commune.objects.all() if queryset is None else queryset).select_related("province")


class CommuneChoiceField(forms.ModelChoiceField):
    """One commune. `queryset` narrows the communes offered (a coordinator's territory); all by default."""

    iterator = CommuneChoiceIterator
    widget = CommuneSelect

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("label", _("commune"))
        super().__init__(queryset=_communes(queryset), **kwargs)

    def label_from_instance(self, obj: Commune) -> str:
        return f"{obj.name} — {obj.province.name}"


class CommuneMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several communes, offered like CommuneChoiceField's."""

    iterator = CommuneChoiceIterator
    widget = CommuneSelectMultiple

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("label", _("communes"))
        super().__init__(queryset=_communes(queryset), **kwargs)

    def label_from_instance(self, obj: Commune) -> str:
        return f"{obj.name} — {obj.province.name}"


class ProvinceChoiceIterator(forms.models.ModelChoiceIterator):
    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for province in sorted(self.queryset, key=lambda p: (sort_key(p.name), p.code)):
            yield self.choice(province)


class ProvinceChoiceField(forms.ModelChoiceField):
    """One province or prefecture, the list sorted by the name in the language shown."""

    iterator = ProvinceChoiceIterator

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("label", _("province"))
        super().__init__(queryset=Province.objects.all() if queryset is None else queryset, **kwargs)

    def label_from_instance(self, obj: Province) -> str:
        return obj.name
