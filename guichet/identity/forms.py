"""The data steward's forms: compare two files by social ID, decide on a pair, merge it value by value."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from guichet.common.checkdigit import format_social_id, parse_social_id
from guichet.common.forms import VersionField
from guichet.common.l10n import isolate_ltr_if_bidi

from .models import PairDecision
from .selectors import SIDES, PairReview

FILES = ("first", "second")


class CompareForm(forms.Form):
    """Two social IDs typed by the steward, to see the two files side by side even if the model never paired them."""

    first = forms.CharField(label=_("Social ID of the first file"), max_length=20)
    second = forms.CharField(label=_("Social ID of the second file"), max_length=20)

    def _social_id(self, name: str) -> str:
        social_id = parse_social_id(self.cleaned_data[name])
        if social_id is None:
            raise forms.ValidationError(_("This is not a social ID: it has 9 digits, the last one a check digit."))
        return social_id

    def clean_first(self) -> str:
        return self._social_id("first")

    def clean_second(self) -> str:
        return self._social_id("second")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first") and data.get("first") == data.get("second"):
            raise forms.ValidationError(_("Type two different social IDs."))
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=PairDecision.Decision.choices)


class MergeForm(forms.Form):
    """Which file survives, and for each field where the two files differ, which file's value is kept; the versions
    the page was opened at, so that a file changed meanwhile is not merged on what the steward did not see."""

    survivor = forms.ChoiceField(label=_("File that remains"), widget=forms.RadioSelect)
    version_first = VersionField(required=True)
    version_second = VersionField(required=True)

    def __init__(self, *args: Any, review: PairReview, **kwargs: Any) -> None:
        self.review = review
        first, second = review.first, review.second
        kwargs.setdefault(
            "initial",
            {
                "survivor": "first",
                "version_first": first.version,
                "version_second": second.version,
                **review.defaults,
            },
        )
        super().__init__(*args, **kwargs)
        survivor = self.fields["survivor"]
        assert isinstance(survivor, forms.ChoiceField)
        survivor.choices = [
            ("first", _file_choice(first, older=True)),
            ("second", _file_choice(second, older=False)),
        ]
        for row in review.differing:
            self.fields[row.name] = forms.ChoiceField(
                label=row.label,
                widget=forms.RadioSelect,
                choices=[("first", row.first or gettext("(empty)")), ("second", row.second or gettext("(empty)"))],
            )

    @property
    def value_fields(self) -> list[forms.BoundField]:
        return [self[row.name] for row in self.review.differing]

    def sides(self) -> tuple[str, str]:
        survivor = self.cleaned_data["survivor"]
        return survivor, FILES[1 - FILES.index(survivor)]

    def choices(self) -> dict[str, str]:
        """Each differing field's side as person_merge names it: "survivor" or "absorbed"."""
        survivor, _absorbed = self.sides()
        return {row.name: SIDES[0 if self.cleaned_data[row.name] == survivor else 1] for row in self.review.differing}

    def kept(self) -> list[tuple[str, str]]:
        """(field, value kept) for the confirmation step."""
        return [
            (row.label, (row.first if self.cleaned_data[row.name] == "first" else row.second) or "—")
            for row in self.review.differing
        ]


def _file_choice(person: Any, *, older: bool) -> str:
    social_id = isolate_ltr_if_bidi(format_social_id(person.social_id))
    if older:
        return gettext("The file %(social_id)s (registered first)") % {"social_id": social_id}
    return gettext("The file %(social_id)s") % {"social_id": social_id}
