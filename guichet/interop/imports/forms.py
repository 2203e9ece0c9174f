"""The forms of the import pages: the file to send, and the decisions on the flagged rows."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImportDuplicate


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("file to import"),
        help_text=_("CSV (UTF-8) or XLSX, its first line naming the columns below."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


def decisions_posted(data, duplicates: list[ImportDuplicate]) -> dict[int, str]:
    """{line: decision} of the radio buttons posted for the flagged rows shown (`decision-<line>`); a value that
    is no decision is left for the service to refuse."""
    decisions = {}
    for duplicate in duplicates:
        value = data.get(f"decision-{duplicate.line}")
        if isinstance(value, str) and value:
            decisions[duplicate.line] = value
    return decisions
