"""Form-field helpers: a value from a request is always parsed by a form field, never by int() in a view."""

from typing import Any, TypeVar

from django import forms
from django.db.models import Model

M = TypeVar("M", bound=Model)


def clean_value(field: forms.Field, value: Any, *, default: Any = None) -> Any:
    """`value` (e.g. from request.GET) cleaned by `field`, or `default` when it is missing or does not pass."""
    if isinstance(value, list | tuple):  # a repeated parameter: the last one, as QueryDict.get does
        value = value[-1] if value else None
    try:
        cleaned = field.clean(value)
    except forms.ValidationError:
        return default
    return default if cleaned in field.empty_values else cleaned


class VersionField(forms.IntegerField):
    """The version a page was opened at (stale-edit check): a hidden, non-negative whole number."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**31 - 1)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


def clean_ids(values: list[str]) -> list[int]:
    """Row ids from submitted values (e.g. checked boxes); a value that is not an id is dropped, not a crash."""
    field = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    return [value for value in (clean_value(field, raw) for raw in values) if value is not None]


def query_text(data, name: str, *, max_length: int = 100) -> str:
    """A short free text of the request (a search word): stripped, cut at `max_length`, "" when absent or refused
    (a NUL character, which PostgreSQL cannot hold)."""
    return clean_value(forms.CharField(required=False), data.get(name), default="")[:max_length]


def query_choice(data, name: str, choices) -> str:
    """One of `choices` (values, or (value, label) pairs) from the request; "" when absent or not among them."""
    values = [choice[0] if isinstance(choice, list | tuple) else choice for choice in choices]
    field = forms.ChoiceField(choices=[(value, value) for value in values], required=False)
    return clean_value(field, data.get(name), default="")


def form_add_service_error(form: forms.BaseForm, error: forms.ValidationError) -> None:
    """Put a service's refusal on the form: at the field it names when the form has it, else above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices of a model field read as one list. Django's iterator() opens a server-side cursor, on
    PostgreSQL a DECLARE … WITH HOLD outside a transaction, which costs more than the few rows of a choice list;
    the list is also kept, so a form shown again does not read it twice. A field given the rows it `shown`
    (read already, e.g. by SQL kept per centre) shows them without its queryset, which still checks a choice."""

    def _rows(self):
        shown = getattr(self.field, "shown", None)
        return shown if shown is not None else self.queryset

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self._rows():
            yield self.choice(obj)

    def __len__(self) -> int:
        return len(self._rows()) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self._rows())


class ModelChoiceField(forms.ModelChoiceField[M]):
    iterator = ListedChoiceIterator
    shown: list[M] | None = None  # the rows to show as choices when already read (the queryset checks a choice)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField[M]):
    iterator = ListedChoiceIterator
    shown: list[M] | None = None
